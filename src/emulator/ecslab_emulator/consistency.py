"""AWS's eventual consistency, in deterministic windows: for a while after a create, the thing is not there yet.

AWS documents that these lags exist, not how long they last; a client that does not wait and retry fails on its
first real run. Here each lag is a fixed window of AWS seconds (below, one place) × ECSLAB_EMULATOR_TIME_SCALE, timed
from the create with clock.now() and kept here, by the thing's id or ARN (unique across accounts and regions).
Instances also move through their states in time — pending → running, shutting-down → terminated — instead of
moto's instant `running` and `terminated`; and for a moment after an UpdateService, DescribeServices shows the
desired count from before it. Installed unless the emulator runs with --lenient.

What only requests do is hooked into the pipeline's consistency stage (pipeline.py): the windows are refused before
moto's action, the creates timed after it. What moto itself reads — a security group, an instance and its state,
whoever asks — stays a change of moto's methods, each replaced here alone.
"""

import copy
import os
from typing import Any

from moto.ec2.exceptions import EC2ClientError, InvalidInstanceIdError, InvalidSecurityGroupNotFoundError
from moto.ec2.models import EC2Backend, ec2_backends
from moto.ec2.models.instances import Instance, InstanceState
from moto.ecs.exceptions import InvalidParameterException
from moto.elbv2.exceptions import ELBClientError
from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

from . import clock, pipeline
from .aws_errors import forwarded_target_groups, no_roles_error, profile_error, requested_profile
from .pipeline import CONSISTENCY, Request

# ---- AWS seconds. AWS gives no figures for these windows; each is a short, typical lag, so tests stay fast. The IAM
# ones can be set, in AWS seconds, by their variable: a test plays them at the longest length users report.


def _window(env: str, typical: float) -> float:
    return float(os.environ.get(env, typical))


# "resources might not be immediately available": a new security group, a new instance.
# https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
SECURITY_GROUP_UNSEEN = 2
INSTANCE_UNSEEN = 2
# Instance states (API_InstanceState): pending before running, shutting-down before terminated, as long as the clock
# table says (clock.PHASES).
# IAM changes reach EC2 late: "Invalid IAM Instance Profile name" right after CreateInstanceProfile, "has no
# associated IAM Roles" right after AddRoleToInstanceProfile.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
# Users report up to about two minutes for a new instance profile (docs/aws.md §1).
INSTANCE_PROFILE_UNSEEN = _window("ECSLAB_WINDOW_INSTANCE_PROFILE", 10)
INSTANCE_PROFILE_ROLE_UNSEEN = _window("ECSLAB_WINDOW_INSTANCE_PROFILE_ROLE", 5)
# ECS cannot assume its service-linked role right after iam:CreateServiceLinkedRole; every CreateCluster in the
# window fails. https://github.com/hashicorp/terraform-provider-aws/issues/15452
ECS_SERVICE_LINKED_ROLE_UNUSABLE = _window("ECSLAB_WINDOW_ECS_SERVICE_LINKED_ROLE", 10)
# "the result of an API command you run that affects your Amazon ECS resources might not be immediately visible to
# all subsequent commands you run" (the ECS API Reference, on RunTask's page): DescribeServices shows the desired count
# from before an UpdateService changed it. A waiter that reads "stable" then (the old count running) stops too early.
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
ECS_SERVICE_DESIRED_COUNT_STALE = 2
# The ELBv2 API is eventually consistent too: a listener just created is "not found" for a moment
# (kubernetes-sigs/aws-load-balancer-controller#1433), and a target group's LoadBalancerArns lacks the load balancer
# a new listener forwards to it from.
TARGET_GROUP_LINK_UNSEEN = 3


# clock.now() of each create (or change) whose window is open or was, and each instance's next state change
_group_created: dict[str, float] = {}  # security group id
_instance_launched: dict[str, float] = {}  # instance id
_instance_state_due: dict[str, float | None] = {}  # instance id
_profile_created: dict[str, float] = {}  # instance profile ARN
_profile_role_added: dict[str, float] = {}  # instance profile ARN
_ecs_slr_created: dict[str, float] = {}  # role ARN
_desired_changed: dict[str, tuple[int, float]] = {}  # service ARN: (desired count before the change, when)
_target_group_linked: dict[tuple[str, str], float] = {}  # (target group ARN, load balancer ARN)


