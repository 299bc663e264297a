"""The account's quotas that `ecslab doctor` reads, each settable by an environment variable.

- Service Quotas' EC2 vCPU quota: moto 5.2.5 knows only VPC's quotas and answers NoSuchResourceException for EC2's.
  The applied value is ECSLAB_EMULATOR_EC2_VCPU_QUOTA (default 32, a common value on accounts past their first weeks;
  new ones may have less). The shape is GetServiceQuota's in the API reference.
- ELBv2's DescribeAccountLimits: AWS's default quotas ("Quotas for your Application Load Balancers", and the Network
  and Gateway Load Balancer pages) under the names API_Limit lists, each settable by ECSLAB_EMULATOR_ELB_<NAME> (the
  name upper-cased, `-` as `_`: ECSLAB_EMULATOR_ELB_APPLICATION_LOAD_BALANCERS). moto answered 20 application load
  balancers (AWS: 50), 30 targets per one (AWS: 1,000) and a certificates limit API_Limit does not name. Neither moto
  nor the emulator refuses a create past one of them.
"""

import os
from typing import Any

from moto.core.responses import ActionResult
from moto.servicequotas.models import ServiceQuotasBackend

from . import pipeline
from .pipeline import Request

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


# DescribeAccountLimits' names (API_Limit) with AWS's default for a new account
ELB_DEFAULT_LIMITS = {
    "application-load-balancers": 50,
    "condition-values-per-alb-rule": 5,
    "gateway-load-balancers": 100,
    "gateway-load-balancers-per-vpc": 100,
    "geneve-target-groups": 100,
    "listeners-per-application-load-balancer": 50,
    "listeners-per-network-load-balancer": 50,
    "network-load-balancers": 50,
    "rules-per-application-load-balancer": 100,
    "target-groups": 3000,
    "target-groups-per-action-on-application-load-balancer": 5,
    "target-groups-per-application-load-balancer": 100,
    "targets-per-application-load-balancer": 1000,
    "targets-per-availability-zone-per-gateway-load-balancer": 300,
    "targets-per-availability-zone-per-network-load-balancer": 500,
    "targets-per-network-load-balancer": 3000,
}


def elb_limit_variable(name: str) -> str:
    return "ECSLAB_EMULATOR_ELB_" + name.upper().replace("-", "_")


def elb_limit(name: str) -> int:
    return int(os.environ.get(elb_limit_variable(name), ELB_DEFAULT_LIMITS[name]))


def elb_account_limits(request: Request, result: Any) -> Any:
    """One page of PageSize limits from Marker (moto ignored both); Max is a string in the API."""
    limits = [{"Name": name, "Max": str(elb_limit(name))} for name in ELB_DEFAULT_LIMITS]
    start = int(request.param("Marker") or 0)
    end = start + int(request.param("PageSize") or len(limits))
    page: dict[str, Any] = {"Limits": limits[start:end]}
    if end < len(limits):
        page["NextMarker"] = str(end)
    return ActionResult(page)


def install() -> None:
    pipeline.after("elasticloadbalancing", "DescribeAccountLimits", elb_account_limits)
    get_service_quota = ServiceQuotasBackend.get_service_quota

    def with_ec2_vcpus(self: ServiceQuotasBackend, service_code: str, quota_code: str) -> dict[str, Any]:
        if service_code == "ec2" and quota_code == EC2_STANDARD_VCPUS:
            return ec2_vcpu_quota(self.region_name, self.account_id)
        return get_service_quota(self, service_code, quota_code)

    ServiceQuotasBackend.get_service_quota = with_ec2_vcpus
