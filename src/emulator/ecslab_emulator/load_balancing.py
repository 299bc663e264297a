"""The load balancer's side: targets keyed by (instance id, port), health checks, draining, and the listener's
choice of target.

moto keys targets by instance id alone (4 tasks on one instance collapse into one target), reports them healthy at
once and never drains. Here each registration is its own target; its health comes from real HTTP health checks
(data_plane.probe) to the target's port with the group's path, matcher, interval, timeout and thresholds, starting
once a load balancer that uses the group is active: initial → healthy after the healthy threshold's consecutive
passes, → unhealthy after the unhealthy threshold's consecutive failures, with AWS's reason codes. A deregistered
target is draining for the deregistration delay and then gone. Durations are compressed (clock.TIME_SCALE).
"""

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from moto.elbv2.exceptions import InvalidTargetError, TargetGroupNotFoundError
from moto.elbv2.models import ELBv2Backend, FakeHealthStatus, FakeLoadBalancer, FakeTargetGroup

from . import clock


# A health check's timeout never goes below this (seconds of wall time), however compressed: a busy machine must not
# turn a local answer that took a few hundred milliseconds into Target.Timeout.
MIN_CHECK_TIMEOUT = 1.0


@dataclass
class Target:
    id: str
    port: int
    registered_at: float
    deregistered_at: float | None = None
    # Until its first health check (one interval after registration, and only once a load balancer is active)
    health: str = "initial"
    reason: str | None = "Elb.RegistrationInProgress"
    description: str | None = "Target registration is in progress"
    passes: int = 0
    failures: int = 0
    next_check: float = 0.0


# Kept here, not on moto's objects, by ARN (a load balancer's and a target group's end in a random id)
_targets: dict[str, "OrderedDict[tuple[str, int], Target]"] = {}  # target group ARN
_active_at: dict[str, float] = {}  # load balancer ARN: when its provisioning is over
_lingering: dict[tuple[str, str], list[tuple[list[str], float]]] = {}  # (account, region): (groups, until)


def targets_of(tg: FakeTargetGroup) -> "OrderedDict[tuple[str, int], Target]":
    return _targets.setdefault(tg.arn, OrderedDict())


def _port(tg: FakeTargetGroup, target: dict[str, Any]) -> int:
    return int(target.get("Port") or tg.port)


def register(tg: FakeTargetGroup, target_id: str, port: int) -> None:
    targets = targets_of(tg)
    existing = targets.get((target_id, port))
    if existing is None or existing.deregistered_at is not None:
        # The first check comes one interval after registration, as on AWS.
        targets[(target_id, port)] = Target(target_id, port, clock.now(), next_check=clock.now() + _interval(tg))


def deregister(tg: FakeTargetGroup, target_id: str, port: int) -> None:
    target = targets_of(tg).get((target_id, port))
    if target is not None and target.deregistered_at is None:
        target.deregistered_at = clock.now()


def _draining_seconds(tg: FakeTargetGroup) -> float:
    return clock.scaled(float(tg.attributes.get("deregistration_delay.timeout_seconds", 300)))


def _interval(tg: FakeTargetGroup) -> float:
    return clock.scaled(float(tg.health_check_interval_seconds))


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
    return target.health, target.reason, target.description


def is_healthy(tg: FakeTargetGroup, target_id: str, port: int, ec2_backend: Any) -> bool:
    target = targets_of(tg).get((target_id, port))
    return target is not None and state_of(tg, target, ec2_backend)[0] == "healthy"


def is_registered(tg: FakeTargetGroup, target_id: str, port: int) -> bool:
    target = targets_of(tg).get((target_id, port))
    return target is not None and target.deregistered_at is None


# ---- health checks: due_checks under the lock, data_plane.probe without it, record under it again

@dataclass
class Check:
    tg: FakeTargetGroup
    target: Target
    port: int
    path: str
    timeout: float


def health_check_port(tg: FakeTargetGroup, target_port: int) -> int:
    """The group's health check port, or the target's own for traffic-port (its default)."""
    if tg.health_check_port in (None, "", "traffic-port"):
        return target_port
    return int(tg.health_check_port)


def is_active(lb: Any) -> bool:
    lb.activate()  # moto's own step, which here waits for the clock (install below)
    return lb.state == "active"


# ---- the clock: a new load balancer provisions; a deleted one's network interfaces hold its security groups a while

def held_by_deleted_load_balancer(elbv2: ELBv2Backend, group_id: str) -> bool:
    lingering = _lingering.get((elbv2.account_id, elbv2.region_name), [])
    lingering[:] = [(groups, until) for groups, until in lingering if clock.now() < until]
    return any(group_id in groups for groups, _ in lingering)


def _active(elbv2: ELBv2Backend, tg: FakeTargetGroup) -> bool:
    return any(is_active(lb) for arn in tg.load_balancer_arns if (lb := elbv2.load_balancers.get(arn)) is not None)


