"""Where AWS refuses or lags and plain moto does not, the local AWS does as AWS does — with AWS's codes and
messages, on the wire — unless started with --lenient. Windows are AWS seconds × ECSLAB_EMULATOR_TIME_SCALE (0.1)."""

import json
import os
import time
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, clients, retrying, seen_group, start_emulator, stop_emulator, unique, wait_for

SCALE = 0.1


def error(call) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def outcome(call) -> Any:
    """The answer, or (code, message) of the error."""
    try:
        return call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]


def inside_window(aws_seconds: float, scenario: Callable[[], Any], tries: int = 3) -> Any:
    """Run scenario (a create, then looks) until all of it took less than the window — only then must every look
    have fallen inside it, on a machine however busy — and return what it saw."""
    for _ in range(tries):
        started = time.monotonic()
        seen = scenario()
        if time.monotonic() - started < aws_seconds * SCALE:
            return seen
    pytest.fail(f"the looks never fitted in the {aws_seconds} s × {SCALE} window; the machine is too busy")


def ami(lab) -> str:
    return lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]


def default_subnets(lab) -> dict[str, str]:
    subnets = lab.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    return {s["AvailabilityZone"]: s["SubnetId"] for s in subnets}


# ---- answers AWS gives

def test_tasks_are_listed_and_described_per_cluster_running_by_default_and_unknown_ones_missing(lab):
    """API_ListTasks: "The default status filter is RUNNING"; API_DescribeTasks and API_DescribeContainerInstances:
    what the cluster named does not have is a failure with reason MISSING (moto: every cluster, by substring, stopped
    tasks listed, no failures, HTTP 500 for a cluster without instances)."""
    cluster = unique("tasks")
    prefix = cluster[:-1]  # a cluster whose name the first one's ARN contains
    lab.cluster_with_instance(cluster)
    lab.ecs.create_cluster(clusterName=prefix)
    td = lab.task_definition(unique("one"))
    task = lab.ecs.run_task(cluster=cluster, taskDefinition=td, launchType="EC2")["tasks"][0]["taskArn"]
    task_id = task.split("/")[-1]

    assert lab.ecs.list_tasks(cluster=cluster)["taskArns"] == [task]
    assert lab.ecs.list_tasks(cluster=prefix)["taskArns"] == []
    assert [t["taskArn"] for t in lab.ecs.describe_tasks(cluster=cluster, tasks=[task_id])["tasks"]] == [task]
    elsewhere = lab.ecs.describe_tasks(cluster=prefix, tasks=[task])
    assert elsewhere["tasks"] == [] and elsewhere["failures"] == [{"arn": task, "reason": "MISSING"}]
    unknown = "0123456789abcdef0123456789abcdef"
    missing = lab.ecs.describe_tasks(cluster=cluster, tasks=[task, unknown])
    assert [t["taskArn"] for t in missing["tasks"]] == [task]
    assert missing["failures"] == [{"arn": task.replace(task_id, unknown), "reason": "MISSING"}]
    none = lab.ecs.describe_container_instances(cluster=prefix, containerInstances=[unknown])
    assert none["containerInstances"] == [] and [f["reason"] for f in none["failures"]] == ["MISSING"]

    lab.ecs.stop_task(cluster=cluster, task=task)
    wait_for(lambda: lab.ecs.describe_tasks(cluster=cluster, tasks=[task])["tasks"][0]["lastStatus"] == "STOPPED",
             what="the task stopped")
    assert lab.ecs.list_tasks(cluster=cluster)["taskArns"] == []
    assert lab.ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"] == [task]


def test_list_tasks_of_a_service_that_does_not_exist_or_is_inactive(lab):
    cluster = unique("lt")
    lab.ecs.create_cluster(clusterName=cluster)
    not_found = ("ServiceNotFoundException", "Service not found.")
    assert error(lambda: lab.ecs.list_tasks(cluster=cluster, serviceName="web")) == not_found

    td = lab.task_definition(unique("web"))
    lab.ecs.create_service(cluster=cluster, serviceName="web", taskDefinition=td, desiredCount=0)
    assert lab.ecs.list_tasks(cluster=cluster, serviceName="web")["taskArns"] == []
    lab.ecs.delete_service(cluster=cluster, service="web")
    assert lab.describe_service(cluster, "web")["status"] == "INACTIVE"
    assert error(lambda: lab.ecs.list_tasks(cluster=cluster, serviceName="web")) == not_found


