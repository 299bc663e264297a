"""ELBv2 answers as the API reference documents them, where moto 5.2.5 answers otherwise.

- DescribeTargetHealth naming an instance that does not exist, or that is in another VPC than the target group, fails
  with InvalidTarget (API_DescribeTargetHealth, Errors); moto reports any id as an unregistered target. An instance
  of the group's VPC that is not registered stays `unused` with Target.NotRegistered (API_TargetHealth).
- An HTTP listener has no SslPolicy ("[HTTPS and TLS listeners] The security policy", API_Listener); moto gives
  every listener ELBSecurityPolicy-2016-08.

Target health itself (states, reasons, HealthCheckPort) is load_balancing.py's.
"""

from typing import Any

from moto.elbv2.exceptions import ELBClientError

from . import pipeline
from .pipeline import REFUSE, Request

_SECURE_PROTOCOLS = ("HTTPS", "TLS")


class InvalidTarget(ELBClientError):
    def __init__(self) -> None:
        super().__init__("InvalidTarget", "The specified target does not exist, is not in the same VPC as the target "
                                          "group, or has an unsupported instance type.")


def _is_instance_of_vpc(request: Request, instance_id: str, vpc_id: str) -> bool:
    ec2 = request.moto.elbv2_backend.ec2_backend
    instance = next((i for r in ec2.reservations.values() for i in r.instances if i.id == instance_id), None)
    return instance is not None and instance.vpc_id == vpc_id


def refuse_unknown_targets(request: Request) -> None:
    tg = request.moto.elbv2_backend.target_groups.get(request.param("TargetGroupArn"))
    if tg is None or getattr(tg, "target_type", "instance") != "instance":
        return None  # moto's TargetGroupNotFound; ip and lambda targets are not instances
    for target in request.param("Targets", []) or []:
        if not _is_instance_of_vpc(request, target.get("Id", ""), tg.vpc_id):
            raise InvalidTarget()
    return None


def no_ssl_policy_without_tls(request: Request, result: Any) -> Any:
    for listener in result.result.get("Listeners", []):
        if listener.protocol not in _SECURE_PROTOCOLS:
            listener.ssl_policy = None
    return result


def install() -> None:
    pipeline.before(REFUSE, "elasticloadbalancing", "DescribeTargetHealth", refuse_unknown_targets)
    pipeline.after("elasticloadbalancing", "CreateListener", no_ssl_policy_without_tls)
