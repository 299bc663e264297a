"""IAM's SimulatePrincipalPolicy (iam_simulation.py), on the wire with boto3: the example policy of examples/ decides
as IAM's evaluation logic does for the calls the lab makes, with the request's context keys; a Deny wins; NotAction,
wildcards and ${aws:username}; a group's and a role's policies; AWS's errors; and an operator the emulator does not
evaluate is refused, not guessed."""

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ROOT, unique

ACCOUNT = "123456789012"
EXAMPLE_POLICY = (ROOT / "examples" / "ecslab-iam-policy.json").read_text()
CLUSTER = f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/ecslab-demo"
INSTANCE = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"
LAB_TAG = {"ContextKeyName": "aws:RequestTag/ecslab:lab", "ContextKeyValues": ["demo"], "ContextKeyType": "string"}


@pytest.fixture(scope="module")
def iam(aws: Any) -> Any:
    return aws("iam")


@pytest.fixture(scope="module")
def example_policy(iam: Any) -> tuple[str, str]:
    name = unique("ecslab-example")
    return name, iam.create_policy(PolicyName=name, PolicyDocument=EXAMPLE_POLICY)["Policy"]["Arn"]


@pytest.fixture(scope="module")
def lab_user(iam: Any, example_policy: tuple[str, str]) -> str:
    name = unique("lab-user")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    iam.attach_user_policy(UserName=name, PolicyArn=example_policy[1])
    return arn


def user_with(iam: Any, *statements: dict[str, Any]) -> str:
    name = unique("user")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=document(*statements))
    return arn


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def simulate(iam: Any, principal: str, actions: list[str], resources: list[str] | None = None,
             context: list[dict[str, Any]] | None = None, **more: Any) -> list[dict[str, Any]]:
    kwargs: dict[str, Any] = {"PolicySourceArn": principal, "ActionNames": actions, **more}
    if resources is not None:
        kwargs["ResourceArns"] = resources
    if context is not None:
        kwargs["ContextEntries"] = context
    return iam.simulate_principal_policy(**kwargs)["EvaluationResults"]


def decision(iam: Any, principal: str, action: str, resource: str = "*",
             context: list[dict[str, Any]] | None = None) -> str:
    return simulate(iam, principal, [action], [resource], context)[0]["EvalDecision"]


# ---- the example policy

def test_creating_the_lab_s_cluster_with_the_lab_tag_is_allowed_by_the_attached_policy(
        iam: Any, lab_user: str, example_policy: tuple[str, str]) -> None:
    result = simulate(iam, lab_user, ["ecs:CreateCluster"], [CLUSTER], [LAB_TAG])[0]
    assert result["EvalActionName"] == "ecs:CreateCluster"
    assert result["EvalResourceName"] == CLUSTER
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"] == [{"SourcePolicyId": example_policy[0], "SourcePolicyType": "user-managed"}]
    assert result.get("MissingContextValues", []) == []


def test_without_the_tag_it_is_an_implicit_deny_and_the_key_is_reported_missing(iam: Any, lab_user: str) -> None:
    result = simulate(iam, lab_user, ["ecs:CreateCluster"], [CLUSTER], [])[0]
    assert result["EvalDecision"] == "implicitDeny"
    assert result.get("MatchedStatements", []) == []
    assert result["MissingContextValues"] == ["aws:RequestTag/ecslab:lab"]


def test_one_result_per_action_the_most_restrictive_with_each_resource_s_own_beside_it(
        iam: Any, lab_user: str) -> None:
    # API_EvaluationResult: "a single EvaluationResult per action, regardless of how many resource ARNs are
    # provided"; each resource's decision is in ResourceSpecificResults
    other = f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/someone-elses"
    results = simulate(iam, lab_user, ["ecs:CreateCluster", "ecs:DeleteCluster"], [CLUSTER, other], [LAB_TAG])
    assert [(r["EvalActionName"], r["EvalDecision"], "EvalResourceName" in r) for r in results] == [
        ("ecs:CreateCluster", "implicitDeny", False),
        ("ecs:DeleteCluster", "implicitDeny", False),
    ]
    assert [(r["EvalResourceName"], r["EvalResourceDecision"]) for r in results[0]["ResourceSpecificResults"]] == [
        (CLUSTER, "allowed"),
        (other, "implicitDeny"),  # arn:*:ecs:*:*:cluster/ecslab-* does not match it
    ]
    assert [r["EvalResourceDecision"] for r in results[1]["ResourceSpecificResults"]] == [
        "implicitDeny", "implicitDeny"]  # DeleteCluster needs aws:ResourceTag/ecslab:lab
    assert results[1]["MissingContextValues"] == ["aws:ResourceTag/ecslab:lab"]


