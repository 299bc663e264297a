"""Answers of AWS's own publishing — SSM's public parameters, the tagging API, default quotas — as AWS gives them,
on the wire with boto3, where moto 5.2.5 answers otherwise."""

import json
import os
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, clients, start_emulator, stop_emulator, unique

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
