"""Service Quotas' EC2 vCPU quota (quotas.py), on the wire with boto3: the value the emulator was started with, the
shape of GetServiceQuota's answer, and NoSuchResourceException for a quota with no applied value."""

import os
from typing import Any

import pytest
from botocore.exceptions import ClientError

from conftest import clients, start_emulator, stop_emulator


@pytest.fixture(scope="module")
def quotas() -> Any:
    url = start_emulator(env={**os.environ, "ECSLAB_EMULATOR_EC2_VCPU_QUOTA": "5"})
    yield clients(url)("service-quotas")
    stop_emulator(url)


def test_ec2_standard_vcpus_is_the_value_the_emulator_was_started_with(quotas: Any) -> None:
    quota = quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"]
    assert quota["Value"] == 5.0
    assert quota["QuotaName"] == "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"
    assert quota["QuotaArn"] == "arn:aws:servicequotas:us-east-1:123456789012:ec2/L-1216C47A"


def test_a_quota_without_an_applied_value_is_no_such_resource(quotas: Any) -> None:
    with pytest.raises(ClientError) as refused:
        quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-74FC7D96")
    assert refused.value.response["Error"]["Code"] == "NoSuchResourceException"


def test_moto_s_own_vpc_quotas_still_answer(quotas: Any) -> None:
    code = quotas.list_aws_default_service_quotas(ServiceCode="vpc")["Quotas"][0]["QuotaCode"]
    assert quotas.get_service_quota(ServiceCode="vpc", QuotaCode=code)["Quota"]["QuotaCode"] == code
