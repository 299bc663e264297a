"""Service Quotas' EC2 vCPU quota, which `ecslab doctor` reads: moto 5.2.5 knows only VPC's quotas and answers
NoSuchResourceException for EC2's. The applied value is ECSLAB_EMULATOR_EC2_VCPU_QUOTA (default 32, a common value on
accounts past their first weeks; new ones may have less). The shape is GetServiceQuota's in the API reference."""

import os
from typing import Any

from moto.servicequotas.models import ServiceQuotasBackend

EC2_STANDARD_VCPUS = "L-1216C47A"


def ec2_vcpu_quota(region: str, account: str) -> dict[str, Any]:
    return {
        "ServiceCode": "ec2",
        "ServiceName": "Amazon Elastic Compute Cloud (Amazon EC2)",
        "QuotaArn": f"arn:aws:servicequotas:{region}:{account}:ec2/{EC2_STANDARD_VCPUS}",
        "QuotaCode": EC2_STANDARD_VCPUS,
        "QuotaName": "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
        "Value": float(os.environ.get("ECSLAB_EMULATOR_EC2_VCPU_QUOTA", "32")),
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
        "UsageMetric": {"MetricNamespace": "AWS/Usage", "MetricName": "ResourceCount",
                        "MetricDimensions": {"Class": "Standard/OnDemand", "Resource": "vCPU", "Service": "EC2",
                                             "Type": "Resource"},
                        "MetricStatisticRecommendation": "Maximum"},
    }


def install() -> None:
    get_service_quota = ServiceQuotasBackend.get_service_quota

    def with_ec2_vcpus(self: ServiceQuotasBackend, service_code: str, quota_code: str) -> dict[str, Any]:
        if service_code == "ec2" and quota_code == EC2_STANDARD_VCPUS:
            return ec2_vcpu_quota(self.region_name, self.account_id)
        return get_service_quota(self, service_code, quota_code)

    ServiceQuotasBackend.get_service_quota = with_ec2_vcpus