def test_a_draining_service_lists_its_tasks_and_its_name_cannot_be_reused(lab):
    cluster = unique("drain")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("dr"))
    lab.elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "300"}])  # draining lasts 30 s here
    td = lab.task_definition(unique("web"))
    lab.service(cluster, "web", td, 1, tg)
    wait_for(lambda: lab.describe_service(cluster, "web")["runningCount"] == 1, what="1 running")
    task = lab.ecs.list_tasks(cluster=cluster, serviceName="web")["taskArns"]

    lab.ecs.delete_service(cluster=cluster, service="web", force=True)
    assert lab.describe_service(cluster, "web")["status"] == "DRAINING"
    # its task is stopping (its target drains): listed, not ServiceNotFoundException
    wait_for(lambda: lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="STOPPED")[
        "taskArns"] == task, what="the draining service's stopping task")
    assert lab.describe_service(cluster, "web")["status"] == "DRAINING"
    assert error(lambda: lab.service(cluster, "web", td, 1, tg)) == (
        "InvalidParameterException", "Unable to Start a service that is still Draining.")


def test_describe_tags_naming_a_deleted_load_balancer_or_target_group_fails_whole(lab):
    vpc, subnets = lab.network()
    lb = lab.elb.create_load_balancer(Name=unique("tags"), Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    tg = lab.elb.create_target_group(Name=unique("tags"), Protocol="HTTP", Port=80, VpcId=vpc)[
        "TargetGroups"][0]["TargetGroupArn"]
    gone_lb = lab.elb.create_load_balancer(Name=unique("gone"), Subnets=subnets)["LoadBalancers"][0][
        "LoadBalancerArn"]
    gone_tg = lab.elb.create_target_group(Name=unique("gone"), Protocol="HTTP", Port=80, VpcId=vpc)[
        "TargetGroups"][0]["TargetGroupArn"]
    assert len(lab.elb.describe_tags(ResourceArns=[lb, tg, gone_lb, gone_tg])["TagDescriptions"]) == 4
    lab.elb.delete_load_balancer(LoadBalancerArn=gone_lb)
    lab.elb.delete_target_group(TargetGroupArn=gone_tg)

    assert error(lambda: lab.elb.describe_tags(ResourceArns=[lb, gone_lb])) == (
        "LoadBalancerNotFound", "One or more load balancers not found")
    assert error(lambda: lab.elb.describe_tags(ResourceArns=[tg, gone_tg])) == (
        "TargetGroupNotFound", "One or more target groups not found")
    assert len(lab.elb.describe_tags(ResourceArns=[lb, tg])["TagDescriptions"]) == 2


@pytest.mark.parametrize("instance_type", ["t3.micro", "t3a.small", "t4g.micro", "m5.large", "m6i.large"])
def test_instance_types_us_east_1e_does_not_offer_are_unsupported_there(lab, instance_type):
    offered = sorted(o["Location"] for o in lab.ec2.describe_instance_type_offerings(
        LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": [instance_type]}])[
        "InstanceTypeOfferings"])
    assert offered == ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]
    message = (f"Your requested instance type ({instance_type}) is not supported in your requested Availability "
               f"Zone (us-east-1e). Please retry your request by not specifying an Availability Zone or choosing "
               f"us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f.")
    subnets = default_subnets(lab)
    image = ami(lab)
    assert error(lambda: lab.ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=1, MaxCount=1,
                                               SubnetId=subnets["us-east-1e"])) == ("Unsupported", message)
    assert error(lambda: lab.ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=1, MaxCount=1,
                                               Placement={"AvailabilityZone": "us-east-1e"})) == ("Unsupported",
                                                                                                  message)
    if instance_type == "t3.micro":  # and where it is offered, it runs
        lab.ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=1, MaxCount=1,
                              SubnetId=subnets["us-east-1f"])


