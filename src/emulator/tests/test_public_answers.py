"""Answers of AWS's own publishing — SSM's public parameters, the tagging API, default quotas — as AWS gives them,
on the wire with boto3, where moto 5.2.5 answers otherwise."""

import json
import os
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, Lab, clients, start_emulator, stop_emulator, unique

RECOMMENDED = {os_: f"/aws/service/ecs/optimized-ami/{os_}/recommended" for os_ in ("amazon-linux-2023",
                                                                                      "amazon-linux-2")}
# "Retrieving Amazon ECS-optimized Linux AMI metadata": the keys of the recommended parameter's JSON document
DOCUMENT_KEYS = {"image_id", "image_name", "ecs_agent_version", "ecs_runtime_version", "os", "schema_version",
                 "source_image_name"}
WITHHELD_REGION = "eu-west-3"


@pytest.mark.parametrize("name", RECOMMENDED.values())
def test_the_recommended_parameter_is_a_json_document_whose_image_id_is_its_own_parameter(aws: Callable[[str], Any],
                                                                                         name: str) -> None:
    ssm = aws("ssm")
    document = json.loads(ssm.get_parameter(Name=name)["Parameter"]["Value"])
    assert DOCUMENT_KEYS <= document.keys()
    assert document["schema_version"] == 1
    assert ssm.get_parameter(Name=name + "/image_id")["Parameter"]["Value"] == document["image_id"]
    assert ssm.get_parameter(Name=name + "/ecs_agent_version")["Parameter"]["Value"] == document["ecs_agent_version"]


def test_public_parameters_have_arns_without_an_account(aws: Callable[[str], Any]) -> None:
    ssm = aws("ssm")
    name = RECOMMENDED["amazon-linux-2023"]
    expected = "arn:aws:ssm:us-east-1::parameter" + name
    assert ssm.get_parameter(Name=name)["Parameter"]["ARN"] == expected
    assert [p["ARN"] for p in ssm.get_parameters(Names=[name])["Parameters"]] == [expected]
    by_path = ssm.get_parameters_by_path(Path=name)["Parameters"]
    assert by_path and all(p["ARN"] == f"arn:aws:ssm:us-east-1::parameter{p['Name']}" for p in by_path)


def test_the_account_s_own_parameters_keep_their_account(aws: Callable[[str], Any]) -> None:
    ssm = aws("ssm")
    name = "/" + unique("ecslab")
    ssm.put_parameter(Name=name, Value="{'not': 'json'}", Type="String")
    parameter = ssm.get_parameter(Name=name)["Parameter"]
    assert parameter["ARN"] == "arn:aws:ssm:us-east-1:123456789012:parameter" + name
    assert parameter["Value"] == "{'not': 'json'}"


def test_a_container_instance_reports_the_versions_its_ami_s_parameter_names(lab: Any) -> None:
    document = json.loads(lab.ssm.get_parameter(Name=RECOMMENDED["amazon-linux-2023"])["Parameter"]["Value"])
    assert lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"] == document["image_id"]
    assert lab.ec2.describe_images(ImageIds=[document["image_id"]])["Images"][0]["State"] == "available"
    ci = lab.cluster_with_instance(unique("ami"))
    attributes = {a["name"]: a.get("value") for a in ci["attributes"]}
    assert attributes["ecs.ami-id"] == document["image_id"]
    assert ci["versionInfo"]["agentVersion"] == document["ecs_agent_version"]
    assert ci["versionInfo"]["dockerVersion"] == "DockerVersion: " + document["ecs_runtime_version"].removeprefix(
        "Docker version ")


@pytest.fixture(scope="module")
def withheld() -> Any:
    url = start_emulator(env={**os.environ, "ECSLAB_EMULATOR_NO_ECS_AMI_PARAMETERS_IN": WITHHELD_REGION})
    yield url
    stop_emulator(url)


def test_a_region_without_the_ecs_ami_parameters_answers_parameter_not_found(withheld: str) -> None:
    there = boto3.client("ssm", endpoint_url=withheld, region_name=WITHHELD_REGION, aws_access_key_id="testing",
                         aws_secret_access_key="testing")
    with pytest.raises(ClientError) as refused:
        there.get_parameter(Name=AMI_PARAMETER)
    assert refused.value.response["Error"]["Code"] == "ParameterNotFound"
    assert there.get_parameters_by_path(Path=RECOMMENDED["amazon-linux-2023"])["Parameters"] == []
    assert clients(withheld)("ssm").get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"].startswith("ami-")


# --- The Resource Groups Tagging API: ResourceTypeFilters `service[:resourceType]`, each key and value once