def within(created_at: float | None, aws_seconds: float) -> bool:
    """Whether something created at created_at (clock.now()) is still inside its window."""
    return created_at is not None and clock.now() - created_at < clock.scaled(aws_seconds)


def install() -> None:
    _security_groups()
    _instance_states()
    _new_instances()
    _instance_profiles()
    _ecs_service_linked_role()
    _ecs_stale_desired_count()
    _target_group_links()


# ---- EC2 security groups

def _security_groups() -> None:
    create = EC2Backend.create_security_group
    describe = EC2Backend.describe_security_groups
    authorize_ingress = EC2Backend.authorize_security_group_ingress
    authorize_egress = EC2Backend.authorize_security_group_egress

    def create_unseen(self: EC2Backend, name: str, description: str, *args: Any, **kwargs: Any) -> Any:
        group = create(self, name, description, *args, **kwargs)
        if not kwargs.get("is_default"):  # a VPC's own default group exists as soon as the VPC does
            _group_created[group.id] = clock.now()
        return group

    def unseen(group: Any) -> bool:
        return group is not None and within(_group_created.get(group.id), SECURITY_GROUP_UNSEEN)

    def describe_seen(self: EC2Backend, group_ids: list[str] | None = None, groupnames: list[str] | None = None,
                      filters: Any = None) -> Any:
        groups = describe(self, group_ids=group_ids, groupnames=groupnames, filters=filters)
        for group in groups:
            if unseen(group) and (group.id in (group_ids or []) or group.name in (groupnames or [])):
                raise InvalidSecurityGroupNotFoundError(group.id if group.id in (group_ids or []) else group.name)
        return [g for g in groups if not unseen(g)]  # a filtered or full listing simply lacks it

    def authorizing(authorize: Any) -> Any:
        def authorize_seen(self: EC2Backend, group_name_or_id: str, *args: Any, **kwargs: Any) -> Any:
            group = self.get_security_group_by_name_or_id(group_name_or_id, kwargs.get("vpc_id"))
            if group is not None and unseen(group):
                raise InvalidSecurityGroupNotFoundError(group_name_or_id)
            return authorize(self, group_name_or_id, *args, **kwargs)
        return authorize_seen

    def run_with_seen_groups(request: Request) -> None:
        # RunInstances: "The security group 'sg-…' does not exist in VPC 'vpc-…'" (moto issue 5484 quotes AWS);
        # by name, in the default VPC: "… does not exist in default VPC 'vpc-…'"
        ec2 = request.moto.ec2_backend
        ids = list(request.param("SecurityGroupIds", []) or [])
        for nic in request.param("NetworkInterfaces", []) or []:
            ids.extend(nic.get("Groups") or [] if isinstance(nic, dict) else [])
        for group_id in ids:
            group = ec2.get_security_group_from_id(group_id) if isinstance(group_id, str) else None
            if unseen(group):
                raise EC2ClientError("InvalidGroup.NotFound",
                                     f"The security group '{group_id}' does not exist in VPC '{group.vpc_id}'")
        for name in request.param("SecurityGroups", []) or []:
            for group in (g for groups in ec2.groups.values() for g in groups.values() if g.name == name):
                if unseen(group):
                    raise EC2ClientError("InvalidGroup.NotFound",
                                         f"The security group '{name}' does not exist in default VPC '{group.vpc_id}'")

    def load_balancer_with_seen_groups(request: Request) -> None:
        # ELB asks EC2 for the groups and answers InvalidSecurityGroup with EC2's words (API_CreateLoadBalancer
        # Errors; aws-load-balancer-controller issue 2371 shows the message)
        ec2 = ec2_backends[request.account][request.region]
        for group_id in request.param("SecurityGroups", []) or []:
            if isinstance(group_id, str) and unseen(ec2.get_security_group_from_id(group_id)):
                raise ELBClientError("InvalidSecurityGroup", f"The security group '{group_id}' does not exist")

    EC2Backend.create_security_group = create_unseen
    EC2Backend.describe_security_groups = describe_seen
    pipeline.before(CONSISTENCY, "ec2", "RunInstances", run_with_seen_groups)
    pipeline.before(CONSISTENCY, "elasticloadbalancing", "CreateLoadBalancer", load_balancer_with_seen_groups)
    EC2Backend.authorize_security_group_ingress = authorizing(authorize_ingress)
    EC2Backend.authorize_security_group_egress = authorizing(authorize_egress)