def test_an_older_type_us_east_1e_offers_runs_there(lab):
    zones = {o["Location"] for o in lab.ec2.describe_instance_type_offerings(
        LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["t2.micro"]}])[
        "InstanceTypeOfferings"]}
    assert "us-east-1e" in zones
    lab.ec2.run_instances(ImageId=ami(lab), InstanceType="t2.micro", MinCount=1, MaxCount=1,
                          SubnetId=default_subnets(lab)["us-east-1e"])


def test_create_service_checks_its_task_definition_and_load_balancer(lab):
    cluster = unique("lbchk")
    lab.ecs.create_cluster(clusterName=cluster)
    vpc, subnets = lab.network()
    td = lab.task_definition(unique("web"))
    tg = lab.elb.create_target_group(Name=unique("nolb"), Protocol="HTTP", Port=80, VpcId=vpc)[
        "TargetGroups"][0]["TargetGroupArn"]

    def create(container: str = "web", port: int = 80, task_definition: str = td):
        return lab.ecs.create_service(cluster=cluster, serviceName=unique("svc"), taskDefinition=task_definition,
                                      desiredCount=0, loadBalancers=[{"targetGroupArn": tg, "containerName": container,
                                                                      "containerPort": port}])

    # the listener that forwards to the target group must come first
    assert error(create) == ("InvalidParameterException", f"The target group with targetGroupArn {tg} does not "
                                                          f"have an associated load balancer.")
    lb = lab.elb.create_load_balancer(Name=unique("chk"), Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    lab.elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    assert error(lambda: create(container="nginx")) == (
        "InvalidParameterException", "The container nginx does not exist in the task definition.")
    assert error(lambda: create(port=8080)) == (
        "InvalidParameterException", "The container web did not have a container port 8080 defined.")
    create()

    lab.ecs.deregister_task_definition(taskDefinition=td)
    assert error(lambda: create()) == ("InvalidParameterException", "TaskDefinition is inactive")


def test_a_target_group_serves_one_load_balancer(lab):
    vpc, subnets = lab.network()
    tg = lab.elb.create_target_group(Name=unique("one"), Protocol="HTTP", Port=80, VpcId=vpc)[
        "TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": tg}]
    first, second = (lab.elb.create_load_balancer(Name=unique("lb"), Subnets=subnets)["LoadBalancers"][0][
        "LoadBalancerArn"] for _ in range(2))
    lab.elb.create_listener(LoadBalancerArn=first, Protocol="HTTP", Port=80, DefaultActions=forward)
    lab.elb.create_listener(LoadBalancerArn=first, Protocol="HTTP", Port=8080, DefaultActions=forward)  # same LB: ok
    assert error(lambda: lab.elb.create_listener(LoadBalancerArn=second, Protocol="HTTP", Port=80,
                                                 DefaultActions=forward)) == (
        "TargetGroupAssociationLimit",
        f"The following target groups cannot be associated with more than one load balancer: {tg}")

    # Deleting the first load balancer frees the target group for another one.
    lab.elb.delete_load_balancer(LoadBalancerArn=first)
    assert lab.elb.describe_target_groups(TargetGroupArns=[tg])["TargetGroups"][0]["LoadBalancerArns"] == []
    lab.elb.create_listener(LoadBalancerArn=second, Protocol="HTTP", Port=80, DefaultActions=forward)


def test_an_instance_needs_security_groups_of_its_subnets_vpc(lab):
    _, subnets = lab.network()
    other_vpc = lab.ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    group = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=unique("other"), Description="other",
                                                              VpcId=other_vpc)["GroupId"])
    assert error(lambda: lab.ec2.run_instances(ImageId=ami(lab), InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                               SubnetId=subnets[0], SecurityGroupIds=[group])) == (
        "InvalidParameter", f"Security group {group} and subnet {subnets[0]} belong to different networks.")


# ---- eventual consistency

