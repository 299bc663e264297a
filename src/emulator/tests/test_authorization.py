"""IAM enforced on every API call (authorization.py, permissions.py), on the wire with boto3: a key that belongs to no
identity is the root user and is never limited; an IAM user's key and an assumed role's session are authorized as
IAM's evaluation logic does (an explicit Deny wins, then an Allow, else the implicit deny; a role's permissions
boundary); tag-on-create and iam:PassRole are authorized too, with ELB's caller-side EC2 reads; each service refuses
in its own shape and words; an operation the table does not know is refused as NotEmulated; and every operation
ecslab's Java gateways call has a row in the table."""

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ROOT, seen_group, unique, wait_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the table itself, for the coverage test
from ecslab_emulator.permissions import OPERATIONS  # noqa: E402

ACCOUNT = "123456789012"
EXAMPLE_POLICY: dict[str, Any] = json.loads((ROOT / "examples" / "ecslab-iam-policy.json").read_text())
LAB_TAG_ECS = [{"key": "ecslab:lab", "value": "x"}]
# "Elastic Load Balancing API permissions": the EC2 reads CreateLoadBalancer makes with the caller's permissions
ELB_READS = ["ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeInternetGateways",
             "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"]
# no retries: a refusal or a NotEmulated (HTTP 500) is seen once, at once
ONCE = Config(retries={"total_max_attempts": 1})


# ---- policies

def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions: str | list[str], resources: str | list[str] = "*", condition: dict[str, Any] | None = None,
          effect: str = "Allow") -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": effect, "Action": actions, "Resource": resources}
    if condition:
        statement["Condition"] = condition
    return statement


def deny(actions: str | list[str], resources: str | list[str] = "*") -> dict[str, Any]:
    return allow(actions, resources, effect="Deny")


def example_without(*actions: str) -> dict[str, Any]:
    """The example policy with the actions taken out of every statement (a statement left with none is dropped)."""
    policy = copy.deepcopy(EXAMPLE_POLICY)
    kept = []
    for statement in policy["Statement"]:
        listed = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        statement["Action"] = [a for a in listed if a not in actions]
        if statement["Action"]:
            kept.append(statement)
    policy["Statement"] = kept
    return policy


# ---- identities

class Identity:
    def __init__(self, name: str, arn: str, client: Callable[[str], Any]):
        self.name, self.arn, self.client = name, arn, client


def session_clients(endpoint: str, key: str, secret: str, token: str | None = None) -> Callable[[str], Any]:
    session = boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                                    region_name="us-east-1")
    return lambda service: session.client(service, endpoint_url=endpoint, config=ONCE)


@pytest.fixture(scope="module")
def iam(aws: Callable[[str], Any]) -> Any:
    return aws("iam")


@pytest.fixture(scope="module")
def make_user(endpoint: str, iam: Any) -> Callable[..., Identity]:
    def make(managed: dict[str, Any] | str | None = None, inline: str | None = None) -> Identity:
        """An IAM user with an access key; managed: a policy document attached as a customer managed policy."""
        name = unique("user")
        arn = iam.create_user(UserName=name)["User"]["Arn"]
        if managed is not None:
            text = managed if isinstance(managed, str) else json.dumps(managed)
            policy = iam.create_policy(PolicyName=unique("policy"), PolicyDocument=text)["Policy"]["Arn"]
            iam.attach_user_policy(UserName=name, PolicyArn=policy)
        if inline is not None:
            iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=inline)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return Identity(name, arn, session_clients(endpoint, key["AccessKeyId"], key["SecretAccessKey"]))
    return make


@pytest.fixture(scope="module")
def lab_user(make_user: Callable[..., Identity]) -> Identity:
    """A user with the example policy, attached as a managed policy."""
    return make_user(managed=EXAMPLE_POLICY)


def assume(endpoint: str, aws: Callable[[str], Any], role_arn: str, session_name: str) -> Callable[[str], Any]:
    credentials = aws("sts").assume_role(RoleArn=role_arn, RoleSessionName=session_name)["Credentials"]
    return session_clients(endpoint, credentials["AccessKeyId"], credentials["SecretAccessKey"],
                           credentials["SessionToken"])


TRUST_ACCOUNT = document({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                          "Action": "sts:AssumeRole"})
TRUST_EC2 = document({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})


# ---- outcomes

def created_once_ecs_can_assume_its_role(create: Callable[[], Any]) -> Any:
    """A create that may come right after ECS's service-linked role was made (by the holder's first CreateCluster on
    a fresh account): ECS refuses it until it can assume the role (docs/emulator.md, consistency windows)."""
    def attempt() -> Any:
        try:
            return create()
        except ClientError as refused_for_now:
            if "Unable to assume the service linked role" not in str(refused_for_now):
                raise
            return None
    return wait_for(attempt, seconds=10, what="ECS able to assume its service-linked role")