# ---- EC2 instances

_NEXT_STATE = {"pending": ("running", 16), "shutting-down": ("terminated", 48)}


def _instance_states() -> None:
    """Instance._state becomes a property that moves on when its time is due, so every reader (describe, filters,
    waiters, the agent) sees the same state at the same moment, however often it asks."""
    terminate = Instance.terminate

    def get_state(self: Instance) -> InstanceState:
        state = self.__dict__["_ecslab_state"]  # moto's own state, under another name: _state is this property
        due = _instance_state_due.get(self.__dict__.get("id", ""))
        if due is not None and clock.now() >= due and state.name in _NEXT_STATE:
            state.name, state.code = _NEXT_STATE[state.name]
            _instance_state_due[self.id] = None
        return state

    def set_state(self: Instance, state: InstanceState) -> None:
        self.__dict__["_ecslab_state"] = state

    def terminate_in_time(self: Instance) -> Any:
        before = self._state.name
        previous = terminate(self)  # moto: terminated at once
        if before in ("pending", "running", "stopping", "stopped", "shutting-down"):
            due = _instance_state_due.get(self.id) if before == "shutting-down" else None
            self._state = InstanceState("shutting-down", 32)
            _instance_state_due[self.id] = due or clock.now() + clock.lasts("instance_shutting_down")
        return previous

    Instance._state = property(get_state, set_state)  # type: ignore[assignment]
    Instance.terminate = terminate_in_time


def _new_instances() -> None:
    describe_instances = EC2Backend.describe_instances
    by_ids = EC2Backend.get_reservations_by_instance_ids
    multi_by_ids = EC2Backend.get_multi_instances_by_id

    def run_pending(request: Request, result: Any) -> Any:
        # after moto's action, before its answer is written: RunInstances itself answers pending, as on AWS
        for instance in result.result.instances:
            if instance.id not in _instance_launched:  # a client-token replay returns the same, unchanged
                _instance_launched[instance.id] = clock.now()
                instance._state = InstanceState("pending", 0)
                _instance_state_due[instance.id] = clock.now() + clock.lasts("instance_pending")
        return result

    def unseen(instance: Any) -> bool:  # None: an id EC2 never had, which moto itself answers for
        return instance is not None and within(_instance_launched.get(instance.id), INSTANCE_UNSEEN)

    def describe_seen(self: EC2Backend, filters: Any = None) -> Any:
        reservations = []
        for reservation in describe_instances(self, filters=filters):  # copies: their lists are ours to replace
            reservation.instances = [i for i in reservation.instances if not unseen(i)]
            if reservation.instances:
                reservations.append(reservation)
        return reservations

    def require_seen(ec2: EC2Backend, instance_ids: list[str]) -> None:
        new = [i for i in instance_ids if unseen(ec2.get_instance_by_id(i))]
        if new:
            raise InvalidInstanceIdError(new)

    def by_seen_ids(self: EC2Backend, instance_ids: list[str], filters: Any = None) -> Any:
        require_seen(self, instance_ids)
        return by_ids(self, instance_ids, filters=filters)

    def multi_seen(self: EC2Backend, instance_ids: list[str], filters: Any = None) -> Any:
        # TerminateInstances, StopInstances ... by id: a new instance is just as unknown to them
        require_seen(self, instance_ids)
        return multi_by_ids(self, instance_ids, filters)

    pipeline.after("ec2", "RunInstances", run_pending)
    EC2Backend.describe_instances = describe_seen
    EC2Backend.get_reservations_by_instance_ids = by_seen_ids
    EC2Backend.get_multi_instances_by_id = multi_seen


# ---- IAM instance profiles, as RunInstances sees them