def test_a_new_security_group_is_unknown_for_a_moment(lab):
    vpc, _ = lab.network()
    rule = [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]

    def create_and_look() -> tuple[str, str, list[Any]]:
        name = unique("sg")
        group = lab.ec2.create_security_group(GroupName=name, Description="new", VpcId=vpc)["GroupId"]
        by_name = [{"Name": "group-name", "Values": [name]}]
        return name, group, [
            outcome(lambda: lab.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=rule)),
            outcome(lambda: lab.ec2.describe_security_groups(GroupIds=[group])),
            outcome(lambda: lab.ec2.describe_security_groups(Filters=by_name)["SecurityGroups"])]

    name, group, looks = inside_window(2, create_and_look)
    not_found = ("InvalidGroup.NotFound", f"The security group '{group}' does not exist")
    assert looks == [not_found, not_found, []]

    time.sleep(2 * SCALE)
    by_name = [{"Name": "group-name", "Values": [name]}]
    assert [g["GroupId"] for g in lab.ec2.describe_security_groups(Filters=by_name)["SecurityGroups"]] == [group]
    assert lab.ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["GroupName"] == name
    lab.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=rule)


def test_a_new_instance_is_unknown_for_a_moment_then_pending_then_running_and_terminates_in_time(lab):
    _, subnets = lab.network()
    image = ami(lab)

    def state(instance: str) -> str:
        try:
            return lab.ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0][
                "State"]["Name"]
        except ClientError as e:
            assert e.response["Error"]["Message"] == f"The instance ID '{instance}' does not exist"
            return e.response["Error"]["Code"]

    def launch_and_look() -> tuple[dict[str, Any], float, str, list[Any]]:
        started = time.monotonic()  # no later than the launch
        launched = lab.ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                         SubnetId=subnets[0])["Instances"][0]
        by_filter = [{"Name": "instance-id", "Values": [launched["InstanceId"]]}]
        return launched, started, state(launched["InstanceId"]), lab.ec2.describe_instances(Filters=by_filter)[
            "Reservations"]

    launched, started, first, listed = inside_window(2, launch_and_look)
    instance = launched["InstanceId"]
    assert launched["State"]["Name"] == "pending"
    assert (first, listed) == ("InvalidInstanceID.NotFound", [])  # a filtered describe simply omits it
    seen = [first]
    while seen[-1] != "running" and time.monotonic() - started < 5:
        time.sleep(0.02)
        seen.append(state(instance))
    # states move with time, not per call: several looks at each, in AWS's order
    assert _runs(seen) == ["InvalidInstanceID.NotFound", "pending", "running"], seen
    assert seen.count("pending") >= 2, seen
    assert time.monotonic() - started >= 5 * SCALE

    asked = time.monotonic()
    answer = lab.ec2.terminate_instances(InstanceIds=[instance])["TerminatingInstances"][0]
    assert (answer["PreviousState"]["Name"], answer["CurrentState"]["Name"]) == ("running", "shutting-down")
    seen = [state(instance)]
    first_look_in_window = time.monotonic() - asked < 1 * SCALE
    while seen[-1] != "terminated" and len(seen) < 500:
        time.sleep(0.005)
        seen.append(state(instance))
    if first_look_in_window:  # (a busy machine may look only after the 0.1 s)
        assert _runs(seen) == ["shutting-down", "terminated"], seen
    assert seen[-1] == "terminated" and "InvalidInstanceID.NotFound" not in seen, seen  # never "not found"
    assert state(instance) == "terminated"  # and terminated instances stay listed


def test_a_new_instance_cannot_be_terminated_by_id_for_a_moment(lab):
    _, subnets = lab.network()
    image = ami(lab)

    def launch_and_terminate() -> tuple[str, Any]:
        instance = lab.ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                         SubnetId=subnets[0])["Instances"][0]["InstanceId"]
        return instance, outcome(lambda: lab.ec2.terminate_instances(InstanceIds=[instance]))

    instance, answer = inside_window(2, launch_and_terminate)
    assert answer == ("InvalidInstanceID.NotFound", f"The instance ID '{instance}' does not exist")
    # it was not terminated: once visible it runs, and only a TerminateInstances then ends it
    terminated = retrying(lambda: lab.ec2.terminate_instances(InstanceIds=[instance]), "InvalidInstanceID.NotFound")
    assert terminated["TerminatingInstances"][0]["PreviousState"]["Name"] in ("pending", "running")


def _runs(states: list[str]) -> list[str]:
    return [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s]