def test_without_resources_an_action_is_asked_of_star_alone(iam: Any, lab_user: str) -> None:
    result = simulate(iam, lab_user, ["ecs:ListClusters"])[0]
    assert (result["EvalResourceName"], result["EvalDecision"]) == ("*", "allowed")
    assert "ResourceSpecificResults" not in result


def test_the_example_s_deny_wins_over_its_allow(iam: Any, lab_user: str) -> None:
    # RunInstancesOfSmallTypesOnly allows a listed type; the untagged instance meets
    # RunInstancesTagsWhatItCreatesForTheLab's Deny
    small = {"ContextKeyName": "ec2:InstanceType", "ContextKeyValues": ["t3.micro"], "ContextKeyType": "string"}
    assert decision(iam, lab_user, "ec2:RunInstances", INSTANCE, [small]) == "explicitDeny"
    result = simulate(iam, lab_user, ["ec2:RunInstances"], [INSTANCE], [small])[0]
    assert len(result["MatchedStatements"]) == 1  # the policy of the Deny, which wins
    assert decision(iam, lab_user, "ec2:RunInstances", INSTANCE, [LAB_TAG, small]) == "allowed"
    huge = {"ContextKeyName": "ec2:InstanceType", "ContextKeyValues": ["p5.48xlarge"], "ContextKeyType": "string"}
    assert decision(iam, lab_user, "ec2:RunInstances", INSTANCE, [LAB_TAG, huge]) == "implicitDeny"
    image = "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0"
    owner = {"ContextKeyName": "ec2:Owner", "ContextKeyValues": ["123456789012"], "ContextKeyType": "string"}
    assert decision(iam, lab_user, "ec2:RunInstances", image, [LAB_TAG, owner]) == "implicitDeny"