@pytest.fixture(scope="module")
def tagged(aws: Callable[[str], Any]) -> dict[str, Any]:
    """One of each resource the lab makes, tagged `case=<value>` (unique to this module): their ARNs by the
    resource type AWS's filters name."""
    lab, value = Lab(aws), unique("case")
    tags, ecs_tags = [{"Key": "case", "Value": value}], [{"key": "case", "value": value}]
    cluster = lab.ecs.create_cluster(clusterName=unique("tag"), tags=ecs_tags)["cluster"]["clusterArn"]
    family = unique("tag")
    definition = lab.ecs.register_task_definition(family=family, tags=ecs_tags, containerDefinitions=[
        {"name": "web", "image": "nginx", "memory": 128}])["taskDefinition"]["taskDefinitionArn"]
    service = lab.ecs.create_service(cluster=cluster, serviceName=unique("tag"), taskDefinition=definition,
                                     desiredCount=0, tags=ecs_tags)["service"]["serviceArn"]
    group = unique("/ecs/tag")
    lab.logs.create_log_group(logGroupName=group, tags={"case": value})
    log_group = lab.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["arn"].removesuffix(":*")
    lb, tg = lab.load_balancer(unique("tag"))
    listener = lab.elb.describe_listeners(LoadBalancerArn=lb)["Listeners"][0]["ListenerArn"]
    lab.elb.add_tags(ResourceArns=[lb, tg, listener], Tags=tags)
    vpc, subnets = lab.network()
    group_id = lab.ec2.create_security_group(GroupName=unique("tag"), Description="tag", VpcId=vpc,
                                             TagSpecifications=[{"ResourceType": "security-group",
                                                                 "Tags": tags}])["GroupId"]
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    instance = lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnets[0], TagSpecifications=[{"ResourceType": "instance",
                                                                              "Tags": tags}])["Instances"][0]
    account_region = "us-east-1:123456789012"
    return {"value": value, "tagging": aws("resourcegroupstaggingapi"), "arns": {
        "ecs:cluster": cluster, "ecs:task-definition": definition, "ecs:service": service,
        "logs:log-group": log_group, "elasticloadbalancing:loadbalancer": lb,
        "elasticloadbalancing:targetgroup": tg, "elasticloadbalancing:listener": listener,
        "ec2:security-group": f"arn:aws:ec2:{account_region}:security-group/{group_id}",
        "ec2:instance": f"arn:aws:ec2:{account_region}:instance/{instance['InstanceId']}"}}


def resources_of(tagged: dict[str, Any], *filters: str) -> set[str]:
    pages = tagged["tagging"].get_paginator("get_resources").paginate(
        ResourceTypeFilters=list(filters), TagFilters=[{"Key": "case", "Values": [tagged["value"]]}])
    return {r["ResourceARN"] for page in pages for r in page["ResourceTagMappingList"]}


@pytest.mark.parametrize("resource_type", ["ecs:cluster", "ecs:service", "ecs:task-definition", "logs:log-group",
                                           "elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup",
                                           "elasticloadbalancing:listener", "ec2:instance", "ec2:security-group"])
def test_a_resource_type_filter_finds_that_type_only(tagged: dict[str, Any], resource_type: str) -> None:
    assert resources_of(tagged, resource_type) == {tagged["arns"][resource_type]}


def test_a_service_filter_finds_every_type_of_that_service(tagged: dict[str, Any]) -> None:
    arns = tagged["arns"]
    for service in ("ecs", "logs", "elasticloadbalancing", "ec2"):
        assert resources_of(tagged, service) == {arn for kind, arn in arns.items() if kind.startswith(service + ":")}
    assert resources_of(tagged) == set(arns.values())


def test_tag_keys_and_values_are_listed_once_each(tagged: dict[str, Any]) -> None:
    tagging = tagged["tagging"]
    keys = [k for page in tagging.get_paginator("get_tag_keys").paginate() for k in page["TagKeys"]]
    values = [v for page in tagging.get_paginator("get_tag_values").paginate(Key="case") for v in page["TagValues"]]
    assert keys.count("case") == 1 and len(keys) == len(set(keys))
    assert values.count(tagged["value"]) == 1 and len(values) == len(set(values))


# --- ELBv2's default quotas, each settable

AWS_DEFAULT_ELB_LIMITS = {"application-load-balancers": "50", "target-groups": "3000",
                          "listeners-per-application-load-balancer": "50",
                          "targets-per-application-load-balancer": "1000", "rules-per-application-load-balancer": "100",
                          "network-load-balancers": "50", "targets-per-network-load-balancer": "3000"}


def account_limits(elb: Any, **paging: Any) -> dict[str, str]:
    pages = elb.get_paginator("describe_account_limits").paginate(**paging)
    return {limit["Name"]: limit["Max"] for page in pages for limit in page["Limits"]}


def test_elb_account_limits_are_aws_s_defaults_in_pages(aws: Callable[[str], Any]) -> None:
    limits = account_limits(aws("elbv2"))
    assert {name: limits.get(name) for name in AWS_DEFAULT_ELB_LIMITS} == AWS_DEFAULT_ELB_LIMITS
    assert "certificates-per-application-load-balancer" not in limits  # no name of API_Limit
    assert account_limits(aws("elbv2"), PaginationConfig={"PageSize": 3}) == limits


@pytest.fixture(scope="module")
def few_albs() -> Any:
    url = start_emulator(env={**os.environ, "ECSLAB_EMULATOR_ELB_APPLICATION_LOAD_BALANCERS": "3",
                              "ECSLAB_EMULATOR_ELB_TARGET_GROUPS": "7"})
    yield clients(url)("elbv2")
    stop_emulator(url)


def test_each_elb_limit_is_the_value_the_emulator_was_started_with(few_albs: Any) -> None:
    limits = account_limits(few_albs)
    assert (limits["application-load-balancers"], limits["target-groups"]) == ("3", "7")
    assert limits["listeners-per-application-load-balancer"] == "50"