def test_run_instances_sees_a_new_instance_profile_and_its_role_late(lab):
    name = unique("prof")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    lab.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    arn = lab.iam.create_instance_profile(InstanceProfileName=name, Path="/ecslab/")["InstanceProfile"]["Arn"]
    created = time.monotonic()  # no earlier than the profile
    _, subnets = lab.network()
    image = ami(lab)

    def run(profile: dict[str, str]):
        return lab.ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnets[0], IamInstanceProfile=profile)

    assert error(lambda: run({"Name": name})) == (
        "InvalidParameterValue", f"Value ({name}) for parameter iamInstanceProfile.name is invalid. "
                                 f"Invalid IAM Instance Profile name")
    assert error(lambda: run({"Arn": arn})) == (
        "InvalidParameterValue", f"Value ({arn}) for parameter iamInstanceProfile.arn is invalid. "
                                 f"Invalid IAM Instance Profile ARN")
    time.sleep(max(0.0, 10 * SCALE - (time.monotonic() - created)))
    no_roles = ("InvalidParameterValue", f'IAM Instance Profile "arn:aws:iam::123456789012:instance-profile/ecslab/'
                                         f'{name}" has no associated IAM Roles')
    assert error(lambda: run({"Name": name})) == no_roles  # no role at all: lasting

    lab.iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name)
    assert error(lambda: run({"Name": name})) == no_roles  # the role is there, EC2 does not see it yet
    time.sleep(5 * SCALE)
    assert run({"Arn": arn})["Instances"][0]["IamInstanceProfile"]["Arn"] == arn

    unknown = unique("nope")
    assert error(lambda: run({"Name": unknown})) == (
        "InvalidParameterValue", f"Value ({unknown}) for parameter iamInstanceProfile.name is invalid. "
                                 f"Invalid IAM Instance Profile name")


def test_create_cluster_fails_until_ecs_can_assume_its_new_service_linked_role(lab):
    created = time.monotonic()  # no later than the role
    role = lab.iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForECS"
    assert error(lambda: lab.ecs.create_cluster(clusterName=unique("slr"))) == (
        "InvalidParameterException",
        "Unable to assume the service linked role. Please verify that the ECS service linked role exists.")
    cluster = retrying(lambda: lab.ecs.create_cluster(clusterName=unique("slr")), "InvalidParameterException")
    assert cluster["cluster"]["status"] == "ACTIVE"
    assert time.monotonic() - created >= 10 * SCALE


def test_a_service_linked_role_that_exists_has_been_taken(lab):
    """API_CreateServiceLinkedRole, Errors: InvalidInput (moto: EntityAlreadyExists, 409)."""
    elb = "elasticloadbalancing.amazonaws.com"
    outcome(lambda: lab.iam.create_service_linked_role(AWSServiceName=elb))  # there now, whoever made it first
    assert error(lambda: lab.iam.create_service_linked_role(AWSServiceName=elb)) == (
        "InvalidInput", "Service role name AWSServiceRoleForElasticLoadBalancing has been taken in this account, "
                        "please try a different suffix.")


def test_describe_services_shows_the_old_desired_count_for_a_moment_after_update_service(lab):
    cluster = unique("stale")
    retrying(lambda: lab.ecs.create_cluster(clusterName=cluster), "InvalidParameterException")
    lab.service(cluster, "web", lab.task_definition(unique("web")), 0)
    counts = iter(range(1, 10))

    def update_and_look() -> tuple[int, int, int]:
        before = lab.describe_service(cluster, "web")["desiredCount"]
        wanted = next(counts)
        answer = lab.ecs.update_service(cluster=cluster, service="web", desiredCount=wanted)["service"]
        return before, answer["desiredCount"], lab.describe_service(cluster, "web")["desiredCount"]

    before, answered, seen = inside_window(2, update_and_look)
    assert (answered, seen) == (before + 1, before)  # UpdateService's own answer is current; a look right after not

    time.sleep(2 * SCALE)
    assert lab.describe_service(cluster, "web")["desiredCount"] == before + 1
    # a change that leaves the count alone leaves nothing stale
    lab.ecs.update_service(cluster=cluster, service="web", desiredCount=before + 1)
    assert lab.describe_service(cluster, "web")["desiredCount"] == before + 1