def _instance_profiles() -> None:
    def create_unseen(request: Request, result: Any) -> Any:
        _profile_created[result.result["InstanceProfile"].arn] = clock.now()
        return result

    def add_role_unseen(request: Request, result: Any) -> Any:
        profile = request.moto.backend.get_instance_profile(request.param("InstanceProfileName"))
        _profile_role_added[profile.arn] = clock.now()
        return result

    def seen_by_ec2(request: Request) -> None:
        asked = requested_profile(request)
        if asked is None:
            return
        name, arn, profile = asked
        if profile is not None:
            if within(_profile_created.get(profile.arn), INSTANCE_PROFILE_UNSEEN):
                raise profile_error(name, arn)
            if within(_profile_role_added.get(profile.arn), INSTANCE_PROFILE_ROLE_UNSEEN):
                raise no_roles_error(profile)

    pipeline.after("iam", "CreateInstanceProfile", create_unseen)
    pipeline.after("iam", "AddRoleToInstanceProfile", add_role_unseen)
    pipeline.before(CONSISTENCY, "ec2", "RunInstances", seen_by_ec2)


# ---- ECS and its service-linked role

def _ecs_service_linked_role() -> None:
    def create_role_unusable(request: Request, result: Any) -> Any:
        if request.param("AWSServiceName") == "ecs.amazonaws.com":
            _ecs_slr_created[result.result["Role"].arn] = clock.now()
        return result

    def create_cluster_once_role_usable(request: Request) -> None:
        iam = dict.get(dict.get(iam_backends, request.account) or {}, get_partition(request.region))
        if iam is not None and any(within(_ecs_slr_created.get(r.arn), ECS_SERVICE_LINKED_ROLE_UNUSABLE)
                                   for r in iam.roles.values()):
            raise InvalidParameterException("Unable to assume the service linked role. Please verify that the ECS "
                                            "service linked role exists.")

    pipeline.after("iam", "CreateServiceLinkedRole", create_role_unusable)
    pipeline.before(CONSISTENCY, "ecs", "CreateCluster", create_cluster_once_role_usable)


def _ecs_stale_desired_count() -> None:
    def note_desired_count(request: Request) -> None:
        service = request.moto.ecs_backend._get_service(request.param("cluster", "default"),
                                                        request.param("service").split("/")[-1])
        request.notes["desired_before"] = service.desired_count

    def update_remembering(request: Request, result: Any) -> Any:
        service, before = result.result["service"], request.notes["desired_before"]
        if service.desired_count != before:
            _desired_changed[service.arn] = (before, clock.now())
        return result

    def describe_stale(request: Request, result: Any) -> Any:
        services = result.result.get("services", []) if hasattr(result, "result") else []
        for i, service in enumerate(services):
            before, changed = _desired_changed.get(service.arn, (None, None))
            if within(changed, ECS_SERVICE_DESIRED_COUNT_STALE):
                # a copy for this answer: the scheduler goes on reading the service's real desired count
                stale = copy.copy(service)
                stale.desired_count = before
                services[i] = stale
        return result

    pipeline.before(CONSISTENCY, "ecs", "UpdateService", note_desired_count)
    pipeline.after("ecs", "UpdateService", update_remembering)
    pipeline.after("ecs", "DescribeServices", describe_stale)


# ---- ELBv2: which load balancers use a target group

def _target_group_links() -> None:
    def note_new_links(request: Request, result: Any) -> Any:
        load_balancer = request.param("LoadBalancerArn")
        for arn in forwarded_target_groups(request.param("DefaultActions", [])):
            _target_group_linked[(arn, load_balancer)] = clock.now()
        return result

    def describe_without_new_links(request: Request, result: Any) -> Any:
        groups = result.result["TargetGroups"]
        if request.param("LoadBalancerArn"):
            return result  # asked by the load balancer: that index is not modelled as lagging
        for i, group in enumerate(groups):
            unseen = [lb for lb in group.load_balancer_arns
                      if within(_target_group_linked.get((group.arn, lb)), TARGET_GROUP_LINK_UNSEEN)]
            if unseen:
                # a copy for this answer: moto, and AWS's own checks, know the link at once
                lagging = copy.copy(group)
                lagging.load_balancer_arns = [lb for lb in group.load_balancer_arns if lb not in unseen]
                groups[i] = lagging
        return result

    pipeline.after("elasticloadbalancing", "CreateListener", note_new_links)
    pipeline.after("elasticloadbalancing", "DescribeTargetGroups", describe_without_new_links)