def refused(call: Callable[[], Any]) -> tuple[str, int, str]:
    """The refusal's code, HTTP status and message; fails when the call succeeds."""
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def not_authorized(caller: str, action: str, resource: str) -> str:
    return f"User: {caller} is not authorized to perform: {action} on resource: {resource}"


# ---- what the root user made, for the users to be refused on

@pytest.fixture(scope="module")
def network(aws: Callable[[str], Any]) -> tuple[str, list[str], str]:
    """The default VPC, two default subnets in different zones, and a security group the root user made."""
    ec2 = aws("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                            {"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    by_zone: dict[str, str] = {}
    for subnet in subnets:
        by_zone.setdefault(subnet["AvailabilityZone"], subnet["SubnetId"])
    group = seen_group(ec2, ec2.create_security_group(GroupName=unique("ecslab-sg"), Description="alb",
                                                      VpcId=vpc)["GroupId"])
    return vpc, [by_zone[zone] for zone in sorted(by_zone)][:2], group


@pytest.fixture(scope="module")
def root_instances(aws: Callable[[str], Any], network: tuple[str, list[str], str]) -> list[str]:
    """Two running instances the root user launched, untagged."""
    ec2 = aws("ec2")
    ami = aws("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")["Parameter"]["Value"]
    instances = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                  SubnetId=network[1][0])["Instances"]
    ids = [i["InstanceId"] for i in instances]
    ec2.get_waiter("instance_running").wait(InstanceIds=ids, WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    return ids


def instance_state_and_tags(aws: Callable[[str], Any], instance_id: str) -> tuple[str, dict[str, str]]:
    found = aws("ec2").describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    return found["State"]["Name"], {t["Key"]: t["Value"] for t in found.get("Tags", [])}


# ---- 1. the root user

def test_a_key_of_no_identity_is_the_root_user_and_is_not_limited(aws: Callable[[str], Any],
                                                                   lab_user: Identity) -> None:
    # the same call the example policy refuses its user (no lab name, no lab tag) the root user may make
    assert refused(lambda: lab_user.client("ecs").create_cluster(clusterName="other"))[0] == "AccessDeniedException"
    created = aws("ecs").create_cluster(clusterName="other")["cluster"]
    assert created["clusterArn"] == f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/other"
    assert aws("ecs").describe_clusters(clusters=["other"])["clusters"][0]["status"] == "ACTIVE"
    assert aws("iam").list_users()["Users"]  # and IAM, which the user may not read


# ---- 2. an IAM user

def test_get_caller_identity_answers_the_user_and_is_never_denied(lab_user: Identity,
                                                                  make_user: Callable[..., Identity]) -> None:
    assert lab_user.client("sts").get_caller_identity()["Arn"] == lab_user.arn
    nobody = make_user()  # no policy at all
    assert nobody.arn == f"arn:aws:iam::{ACCOUNT}:user/{nobody.name}"
    identity = nobody.client("sts").get_caller_identity()
    assert (identity["Arn"], identity["Account"]) == (nobody.arn, ACCOUNT)
    # while everything else is refused that user
    assert refused(lambda: nobody.client("ecs").list_clusters())[0] == "AccessDeniedException"


def test_create_cluster_without_the_lab_tag_is_refused_in_ecs_s_shape_and_with_it_is_created(
        aws: Callable[[str], Any], lab_user: Identity) -> None:
    ecs = lab_user.client("ecs")
    code, status, message = refused(lambda: ecs.create_cluster(clusterName="ecslab-x"))
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/{lab_user.name} is not authorized to perform: "
                       f"ecs:CreateCluster on resource: arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/ecslab-x because no "
                       f"identity-based policy allows the ecs:CreateCluster action")
    assert aws("ecs").describe_clusters(clusters=["ecslab-x"])["clusters"] == []

    created_once_ecs_can_assume_its_role(lambda: ecs.create_cluster(clusterName="ecslab-x", tags=LAB_TAG_ECS))
    cluster = aws("ecs").describe_clusters(clusters=["ecslab-x"], include=["TAGS"])["clusters"][0]
    assert cluster["status"] == "ACTIVE"
    assert {"key": "ecslab:lab", "value": "x"} in cluster["tags"]


def test_terminating_an_instance_the_policy_does_not_cover_is_refused_in_ec2_s_shape(
        aws: Callable[[str], Any], lab_user: Identity, root_instances: list[str]) -> None:
    instance = root_instances[0]
    code, status, message = refused(lambda: lab_user.client("ec2").terminate_instances(InstanceIds=[instance]))
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert message.startswith("You are not authorized to perform this operation. " + not_authorized(
        lab_user.arn, "ec2:TerminateInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{instance}"))
    assert "Encoded authorization failure message:" in message
    assert instance_state_and_tags(aws, instance)[0] == "running"