def test_the_example_s_conditions_on_context_keys(iam: Any, lab_user: str) -> None:
    def entry(key: str, *values: str) -> dict[str, Any]:
        return {"ContextKeyName": key, "ContextKeyValues": list(values),
                "ContextKeyType": "stringList" if len(values) > 1 else "string"}

    role = f"arn:aws:iam::{ACCOUNT}:role/ecslab/ecslab-demo-instance"
    ecs_role = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
    ec2_policy = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
    assert decision(iam, lab_user, "iam:PassRole", role, [entry("iam:PassedToService", "ec2.amazonaws.com")]) \
        == "allowed"
    assert decision(iam, lab_user, "iam:PassRole", role, [entry("iam:PassedToService", "ecs.amazonaws.com")]) \
        == "implicitDeny"
    bounded_and_tagged = [entry("iam:PermissionsBoundary",
                                f"arn:aws:iam::{ACCOUNT}:policy/ecslab/ecslab-instance-role-boundary"),
                          entry("aws:ResourceTag/ecslab:lab", "demo")]
    assert decision(iam, lab_user, "iam:AttachRolePolicy", role,
                    [entry("iam:PolicyARN", ec2_policy), *bounded_and_tagged]) == "allowed"
    assert decision(iam, lab_user, "iam:AttachRolePolicy", role, [entry("iam:PolicyARN", ec2_policy)]) \
        == "implicitDeny"  # a role without the boundary
    assert decision(iam, lab_user, "iam:AttachRolePolicy", role,
                    [entry("iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess")]) == "implicitDeny"
    assert decision(iam, lab_user, "iam:CreateServiceLinkedRole", ecs_role,
                    [entry("iam:AWSServiceName", "ecs.amazonaws.com")]) == "allowed"
    assert decision(iam, lab_user, "ecs:ListTasks", "*", [entry("ecs:cluster", CLUSTER)]) == "allowed"
    assert decision(iam, lab_user, "ecs:ListTasks", "*",
                    [entry("ecs:cluster", f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/prod")]) == "implicitDeny"
    tag_ecs = [entry("ecs:CreateAction", "CreateCluster")]
    assert decision(iam, lab_user, "ecs:TagResource", CLUSTER, tag_ecs) == "allowed"
    assert decision(iam, lab_user, "ecs:TagResource", CLUSTER, [entry("ecs:CreateAction", "UpdateCluster")]) \
        == "implicitDeny"
    # context key names are case-insensitive
    assert decision(iam, lab_user, "ecs:DeleteCluster", CLUSTER, [entry("AWS:ResourceTag/ECSLAB:LAB", "demo")]) \
        == "allowed"


def test_aws_username_is_the_simulated_user_s_name(iam: Any, lab_user: str) -> None:
    me = lab_user
    someone = f"arn:aws:iam::{ACCOUNT}:user/someone-else"
    assert decision(iam, lab_user, "iam:SimulatePrincipalPolicy", me) == "allowed"
    assert decision(iam, lab_user, "iam:SimulatePrincipalPolicy", someone) == "implicitDeny"


# ---- the evaluation logic

def test_an_explicit_deny_wins(iam: Any) -> None:
    user = user_with(iam, {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                     {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::prod-*"})
    result = simulate(iam, user, ["s3:DeleteBucket"], ["arn:aws:s3:::prod-data", "arn:aws:s3:::dev-data"])[0]
    assert result["EvalDecision"] == "explicitDeny"
    assert [r["EvalResourceDecision"] for r in result["ResourceSpecificResults"]] == ["explicitDeny", "allowed"]
    assert result["MatchedStatements"] == [{"SourcePolicyId": "inline", "SourcePolicyType": "user"}]


def test_not_action_and_not_resource(iam: Any) -> None:
    user = user_with(iam, {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
                     {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::public-*"})
    assert decision(iam, user, "ec2:DescribeInstances") == "allowed"
    assert decision(iam, user, "iam:CreateUser") == "implicitDeny"
    assert decision(iam, user, "s3:GetObject", "arn:aws:s3:::public-site/index.html") == "allowed"
    assert decision(iam, user, "s3:GetObject", "arn:aws:s3:::private/secret") == "explicitDeny"


def test_wildcards_in_actions_are_case_insensitive_and_in_resources_are_not(iam: Any) -> None:
    user = user_with(iam, {"Effect": "Allow", "Action": "EC2:Describe*", "Resource": "*"},
                     {"Effect": "Allow", "Action": "logs:Get?ogEvents",
                      "Resource": "arn:aws:logs:*:*:log-group:/ecs/app-?:*"})
    assert decision(iam, user, "ec2:describeinstances") == "allowed"
    assert decision(iam, user, "ec2:RunInstances") == "implicitDeny"
    assert decision(iam, user, "logs:GetLogEvents", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/app-1:x") \
        == "allowed"
    assert decision(iam, user, "logs:GetLogEvents", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/app-12:x") \
        == "implicitDeny"
    assert decision(iam, user, "logs:GetLogEvents", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ECS/app-1:x") \
        == "implicitDeny"


def test_operators_set_prefixes_and_if_exists(iam: Any) -> None:
    user = user_with(
        iam,
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {
            "ForAllValues:StringEquals": {"aws:TagKeys": ["ecslab:lab", "Name"]},
            "NumericLessThanEquals": {"s3:max-keys": "10"},
            "Bool": {"aws:SecureTransport": "true"}}},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {
            "ForAnyValue:StringLike": {"aws:TagKeys": "team-*"},
            "StringNotEqualsIfExists": {"s3:prefix": "secret"}}})

    def entry(key: str, *values: str, kind: str = "string") -> dict[str, Any]:
        return {"ContextKeyName": key, "ContextKeyValues": list(values), "ContextKeyType": kind}

    secure = entry("aws:SecureTransport", "true", kind="boolean")
    assert decision(iam, user, "s3:PutObject", context=[entry("aws:TagKeys", "Name", kind="stringList"),
                                                        entry("s3:max-keys", "5", kind="numeric"), secure]) == "allowed"
    assert decision(iam, user, "s3:PutObject", context=[entry("aws:TagKeys", "Name", "cost", kind="stringList"),
                                                        entry("s3:max-keys", "5", kind="numeric"), secure]) \
        == "implicitDeny"
    assert decision(iam, user, "s3:PutObject", context=[entry("s3:max-keys", "11", kind="numeric"), secure]) \
        == "implicitDeny"
    tagged = entry("aws:TagKeys", "x", "team-a", kind="stringList")
    assert decision(iam, user, "s3:GetObject", context=[tagged]) == "allowed"
    assert decision(iam, user, "s3:GetObject", context=[tagged, entry("s3:prefix", "secret")]) == "implicitDeny"
    assert decision(iam, user, "s3:GetObject", context=[entry("aws:TagKeys", "x", kind="stringList")]) \
        == "implicitDeny"


def test_policy_input_list_is_included(iam: Any) -> None:
    user = user_with(iam, {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"})
    extra = document({"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"})
    result = simulate(iam, user, ["sns:Publish"], PolicyInputList=[extra])[0]
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"] == [{"SourcePolicyId": "PolicyInputList.1", "SourcePolicyType": "IAM Policy"}]


# ---- principals

def test_a_group_s_policies_count_for_its_users(iam: Any) -> None:
    group, user = unique("group"), unique("member")
    iam.create_group(GroupName=group)
    iam.put_group_policy(GroupName=group, PolicyName="group-inline",
                         PolicyDocument=document({"Effect": "Allow", "Action": "ecs:ListClusters", "Resource": "*"}))
    arn = iam.create_user(UserName=user)["User"]["Arn"]
    assert decision(iam, arn, "ecs:ListClusters") == "implicitDeny"
    iam.add_user_to_group(GroupName=group, UserName=user)
    result = simulate(iam, arn, ["ecs:ListClusters"])[0]
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"] == [{"SourcePolicyId": "group-inline", "SourcePolicyType": "group"}]
    group_arn = iam.get_group(GroupName=group)["Group"]["Arn"]
    assert decision(iam, group_arn, "ecs:ListClusters") == "allowed"


def test_a_role_s_inline_and_attached_policies(iam: Any, example_policy: tuple[str, str]) -> None:
    name = unique("ecslab-role")
    trust = document({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="role-inline",
                        PolicyDocument=document({"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}))
    iam.attach_role_policy(RoleName=name, PolicyArn=example_policy[1])
    iam.attach_role_policy(RoleName=name,
                           PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role")
    result = simulate(iam, arn, ["sqs:SendMessage"])[0]
    assert result["MatchedStatements"] == [{"SourcePolicyId": "role-inline", "SourcePolicyType": "role"}]
    assert decision(iam, arn, "ecs:CreateCluster", CLUSTER, [LAB_TAG]) == "allowed"
    managed = simulate(iam, arn, ["ecs:RegisterContainerInstance"])[0]
    assert managed["EvalDecision"] == "allowed"
    assert managed["MatchedStatements"][0] == {"SourcePolicyId": "AmazonEC2ContainerServiceforEC2Role",
                                               "SourcePolicyType": "aws-managed"}
    # a role has no ${aws:username}: the statement that needs it does not match, and says what it missed
    own = simulate(iam, arn, ["iam:SimulatePrincipalPolicy"], [f"arn:aws:iam::{ACCOUNT}:user/{name}"])[0]
    assert own["EvalDecision"] == "implicitDeny"
    assert own["MissingContextValues"] == ["aws:username"]
    assert decision(iam, arn, "iam:SimulatePrincipalPolicy", arn) == "allowed"  # role/ecslab-*


# ---- errors

def test_a_user_or_role_that_does_not_exist_is_no_such_entity(iam: Any) -> None:
    for kind, name in (("user", "nobody"), ("role", "no-role")):
        with pytest.raises(ClientError) as refused:
            simulate(iam, f"arn:aws:iam::{ACCOUNT}:{kind}/{name}", ["ecs:ListClusters"])
        error = refused.value.response["Error"]
        assert error["Code"] == "NoSuchEntity"
        assert error["Message"] == f"The {kind} with name {name} cannot be found."
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_malformed_arn_is_invalid_input(iam: Any) -> None:
    with pytest.raises(ClientError) as refused:
        simulate(iam, f"arn:aws:sts::{ACCOUNT}:assumed-role/r/session", ["ecs:ListClusters"])
    assert refused.value.response["Error"]["Code"] == "InvalidInput"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_an_operator_the_emulator_does_not_evaluate_is_refused_not_guessed(endpoint: str, iam: Any) -> None:
    user = user_with(iam, {"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    unknown = document({"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                        "Condition": {"StringMatchesRegex": {"s3:prefix": "^secret"}}})
    # boto3 retries a 500 by default; one attempt is enough to see it
    once = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                 region_name="us-east-1").client(
        "iam", endpoint_url=endpoint, config=Config(retries={"total_max_attempts": 1}))
    with pytest.raises(ClientError) as refused:
        simulate(once, user, ["s3:GetObject"], PolicyInputList=[unknown])
    error = refused.value.response["Error"]
    assert error["Code"] == "NotEmulated"
    assert "StringMatchesRegex" in error["Message"]
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_a_role_s_permissions_boundary_limits_what_its_policies_allow(iam: Any) -> None:
    boundary = iam.create_policy(PolicyName=unique("boundary"), PolicyDocument=document(
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}))["Policy"]["Arn"]
    name = unique("bounded")
    trust = document({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust, PermissionsBoundary=boundary)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="wide",
                        PolicyDocument=document({"Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "*"}))
    s3, sqs = simulate(iam, arn, ["s3:GetObject", "sqs:SendMessage"])
    assert (s3["EvalDecision"], s3["PermissionsBoundaryDecisionDetail"]) == (
        "allowed", {"AllowedByPermissionsBoundary": True})
    assert (sqs["EvalDecision"], sqs["PermissionsBoundaryDecisionDetail"]) == (
        "implicitDeny", {"AllowedByPermissionsBoundary": False})
