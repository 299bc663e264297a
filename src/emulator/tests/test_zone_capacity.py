"""ECSLAB_EMULATOR_NO_CAPACITY: RunInstances into a zone without capacity answers as EC2 does, and only there."""

import os
from typing import Any, Callable

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, SHORT_ALB_PHASES, start_emulator, stop_emulator

@pytest.fixture(scope="module")
def ec2() -> Any:
    url = start_emulator(env={**os.environ, **SHORT_ALB_PHASES, "ECSLAB_EMULATOR_NO_CAPACITY": "us-east-1a"})
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    no_retries = Config(retries={"max_attempts": 1, "mode": "standard"})
    yield lambda service: session.client(service, endpoint_url=url, config=no_retries)
    stop_emulator(url)

def launch(client: Callable[[str], Any], zone: str) -> Any:
    ec2 = client("ec2")
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    subnet = next(s["SubnetId"] for s in subnets if s["AvailabilityZone"] == zone)
    image = client("ssm").get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    return ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet)

def test_a_zone_without_capacity_refuses_with_a_server_error_naming_the_other_zones(ec2):
    with pytest.raises(ClientError) as refused:
        launch(ec2, "us-east-1a")
    error = refused.value.response
    assert error["Error"]["Code"] == "InsufficientInstanceCapacity"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert error["Error"]["Message"] == (
        "We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (us-east-1a). "
        "Our system will be working on provisioning additional capacity. You can currently get t3.micro capacity by "
        "not specifying an Availability Zone in your request or choosing us-east-1b, us-east-1c, us-east-1d, "
        "us-east-1f.")
    running = ec2("ec2").describe_instances(Filters=[{"Name": "availability-zone", "Values": ["us-east-1a"]}])
    assert running["Reservations"] == []

def test_another_zone_launches(ec2):
    launched = launch(ec2, "us-east-1b")["Instances"][0]
    assert launched["Placement"]["AvailabilityZone"] == "us-east-1b"