def test_elb_iam_and_logs_refuse_in_their_own_shapes(aws: Callable[[str], Any], lab_user: Identity,
                                                     network: tuple[str, list[str], str]) -> None:
    code, status, message = refused(lambda: lab_user.client("elbv2").create_target_group(
        Name="other", Protocol="HTTP", Port=80, VpcId=network[0], TargetType="instance"))
    assert (code, status) == ("AccessDenied", 403)
    assert message.startswith(not_authorized(lab_user.arn, "elasticloadbalancing:CreateTargetGroup",
                                             f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/other/"))
    assert not any(g["TargetGroupName"] == "other" for g in aws("elbv2").describe_target_groups()["TargetGroups"])

    code, status, message = refused(lambda: lab_user.client("iam").list_users())
    assert (code, status) == ("AccessDenied", 403)
    assert message == (not_authorized(lab_user.arn, "iam:ListUsers", "*")
                       + " because no identity-based policy allows the iam:ListUsers action")

    code, status, message = refused(lambda: lab_user.client("logs").create_log_group(logGroupName="/ecs/other"))
    assert (code, status) == ("AccessDeniedException", 400)
    assert message.startswith(not_authorized(lab_user.arn, "logs:CreateLogGroup",
                                             f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/other"))
    assert aws("logs").describe_log_groups(logGroupNamePrefix="/ecs/other")["logGroups"] == []


def test_an_explicit_deny_wins_over_the_allow(iam: Any, make_user: Callable[..., Identity]) -> None:
    user = make_user(managed=EXAMPLE_POLICY)
    assert "clusterArns" in user.client("ecs").list_clusters()  # the example policy allows it
    iam.put_user_policy(UserName=user.name, PolicyName="no-listing", PolicyDocument=document(deny("ecs:ListClusters")))
    code, status, message = refused(lambda: user.client("ecs").list_clusters())
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (not_authorized(user.arn, "ecs:ListClusters", "*")
                       + " with an explicit deny in an identity-based policy")


def test_tags_given_on_create_are_authorized_as_ecs_tag_resource_with_its_create_action(
        aws: Callable[[str], Any], iam: Any, make_user: Callable[..., Identity]) -> None:
    creator = allow("ecs:CreateCluster", "arn:aws:ecs:*:*:cluster/ecslab-*")
    user = make_user(inline=document(creator))
    ecs = user.client("ecs")
    untagged = unique("ecslab-untagged")
    ecs.create_cluster(clusterName=untagged)  # without tags, ecs:CreateCluster is all it takes
    assert aws("ecs").describe_clusters(clusters=[untagged])["clusters"][0]["status"] == "ACTIVE"

    code, status, message = refused(lambda: ecs.create_cluster(clusterName="ecslab-y", tags=LAB_TAG_ECS))
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (not_authorized(user.arn, "ecs:TagResource", f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/ecslab-y")
                       + " because no identity-based policy allows the ecs:TagResource action")
    assert aws("ecs").describe_clusters(clusters=["ecslab-y"])["clusters"] == []

    iam.put_user_policy(UserName=user.name, PolicyName="inline", PolicyDocument=document(creator, allow(
        "ecs:TagResource", "arn:aws:ecs:*:*:cluster/ecslab-*",
        {"StringEquals": {"ecs:CreateAction": "CreateCluster"}})))
    ecs.create_cluster(clusterName="ecslab-y", tags=LAB_TAG_ECS)
    cluster = aws("ecs").describe_clusters(clusters=["ecslab-y"], include=["TAGS"])["clusters"][0]
    assert cluster["status"] == "ACTIVE" and {"key": "ecslab:lab", "value": "x"} in cluster["tags"]


# ---- what the example policy must refuse: another's resources, tagged afterwards or not

def test_tagging_another_s_instance_for_the_lab_then_terminating_it_are_both_refused(
        aws: Callable[[str], Any], lab_user: Identity, root_instances: list[str]) -> None:
    instance = root_instances[1]
    ec2 = lab_user.client("ec2")
    code, status, message = refused(lambda: ec2.create_tags(Resources=[instance],
                                                            Tags=[{"Key": "ecslab:lab", "Value": "z"}]))
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert not_authorized(lab_user.arn, "ec2:CreateTags",
                          f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{instance}") in message
    assert refused(lambda: ec2.terminate_instances(InstanceIds=[instance]))[0] == "UnauthorizedOperation"
    assert instance_state_and_tags(aws, instance) == ("running", {})


def test_the_example_policy_s_denys_refuse_an_untagged_instance_and_security_group(
        aws: Callable[[str], Any], lab_user: Identity, network: tuple[str, list[str], str]) -> None:
    vpc, subnets, _ = network
    ec2 = lab_user.client("ec2")
    ami = aws("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")["Parameter"]["Value"]
    before = len(aws("ec2").describe_instances()["Reservations"])
    code, _, message = refused(lambda: ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1,
                                                         MaxCount=1, SubnetId=subnets[0]))
    assert code == "UnauthorizedOperation"
    assert "is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:" \
           "instance/* with an explicit deny in an identity-based policy" in message
    assert len(aws("ec2").describe_instances()["Reservations"]) == before
    name = unique("ecslab-untagged")
    code, _, message = refused(lambda: ec2.create_security_group(GroupName=name, Description="x", VpcId=vpc))
    assert code == "UnauthorizedOperation" and "ec2:CreateSecurityGroup" in message and "explicit deny" in message
    assert aws("ec2").describe_security_groups(Filters=[{"Name": "group-name", "Values": [name]}])[
        "SecurityGroups"] == []


def test_tagging_another_s_cluster_for_the_lab_is_refused(aws: Callable[[str], Any], lab_user: Identity) -> None:
    arn = aws("ecs").create_cluster(clusterName=unique("ecslab-root"))["cluster"]["clusterArn"]
    code, _, message = refused(lambda: lab_user.client("ecs").tag_resource(resourceArn=arn, tags=LAB_TAG_ECS))
    assert code == "AccessDeniedException"
    assert message.startswith(not_authorized(lab_user.arn, "ecs:TagResource", arn))
    assert aws("ecs").list_tags_for_resource(resourceArn=arn).get("tags", []) == []


def test_tagging_another_s_load_balancer_for_the_lab_is_refused(aws: Callable[[str], Any], lab_user: Identity,
                                                                network: tuple[str, list[str], str]) -> None:
    _, subnets, group = network
    arn = aws("elbv2").create_load_balancer(Name=unique("ecslab-foo"), Subnets=subnets, SecurityGroups=[group],
                                            Scheme="internet-facing", Type="application"
                                            )["LoadBalancers"][0]["LoadBalancerArn"]
    code, status, message = refused(lambda: lab_user.client("elbv2").add_tags(
        ResourceArns=[arn], Tags=[{"Key": "ecslab:lab", "Value": "z"}]))
    assert (code, status) == ("AccessDenied", 403)
    assert message.startswith(not_authorized(lab_user.arn, "elasticloadbalancing:AddTags", arn))
    tags = aws("elbv2").describe_tags(ResourceArns=[arn])["TagDescriptions"][0]["Tags"]
    assert not any(t["Key"] == "ecslab:lab" for t in tags)


def test_adding_a_role_outside_the_lab_s_path_to_the_lab_s_profile_is_refused_as_pass_role(
        aws: Callable[[str], Any], iam: Any, lab_user: Identity) -> None:
    profile = unique("ecslab-p")
    # the lab's profile (tagged for it), so that only the role passed can be what is refused
    iam.create_instance_profile(InstanceProfileName=profile, Path="/ecslab/",
                                Tags=[{"Key": "ecslab:lab", "Value": "p"}])
    other = iam.create_role(RoleName=unique("other-role"), AssumeRolePolicyDocument=TRUST_EC2)["Role"]
    code, status, message = refused(lambda: lab_user.client("iam").add_role_to_instance_profile(
        InstanceProfileName=profile, RoleName=other["RoleName"]))
    assert (code, status) == ("AccessDenied", 403)
    assert message.startswith(not_authorized(lab_user.arn, "iam:PassRole", other["Arn"]))
    assert iam.get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]["Roles"] == []

    # the lab's own role, under /ecslab/, the policy lets it pass to EC2
    own = iam.create_role(RoleName=unique("ecslab-r"), Path="/ecslab/", AssumeRolePolicyDocument=TRUST_EC2)["Role"]
    lab_user.client("iam").add_role_to_instance_profile(InstanceProfileName=profile, RoleName=own["RoleName"])
    roles = iam.get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]["Roles"]
    assert [r["RoleName"] for r in roles] == [own["RoleName"]]


def test_the_lab_s_role_profile_and_log_group_are_changed_only_while_they_carry_its_tag(
        aws: Callable[[str], Any], iam: Any, lab_user: Identity) -> None:
    role = iam.create_role(RoleName=unique("ecslab-untagged"), Path="/ecslab/",
                           AssumeRolePolicyDocument=TRUST_EC2)["Role"]
    profile = unique("ecslab-untagged")
    iam.create_instance_profile(InstanceProfileName=profile, Path="/ecslab/")
    group = f"/ecs/{unique('ecslab-untagged')}"
    aws("logs").create_log_group(logGroupName=group)
    user_iam, user_logs = lab_user.client("iam"), lab_user.client("logs")

    assert refused(lambda: user_iam.delete_role(RoleName=role["RoleName"]))[2].startswith(
        not_authorized(lab_user.arn, "iam:DeleteRole", role["Arn"]))
    assert refused(lambda: user_iam.attach_role_policy(
        RoleName=role["RoleName"],
        PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"))[0] == "AccessDenied"
    assert refused(lambda: user_iam.delete_instance_profile(InstanceProfileName=profile))[0] == "AccessDenied"
    assert refused(lambda: user_logs.delete_log_group(logGroupName=group))[0] == "AccessDeniedException"
    assert iam.get_role(RoleName=role["RoleName"])["Role"]["Arn"] == role["Arn"]
    assert any(g["logGroupName"] == group for g in aws("logs").describe_log_groups(
        logGroupNamePrefix=group)["logGroups"])

    # the holder's own, tagged as it creates it: changed and deleted
    own = f"/ecs/{unique('ecslab-own')}"
    user_logs.create_log_group(logGroupName=own, tags={"ecslab:lab": "own"})
    user_logs.put_retention_policy(logGroupName=own, retentionInDays=1)
    user_logs.delete_log_group(logGroupName=own)
    assert aws("logs").describe_log_groups(logGroupNamePrefix=own)["logGroups"] == []


def test_run_instances_goes_only_into_the_lab_s_security_groups_with_a_listed_type_and_a_new_interface(
        aws: Callable[[str], Any], lab_user: Identity, network: tuple[str, list[str], str]) -> None:
    vpc, subnets, foreign_group = network  # the root's group, without the lab's tag
    ec2 = lab_user.client("ec2")
    ami = aws("ssm").get_parameter(
        Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")["Parameter"]["Value"]
    tags = [{"ResourceType": kind, "Tags": [{"Key": "ecslab:lab", "Value": "q"}]}
            for kind in ("instance", "volume", "network-interface")]
    lab_group = ec2.create_security_group(
        GroupName=unique("ecslab-q"), Description="lab", VpcId=vpc,
        TagSpecifications=[{"ResourceType": "security-group",
                            "Tags": [{"Key": "ecslab:lab", "Value": "q"}]}])["GroupId"]
    seen_group(aws("ec2"), lab_group)
    before = len(aws("ec2").describe_instances()["Reservations"])

    def run(**kwargs: Any) -> Callable[[], Any]:
        base = dict(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, TagSpecifications=tags)
        return lambda: ec2.run_instances(**{**base, **kwargs})

    message = refused(run(SubnetId=subnets[0], SecurityGroupIds=[foreign_group]))[2]
    assert f"ec2:RunInstances on resource: arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{foreign_group}" in message
    message = refused(run(SubnetId=subnets[0], SecurityGroupIds=[lab_group], InstanceType="p5.48xlarge"))[2]
    assert f"ec2:RunInstances on resource: arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*" in message
    eni = aws("ec2").create_network_interface(SubnetId=subnets[0], Groups=[lab_group])["NetworkInterface"][
        "NetworkInterfaceId"]
    message = refused(run(TagSpecifications=tags[:2], NetworkInterfaces=[
        {"DeviceIndex": 0, "NetworkInterfaceId": eni}]))[2]
    assert f"network-interface/{eni} with an explicit deny" in message
    assert len(aws("ec2").describe_instances()["Reservations"]) == before

    # as the lab launches it: a listed type, the lab's group, a new interface, all tagged
    launched = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, TagSpecifications=tags,
                                 SubnetId=subnets[0], SecurityGroupIds=[lab_group])["Instances"][0]
    assert launched["InstanceType"] == "t3.micro"


def test_the_lab_s_role_is_created_only_with_the_boundary_which_stays(iam: Any, lab_user: Identity) -> None:
    boundary = f"arn:aws:iam::{ACCOUNT}:policy/ecslab/ecslab-instance-role-boundary"
    if not any(p["Arn"] == boundary for p in iam.list_policies(Scope="Local")["Policies"]):
        iam.create_policy(Path="/ecslab/", PolicyName="ecslab-instance-role-boundary",
                          PolicyDocument=(ROOT / "examples" / "ecslab-instance-role-boundary.json").read_text())
    other = iam.create_policy(PolicyName=unique("wide"), PolicyDocument=document(allow("*")))["Policy"]["Arn"]
    user_iam = lab_user.client("iam")
    tags = [{"Key": "ecslab:lab", "Value": "b"}]

    def create(name: str, **boundary_arg: str) -> Any:
        return lambda: user_iam.create_role(RoleName=name, Path="/ecslab/", AssumeRolePolicyDocument=TRUST_ACCOUNT,
                                            Tags=tags, **boundary_arg)

    unbounded = unique("ecslab-nob")
    assert refused(create(unbounded))[2].startswith(not_authorized(
        lab_user.arn, "iam:CreateRole", f"arn:aws:iam::{ACCOUNT}:role/ecslab/{unbounded}"))
    assert refused(create(unique("ecslab-wide"), PermissionsBoundary=other))[0] == "AccessDenied"
    bounded = unique("ecslab-b")
    assert user_iam.get_policy(PolicyArn=boundary)["Policy"]["Arn"] == boundary
    # any trust policy: the boundary, not the trust, is what keeps the role's credentials inside the lab
    create(bounded, PermissionsBoundary=boundary)()
    assert iam.get_role(RoleName=bounded)["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary
    assert refused(lambda: user_iam.delete_role_permissions_boundary(RoleName=bounded))[0] == "AccessDenied"
    assert refused(lambda: user_iam.put_role_permissions_boundary(RoleName=bounded, PermissionsBoundary=other))[
        0] == "AccessDenied"
    ecs_policy = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
    user_iam.attach_role_policy(RoleName=bounded, PolicyArn=ecs_policy)

    # a tagged role some administrator made without the boundary gets no policy from the holder
    loose = unique("ecslab-loose")
    iam.create_role(RoleName=loose, Path="/ecslab/", AssumeRolePolicyDocument=TRUST_EC2, Tags=tags)
    assert refused(lambda: user_iam.attach_role_policy(RoleName=loose, PolicyArn=ecs_policy))[0] == "AccessDenied"
    assert iam.list_attached_role_policies(RoleName=loose)["AttachedPolicies"] == []


def test_another_service_s_linked_role_is_refused(iam: Any, lab_user: Identity) -> None:
    code, status, message = refused(lambda: lab_user.client("iam").create_service_linked_role(
        AWSServiceName="autoscaling.amazonaws.com"))
    assert (code, status) == ("AccessDenied", 403)
    assert message.startswith(not_authorized(lab_user.arn, "iam:CreateServiceLinkedRole", ""))
    assert not any(r["RoleName"].startswith("AWSServiceRoleForAutoScaling")
                   for r in iam.list_roles(PathPrefix="/aws-service-role/")["Roles"])


def test_deleting_another_s_log_group_is_refused(aws: Callable[[str], Any], lab_user: Identity) -> None:
    name = unique("/ecs/somebody-else")
    aws("logs").create_log_group(logGroupName=name)
    code, _, message = refused(lambda: lab_user.client("logs").delete_log_group(logGroupName=name))
    assert code == "AccessDeniedException"
    assert message.startswith(not_authorized(lab_user.arn, "logs:DeleteLogGroup",
                                             f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{name}"))
    assert [g["logGroupName"] for g in aws("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]] == [name]


def test_create_load_balancer_needs_elb_s_caller_side_ec2_reads(
        aws: Callable[[str], Any], iam: Any, make_user: Callable[..., Identity],
        network: tuple[str, list[str], str]) -> None:
    # the example policy with every one of ELB's reads but ec2:DescribeAccountAttributes, whatever it has itself
    policy = example_without("ec2:DescribeAccountAttributes")
    policy["Statement"].append(allow([a for a in ELB_READS if a != "ec2:DescribeAccountAttributes"]))
    user = make_user(managed=policy)
    _, subnets, group = network
    name = unique("ecslab-lb")

    def create() -> Any:
        return user.client("elbv2").create_load_balancer(
            Name=name, Subnets=subnets, SecurityGroups=[group], Scheme="internet-facing", Type="application",
            Tags=[{"Key": "ecslab:lab", "Value": "x"}])

    code, status, message = refused(create)
    assert (code, status) == ("AccessDenied", 403)
    assert message == (not_authorized(user.arn, "ec2:DescribeAccountAttributes", "*")
                       + " because no identity-based policy allows the ec2:DescribeAccountAttributes action")
    assert not any(lb["LoadBalancerName"] == name
                   for lb in aws("elbv2").describe_load_balancers()["LoadBalancers"])

    iam.put_user_policy(UserName=user.name, PolicyName="account-attributes",
                        PolicyDocument=document(allow("ec2:DescribeAccountAttributes")))
    created = create()["LoadBalancers"][0]
    assert created["LoadBalancerName"] == name
    tags = aws("elbv2").describe_tags(ResourceArns=[created["LoadBalancerArn"]])["TagDescriptions"][0]["Tags"]
    assert {"Key": "ecslab:lab", "Value": "x"} in tags


# ---- 3, 4. an assumed role, and a role's permissions boundary

def test_an_assumed_role_s_session_is_authorized_by_the_role_s_policies(
        endpoint: str, aws: Callable[[str], Any], iam: Any) -> None:
    role = unique("lister")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST_ACCOUNT)
    iam.put_role_policy(RoleName=role, PolicyName="list", PolicyDocument=document(allow("ecs:ListClusters")))
    session = unique("session")
    client = assume(endpoint, aws, f"arn:aws:iam::{ACCOUNT}:role/{role}", session)

    assert "clusterArns" in client("ecs").list_clusters()
    code, status, message = refused(lambda: client("ec2").describe_vpcs())
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert not_authorized(f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}", "ec2:DescribeVpcs", "*") in message


def test_a_role_s_permissions_boundary_limits_what_its_policies_allow(
        endpoint: str, aws: Callable[[str], Any], iam: Any) -> None:
    boundary = iam.create_policy(PolicyName=unique("boundary"),
                                 PolicyDocument=document(allow("ecs:ListClusters")))["Policy"]["Arn"]
    role = unique("bounded")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST_ACCOUNT, PermissionsBoundary=boundary)
    iam.put_role_policy(RoleName=role, PolicyName="all-of-ecs", PolicyDocument=document(allow("ecs:*")))
    session = unique("session")
    client = assume(endpoint, aws, f"arn:aws:iam::{ACCOUNT}:role/{role}", session)

    assert "clusterArns" in client("ecs").list_clusters()  # allowed by both
    cluster = unique("ecslab-bounded")
    code, _, message = refused(lambda: client("ecs").create_cluster(clusterName=cluster))
    assert code == "AccessDeniedException"
    assert message.startswith(not_authorized(f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}",
                                             "ecs:CreateCluster",
                                             f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/{cluster}"))
    assert aws("ecs").describe_clusters(clusters=[cluster])["clusters"] == []


# ---- 5. an operation without a row

def test_an_inactive_key_is_refused_before_any_policy_is_read(endpoint: str, iam: Any) -> None:
    name = unique("inactive")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=document(allow("*")))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    client = session_clients(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    assert client("ecs").list_clusters()["clusterArns"] is not None
    iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Inactive")

    assert refused(lambda: client("sts").get_caller_identity()) == (
        "InvalidClientTokenId", 403, "The security token included in the request is invalid.")
    assert refused(lambda: client("ec2").describe_vpcs()) == (
        "AuthFailure", 401, "AWS was not able to validate the provided access credentials")
    assert refused(lambda: client("ecs").list_clusters()) == (
        "UnrecognizedClientException", 400, "The security token included in the request is invalid.")


def test_an_operation_without_a_row_is_not_emulated_for_an_identity_but_works_for_the_root_user(
        aws: Callable[[str], Any], make_user: Callable[..., Identity]) -> None:
    assert "ec2:DescribeVolumes" not in OPERATIONS and "ecs:ListAttributes" not in OPERATIONS
    everything = make_user(inline=document(allow("*")))
    assert "clusterArns" in everything.client("ecs").list_clusters()  # a known operation is allowed
    aws("ecs").create_cluster(clusterName="other")
    calls = {"ec2": lambda client: client("ec2").describe_volumes(),
             "ecs": lambda client: client("ecs").list_attributes(cluster="other", targetType="container-instance")}
    for service, call in calls.items():
        code, status, message = refused(lambda: call(everything.client))
        assert (code, status) == ("NotEmulated", 500), service
        call(aws)  # the root user's call reaches moto


# ---- 6. every operation ecslab calls has a row

_GATEWAY_CLIENTS = {"ec2": "ec2", "ecs": "ecs", "elb": "elasticloadbalancing", "iam": "iam", "logs": "logs",
                    "quotas": "servicequotas", "ssm": "ssm", "sts": "sts", "tagging": "tagging"}
_NOT_OPERATIONS = {"serviceClientConfiguration", "close"}


def ecslab_operations() -> set[str]:
    """service:Operation of each SDK call the Java gateways make: `ec2().describeInstancesPaginator(` ->
    ec2:DescribeInstances (each gateway reaches its client through an accessor named for the service)."""
    found = set()
    call = re.compile(r"\b(" + "|".join(_GATEWAY_CLIENTS) + r")\(\)\s*\.\s*([a-z]\w*)\(")
    for source in (ROOT / "src" / "main" / "java" / "dev" / "ecslab" / "aws").glob("Sdk*.java"):
        for client, method in call.findall(source.read_text()):
            if method not in _NOT_OPERATIONS:
                operation = method.removesuffix("Paginator")
                found.add(f"{_GATEWAY_CLIENTS[client]}:{operation[0].upper()}{operation[1:]}")
    return found


def test_every_operation_ecslab_calls_has_a_row_in_the_table() -> None:
    called = ecslab_operations()
    assert len(called) > 50 and {"ec2:DescribeInstances", "ecs:CreateCluster", "servicequotas:GetServiceQuota",
                                 "ecs:ListTaskDefinitionFamilies", "sts:GetCallerIdentity"} <= called, sorted(called)
    missing = sorted(called - set(OPERATIONS))
    assert missing == [], f"operations ecslab calls with no row in permissions.OPERATIONS: {missing}"


def test_on_a_fresh_account_ecs_makes_its_role_only_for_a_caller_who_may_create_it(
        aws: Callable[[str], Any], iam: Any, make_user: Callable[..., Identity]) -> None:
    if any(r["RoleName"] == "AWSServiceRoleForECS" for r in iam.list_roles()["Roles"]):
        iam.delete_role(RoleName="AWSServiceRoleForECS")  # a fresh account: ECS never used here
    ecs_everything = allow(["ecs:*"])
    without = make_user(inline=document(ecs_everything))
    cluster = unique("fresh")
    without.client("ecs").create_cluster(clusterName=cluster)  # ECS goes on without its role (API_CreateCluster)
    assert not any(r["RoleName"] == "AWSServiceRoleForECS" for r in iam.list_roles()["Roles"])
    family = aws("ecs").register_task_definition(family=unique("fresh"), containerDefinitions=[
        {"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "memory": 64}])["taskDefinition"]["family"]
    code, status, message = refused(lambda: without.client("ecs").create_service(
        cluster=cluster, serviceName="web", taskDefinition=family, desiredCount=0))
    assert (code, status, message) == ("InvalidParameterException", 400, "Unable to assume the service linked role. "
                                       "Please verify that the ECS service linked role exists.")

    may = make_user(inline=document(ecs_everything, allow("iam:CreateServiceLinkedRole", "*", {
        "StringEquals": {"iam:AWSServiceName": "ecs.amazonaws.com"}})))
    created_once_ecs_can_assume_its_role(lambda: may.client("ecs").create_cluster(clusterName=unique("fresh")))
    assert any(r["RoleName"] == "AWSServiceRoleForECS" for r in iam.list_roles()["Roles"])
    created_once_ecs_can_assume_its_role(lambda: without.client("ecs").create_service(
        cluster=cluster, serviceName="web", taskDefinition=family, desiredCount=0))


# ---- 7. the AWS CLI tutorials' operations have rows too

# "Creating an Amazon ECS Linux task for the EC2 launch type with the AWS CLI" and "Create an Application Load
# Balancer using the AWS CLI" (Elastic Load Balancing guide), with the instance role and key pair they assume:
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ECS_AWSCLI_EC2.html
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/tutorial-application-load-balancer-cli.html
TUTORIAL_OPERATIONS = {
    "ecs:CreateCluster", "ecs:ListContainerInstances", "ecs:DescribeContainerInstances", "ecs:RegisterTaskDefinition",
    "ecs:ListTaskDefinitions", "ecs:RunTask", "ecs:ListTasks", "ecs:DescribeTasks", "ecs:StopTask",
    "ecs:CreateService", "ecs:DescribeServices", "ecs:UpdateService", "ecs:DeleteService",
    "ecs:DeregisterContainerInstance", "ecs:DeregisterTaskDefinition", "ecs:DeleteCluster",
    "ec2:RunInstances", "ec2:DescribeInstances", "ec2:TerminateInstances", "ec2:CreateKeyPair", "ec2:DeleteKeyPair",
    "ec2:DescribeKeyPairs", "ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:DescribeVpcs",
    "ec2:DescribeSubnets", "ec2:DeleteSecurityGroup", "ssm:GetParameters", "ssm:GetParameter",
    "iam:CreateRole", "iam:AttachRolePolicy", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
    "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup",
    "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:CreateListener",
    "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:DeregisterTargets",
}


def test_every_operation_of_the_aws_cli_tutorials_has_a_row_in_the_table() -> None:
    assert sorted(TUTORIAL_OPERATIONS - set(OPERATIONS)) == []


def test_a_task_run_by_hand_is_authorized_on_its_revision_in_its_cluster(
        aws: Callable[[str], Any], make_user: Callable[..., Identity]) -> None:
    cluster = unique("ecslab-run")
    aws("ecs").create_cluster(clusterName=cluster)
    family = unique("ecslab-run")
    aws("ecs").register_task_definition(family=family, containerDefinitions=[
        {"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "memory": 64}])
    revision = f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/{family}:1"
    only_other = make_user(inline=document(allow("ecs:RunTask", revision, {
        "ArnEquals": {"ecs:cluster": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/elsewhere"}})))
    message = refused(lambda: only_other.client("ecs").run_task(cluster=cluster, taskDefinition=family))[2]
    assert message.startswith(not_authorized(only_other.arn, "ecs:RunTask", revision))
    here = make_user(inline=document(allow("ecs:RunTask", revision, {
        "ArnEquals": {"ecs:cluster": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/{cluster}"}})))
    # allowed: ECS's own answer, a cluster without container instances
    assert here.client("ecs").run_task(cluster=cluster, taskDefinition=family)["failures"][0]["reason"] == \
        "No Container Instances were found in your cluster."
