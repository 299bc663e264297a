"""The load balancer's side: targets keyed by (instance id, port), health checks, draining.

moto keys targets by instance id alone (4 tasks on one instance collapse into one target), reports them healthy at
once and never drains. Here each registration is its own target; its health goes initial → healthy after the
group's interval × healthy threshold, a deregistered target is draining for the deregistration delay and then gone —
all in compressed time (clock.TIME_SCALE). Health is computed when asked, from timestamps, so no tick is needed.
"""

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from moto.elbv2.exceptions import InvalidTargetError, TargetGroupNotFoundError
from moto.elbv2.models import ELBv2Backend, FakeHealthStatus, FakeTargetGroup

from . import clock


@dataclass
class Target:
    id: str
    port: int
    registered_at: float
    deregistered_at: float | None = None


def targets_of(tg: FakeTargetGroup) -> "OrderedDict[tuple[str, int], Target]":
    if not hasattr(tg, "_ecslab_targets"):
        tg._ecslab_targets = OrderedDict()
    return tg._ecslab_targets


def _port(tg: FakeTargetGroup, target: dict[str, Any]) -> int:
    return int(target.get("Port") or tg.port)


def register(tg: FakeTargetGroup, target_id: str, port: int) -> None:
    targets = targets_of(tg)
    existing = targets.get((target_id, port))
    if existing is None or existing.deregistered_at is not None:
        targets[(target_id, port)] = Target(target_id, port, clock.now())


def deregister(tg: FakeTargetGroup, target_id: str, port: int) -> None:
    target = targets_of(tg).get((target_id, port))
    if target is not None and target.deregistered_at is None:
        target.deregistered_at = clock.now()


def _draining_seconds(tg: FakeTargetGroup) -> float:
    return clock.scaled(float(tg.attributes.get("deregistration_delay.timeout_seconds", 300)))


def _healthy_after(tg: FakeTargetGroup) -> float:
    return clock.scaled(float(tg.health_check_interval_seconds) * float(tg.healthy_threshold_count))


def purge_drained(tg: FakeTargetGroup) -> None:
    """Drop targets whose draining is over."""
    targets = targets_of(tg)
    for key, t in list(targets.items()):
        if t.deregistered_at is not None and clock.now() - t.deregistered_at >= _draining_seconds(tg):
            del targets[key]


def state_of(tg: FakeTargetGroup, target: Target, ec2_backend: Any) -> tuple[str, str | None, str | None]:
    """(state, reason, description) as DescribeTargetHealth reports them."""
    if target.deregistered_at is not None:
        return "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"
    if not tg.load_balancer_arns:
        return "unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"
    instance = ec2_backend.get_instance_by_id(target.id) if target.id.startswith("i-") else None
    if instance is not None and instance.state != "running":
        return "unused", "Target.InvalidState", "Target is in the stopped or terminated state"
    if clock.now() - target.registered_at < _healthy_after(tg):
        return "initial", "Elb.InitialHealthChecking", "Initial health checks in progress"
    return "healthy", None, None


def is_healthy(tg: FakeTargetGroup, target_id: str, port: int, ec2_backend: Any) -> bool:
    target = targets_of(tg).get((target_id, port))
    return target is not None and state_of(tg, target, ec2_backend)[0] == "healthy"


def is_registered(tg: FakeTargetGroup, target_id: str, port: int) -> bool:
    target = targets_of(tg).get((target_id, port))
    return target is not None and target.deregistered_at is None


def install() -> None:
    def register_targets(self: ELBv2Backend, target_group_arn: str, instances: list[Any]) -> None:
        tg = self.target_groups.get(target_group_arn)
        if tg is None:
            raise TargetGroupNotFoundError()
        tg.register(instances)  # moto's own checks (instance exists and is running)
        for t in instances:
            register(tg, t["Id"], _port(tg, t))

    def deregister_targets(self: ELBv2Backend, target_group_arn: str, instances: list[dict[str, Any]]) -> None:
        tg = self.target_groups.get(target_group_arn)
        if tg is None:
            raise TargetGroupNotFoundError()
        for t in instances:
            if (t["Id"], _port(tg, t)) not in targets_of(tg):
                raise InvalidTargetError()
        for t in instances:
            deregister(tg, t["Id"], _port(tg, t))

    def describe_target_health(
        self: ELBv2Backend, target_group_arn: str, targets: list[dict[str, Any]]
    ) -> list[FakeHealthStatus]:
        tg = self.target_groups.get(target_group_arn)
        if tg is None:
            raise TargetGroupNotFoundError()
        purge_drained(tg)
        known = targets_of(tg)
        if targets:
            wanted = [(t["Id"], _port(tg, t)) for t in targets]
        else:
            wanted = list(known.keys())
        result = []
        for target_id, port in wanted:
            target = known.get((target_id, port))
            if target is None:
                result.append(FakeHealthStatus(target_id, str(port), tg.health_check_port, "unused",
                                               "Target.NotRegistered",
                                               "Target is not registered to the target group"))
                continue
            state, reason, description = state_of(tg, target, self.ec2_backend)
            result.append(FakeHealthStatus(target_id, str(port), tg.health_check_port, state, reason, description))
        return result

    ELBv2Backend.register_targets = register_targets
    ELBv2Backend.deregister_targets = deregister_targets
    ELBv2Backend.describe_target_health = describe_target_health