# ---- --lenient

@pytest.mark.parametrize("how", ["--lenient", "ECSLAB_EMULATOR_LENIENT=1"])
def test_lenient_turns_the_refusals_and_windows_off(how):
    if how.startswith("--"):
        url = start_emulator(how)
    else:
        url = start_emulator(env={**os.environ, "ECSLAB_EMULATOR_LENIENT": "1"})
    try:
        aws = clients(url)
        ec2, ecs = aws("ec2"), aws("ecs")
        vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        group = ec2.create_security_group(GroupName="g", Description="new", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        subnets = {s["AvailabilityZone"]: s["SubnetId"] for s in ec2.describe_subnets(
            Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]}
        image = aws("ssm").get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
        instance = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnets["us-east-1e"])["Instances"][0]["InstanceId"]
        described = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
        assert described["State"]["Name"] == "running"
        aws("iam").create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
        ecs.create_cluster(clusterName="c")
        assert ecs.list_tasks(cluster="c", serviceName="nothing")["taskArns"] == []
        # the agent and the refusals of refusals.py stay on
        ecs.create_service(cluster="c", serviceName="s", taskDefinition=ecs.register_task_definition(
            family="f", containerDefinitions=[{"name": "w", "image": "x", "memory": 64}])["taskDefinition"][
            "taskDefinitionArn"], desiredCount=0)
        assert error(lambda: ecs.delete_cluster(cluster="c"))[0] == "ClusterContainsServicesException"
    finally:
        stop_emulator(url)


def test_task_definition_families_are_listed_by_status_and_prefix(lab):
    """API_ListTaskDefinitionFamilies: ACTIVE (the default) lists families with an ACTIVE revision, INACTIVE those
    with none, ALL both; familyPrefix is a prefix (moto 5.2.5 ignored status)."""
    prefix = unique("fam")
    container = [{"name": "w", "image": "x", "memory": 64}]
    kept = lab.ecs.register_task_definition(family=f"{prefix}-kept", containerDefinitions=container)
    gone = lab.ecs.register_task_definition(family=f"{prefix}-gone", containerDefinitions=container)
    lab.ecs.deregister_task_definition(taskDefinition=gone["taskDefinition"]["taskDefinitionArn"])
    assert kept["taskDefinition"]["status"] == "ACTIVE"

    def families(**status: str) -> list[str]:
        return sorted(lab.ecs.list_task_definition_families(familyPrefix=prefix, **status)["families"])

    assert families() == [f"{prefix}-kept"]
    assert families(status="ACTIVE") == [f"{prefix}-kept"]
    assert families(status="INACTIVE") == [f"{prefix}-gone"]
    assert families(status="ALL") == [f"{prefix}-gone", f"{prefix}-kept"]
    assert lab.ecs.list_task_definition_families(familyPrefix=unique("none"), status="ALL")["families"] == []


def test_a_target_groups_answer_lacks_the_load_balancer_of_a_new_listener_for_a_moment(lab):
    vpc, subnets = lab.network()
    group = retrying(lambda: lab.ec2.create_security_group(GroupName=unique("alb"), Description="alb", VpcId=vpc),
                     "InvalidGroup.NotFound")["GroupId"]
    lb = retrying(lambda: lab.elb.create_load_balancer(Name=unique("lag"), Subnets=subnets, SecurityGroups=[group],
                                                       Type="application"),
                  "InvalidSecurityGroup")["LoadBalancers"][0]["LoadBalancerArn"]
    ports = iter(range(8080, 8090))

    def listen_and_look() -> tuple[str, list[str]]:
        tg = lab.elb.create_target_group(Name=unique("lag"), Protocol="HTTP", Port=80, VpcId=vpc,
                                         TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        lab.elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=next(ports),
                                DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        return tg, lab.elb.describe_target_groups(TargetGroupArns=[tg])["TargetGroups"][0]["LoadBalancerArns"]

    tg, seen = inside_window(3, listen_and_look)
    assert seen == []

    time.sleep(3 * SCALE)
    assert lab.elb.describe_target_groups(TargetGroupArns=[tg])["TargetGroups"][0]["LoadBalancerArns"] == [lb]