def due_checks(elbv2: ELBv2Backend, ec2_backend: Any) -> list[Check]:
    checks = []
    now = clock.now()
    for tg in elbv2.target_groups.values():
        if not tg.load_balancer_arns or not _active(elbv2, tg):
            continue
        for target in targets_of(tg).values():
            if target.deregistered_at is not None or target.next_check > now:
                continue
            instance = ec2_backend.get_instance_by_id(target.id) if target.id.startswith("i-") else None
            if instance is not None and instance.state != "running":
                continue
            target.next_check = now + _interval(tg)
            if target.reason == "Elb.RegistrationInProgress":
                target.reason, target.description = "Elb.InitialHealthChecking", "Initial health checks in progress"
            port = health_check_port(tg, target.port)
            timeout = max(clock.scaled(float(tg.health_check_timeout_seconds)), MIN_CHECK_TIMEOUT)
            checks.append(Check(tg, target, port, tg.health_check_path or "/", timeout))
    return checks


def _matches(matcher: dict[str, Any] | None, status: int) -> bool:
    """The group's matcher: "200", "200,302" or "200-299"."""
    for part in str((matcher or {}).get("HttpCode", "200")).split(","):
        low, _, high = part.strip().partition("-")
        if int(low) <= status <= int(high or low):
            return True
    return False


def record(check: Check, status: int | None, failure: str) -> None:
    """One health check's outcome, with the reason codes of DescribeTargetHealth."""
    tg, target = check.tg, check.target
    if status is not None and _matches(getattr(tg, "matcher", None), status):
        target.passes, target.failures = target.passes + 1, 0
        if target.health != "healthy" and target.passes >= int(tg.healthy_threshold_count):
            target.health, target.reason, target.description = "healthy", None, None
        return
    target.passes, target.failures = 0, target.failures + 1
    if target.health == "unhealthy" or target.failures < int(tg.unhealthy_threshold_count):
        return
    target.health = "unhealthy"
    if status is not None:
        target.reason = "Target.ResponseCodeMismatch"
        target.description = f"Health checks failed with these codes: [{status}]"
    elif failure == "timeout":
        target.reason, target.description = "Target.Timeout", "Request timed out"
    else:
        target.reason, target.description = "Target.FailedHealthChecks", "Health checks failed"


# ---- the listener's choice

_next_target: dict[str, int] = {}


def find_load_balancer(elbv2: ELBv2Backend, dns_name: str) -> Any:
    return next((lb for lb in elbv2.load_balancers.values() if lb.dns_name.lower() == dns_name), None)


def route(elbv2: ELBv2Backend, lb: Any) -> Target | None:
    """The target the HTTP listener sends the next request to, round robin over healthy targets; None means 503.
    Draining targets get no new requests. Only if every registered target is unhealthy does the ALB fail open and
    use them all (Elastic Load Balancing guide, "Health checks for your target groups")."""
    listener = next((listener for listener in lb.listeners.values() if listener.protocol == "HTTP"), None)
    if listener is None or not is_active(lb):
        return None
    action = next((a for a in listener.default_actions if a.type == "forward"), None)
    arn = action.data.get("TargetGroupArn") if action is not None else None
    if arn is None and action is not None:
        arn = next(iter(action.data.get("ForwardConfig", {}).get("TargetGroups", [])), {}).get("TargetGroupArn")
    tg = elbv2.target_groups.get(arn) if arn else None
    if tg is None:
        return None
    live = [t for t in targets_of(tg).values() if t.deregistered_at is None]
    pool = [t for t in live if t.health == "healthy"]
    if not pool and live and all(t.health == "unhealthy" for t in live):
        pool = live
    if not pool:
        return None
    turn = _next_target.get(tg.arn, 0)
    _next_target[tg.arn] = turn + 1
    return pool[turn % len(pool)]


def install() -> None:
    create_load_balancer = ELBv2Backend.create_load_balancer
    delete_load_balancer = ELBv2Backend.delete_load_balancer

    def create_provisioning(self: ELBv2Backend, *args: Any, **kwargs: Any) -> Any:
        lb = create_load_balancer(self, *args, **kwargs)
        if lb.arn not in _active_at:  # an idempotent repeat returns the same one
            _active_at[lb.arn] = clock.now() + clock.lasts("alb_provisioning")
        return lb

    def activate_in_time(self: FakeLoadBalancer) -> None:
        # moto: active at the first describe; AWS: when provisioning is over
        if self.state == "provisioning" and clock.now() >= _active_at.get(self.arn, 0):
            self.state = "active"

    def delete_lingering(self: ELBv2Backend, arn: str) -> None:
        lb = self.load_balancers.get(arn)
        delete_load_balancer(self, arn)
        if lb is not None and lb.security_groups:
            _lingering.setdefault((self.account_id, self.region_name), []).append(
                (list(lb.security_groups), clock.now() + clock.lasts("alb_eni_linger")))

    ELBv2Backend.create_load_balancer = create_provisioning
    FakeLoadBalancer.activate = activate_in_time
    ELBv2Backend.delete_load_balancer = delete_lingering

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
            checked_on = str(health_check_port(tg, port))
            target = known.get((target_id, port))
            if target is None:
                result.append(FakeHealthStatus(target_id, str(port), checked_on, "unused", "Target.NotRegistered",
                                               "Target is not registered to the target group"))
                continue
            state, reason, description = state_of(tg, target, self.ec2_backend)
            result.append(FakeHealthStatus(target_id, str(port), checked_on, state, reason, description))
        return result

    ELBv2Backend.register_targets = register_targets
    ELBv2Backend.deregister_targets = deregister_targets
    ELBv2Backend.describe_target_health = describe_target_health
