"""AWS's eventual consistency, in deterministic windows: for a while after a create, the thing is not there yet.

AWS documents that these lags exist, not how long they last; a client that does not wait and retry fails on its
first real run. Here each lag is a fixed window of AWS seconds (below, one place) × ECSLAB_EMULATOR_TIME_SCALE, timed
from the create with clock.now() and kept on moto's own objects (so each account and region has its own). Instances
also move through their states in time — pending → running, shutting-down → terminated — instead of moto's instant
`running` and `terminated`; and for a moment after an UpdateService, DescribeServices shows the desired count from
before it. Installed unless the emulator runs with --lenient.
"""

import copy
from typing import Any

from moto.ec2.exceptions import InvalidInstanceIdError, InvalidSecurityGroupNotFoundError
from moto.ec2.models import EC2Backend
from moto.ec2.models.instances import Instance, InstanceState
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.iam.models import IAMBackend, iam_backends
from moto.utilities.utils import get_partition

from . import clock, pipeline
from .aws_errors import find_profile, no_roles_error, profile_error, requested_profile
from .pipeline import CONSISTENCY, Request

# ---- AWS seconds. AWS gives no figures for these windows; each is a short, typical lag, so tests stay fast.

# "resources might not be immediately available": a new security group, a new instance.
# https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
SECURITY_GROUP_UNSEEN = 2
INSTANCE_UNSEEN = 2
# Instance states (API_InstanceState): pending before running, shutting-down before terminated, as long as the clock
# table says (clock.PHASES).
# IAM changes reach EC2 late: "Invalid IAM Instance Profile name" right after CreateInstanceProfile, "has no
# associated IAM Roles" right after AddRoleToInstanceProfile.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
INSTANCE_PROFILE_UNSEEN = 10
INSTANCE_PROFILE_ROLE_UNSEEN = 5
# ECS cannot assume its service-linked role right after iam:CreateServiceLinkedRole; every CreateCluster in the
# window fails. https://github.com/hashicorp/terraform-provider-aws/issues/15452
ECS_SERVICE_LINKED_ROLE_UNUSABLE = 10
# "the result of an API command you run that affects your Amazon ECS resources might not be immediately visible to
# all subsequent commands you run" (the ECS API Reference, on RunTask's page): DescribeServices shows the desired count
# from before an UpdateService changed it. A waiter that reads "stable" then (the old count running) stops too early.
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
ECS_SERVICE_DESIRED_COUNT_STALE = 2


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


# ---- EC2 security groups

def _security_groups() -> None:
    create = EC2Backend.create_security_group
    describe = EC2Backend.describe_security_groups
    authorize_ingress = EC2Backend.authorize_security_group_ingress
    authorize_egress = EC2Backend.authorize_security_group_egress

    def create_unseen(self: EC2Backend, name: str, description: str, *args: Any, **kwargs: Any) -> Any:
        group = create(self, name, description, *args, **kwargs)
        if not kwargs.get("is_default"):  # a VPC's own default group exists as soon as the VPC does
            group._ecslab_created = clock.now()
        return group

    def unseen(group: Any) -> bool:
        return within(getattr(group, "_ecslab_created", None), SECURITY_GROUP_UNSEEN)

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

    EC2Backend.create_security_group = create_unseen
    EC2Backend.describe_security_groups = describe_seen
    EC2Backend.authorize_security_group_ingress = authorizing(authorize_ingress)
    EC2Backend.authorize_security_group_egress = authorizing(authorize_egress)


# ---- EC2 instances

_NEXT_STATE = {"pending": ("running", 16), "shutting-down": ("terminated", 48)}


def _instance_states() -> None:
    """Instance._state becomes a property that moves on when its time is due, so every reader (describe, filters,
    waiters, the agent) sees the same state at the same moment, however often it asks."""
    terminate = Instance.terminate

    def get_state(self: Instance) -> InstanceState:
        state = self.__dict__["_ecslab_state"]
        due = self.__dict__.get("_ecslab_state_due")
        if due is not None and clock.now() >= due and state.name in _NEXT_STATE:
            state.name, state.code = _NEXT_STATE[state.name]
            self.__dict__["_ecslab_state_due"] = None
        return state

    def set_state(self: Instance, state: InstanceState) -> None:
        self.__dict__["_ecslab_state"] = state

    def terminate_in_time(self: Instance) -> Any:
        before = self._state.name
        previous = terminate(self)  # moto: terminated at once
        if before in ("pending", "running", "stopping", "stopped", "shutting-down"):
            due = self.__dict__.get("_ecslab_state_due") if before == "shutting-down" else None
            self._state = InstanceState("shutting-down", 32)
            self.__dict__["_ecslab_state_due"] = due or clock.now() + clock.lasts("instance_shutting_down")
        return previous

    Instance._state = property(get_state, set_state)  # type: ignore[assignment]
    Instance.terminate = terminate_in_time


def _new_instances() -> None:
    run_instances = EC2Backend.run_instances
    describe_instances = EC2Backend.describe_instances
    by_ids = EC2Backend.get_reservations_by_instance_ids
    multi_by_ids = EC2Backend.get_multi_instances_by_id

    def run_pending(self: EC2Backend, *args: Any, **kwargs: Any) -> Any:
        reservation = run_instances(self, *args, **kwargs)
        for instance in reservation.instances:
            if not hasattr(instance, "_ecslab_launched"):  # a client-token replay returns the same, unchanged
                instance._ecslab_launched = clock.now()
                instance._state = InstanceState("pending", 0)
                instance._ecslab_state_due = clock.now() + clock.lasts("instance_pending")
        return reservation

    def unseen(instance: Any) -> bool:
        return within(getattr(instance, "_ecslab_launched", None), INSTANCE_UNSEEN)

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

    EC2Backend.run_instances = run_pending
    EC2Backend.describe_instances = describe_seen
    EC2Backend.get_reservations_by_instance_ids = by_seen_ids
    EC2Backend.get_multi_instances_by_id = multi_seen


# ---- IAM instance profiles, as RunInstances sees them

def _instance_profiles() -> None:
    create_profile = IAMBackend.create_instance_profile
    add_role = IAMBackend.add_role_to_instance_profile

    def create_unseen(self: IAMBackend, *args: Any, **kwargs: Any) -> Any:
        profile = create_profile(self, *args, **kwargs)
        profile._ecslab_created = clock.now()
        return profile

    def add_role_unseen(self: IAMBackend, profile_name: str, role_name: str) -> None:
        add_role(self, profile_name, role_name)
        self.get_instance_profile(profile_name)._ecslab_role_added = clock.now()

    def seen_by_ec2(request: Request) -> None:
        asked = requested_profile(request)
        if asked is None:
            return
        name, arn = asked
        profile = find_profile(request.account, request.moto.partition, arn, name)
        if profile is not None:
            if within(getattr(profile, "_ecslab_created", None), INSTANCE_PROFILE_UNSEEN):
                raise profile_error(name, arn)
            if within(getattr(profile, "_ecslab_role_added", None), INSTANCE_PROFILE_ROLE_UNSEEN):
                raise no_roles_error(profile)

    IAMBackend.create_instance_profile = create_unseen
    IAMBackend.add_role_to_instance_profile = add_role_unseen
    pipeline.before(CONSISTENCY, "ec2", "RunInstances", seen_by_ec2)


# ---- ECS and its service-linked role

def _ecs_service_linked_role() -> None:
    create_role = IAMBackend.create_service_linked_role
    create_cluster = EC2ContainerServiceBackend.create_cluster

    def create_role_unusable(self: IAMBackend, service_name: str, *args: Any, **kwargs: Any) -> Any:
        role = create_role(self, service_name, *args, **kwargs)
        if service_name == "ecs.amazonaws.com":
            role._ecslab_ecs_slr_created = clock.now()
        return role

    def create_cluster_once_role_usable(self: EC2ContainerServiceBackend, *args: Any, **kwargs: Any) -> Any:
        iam = dict.get(dict.get(iam_backends, self.account_id) or {}, get_partition(self.region_name))
        if iam is not None and any(within(getattr(r, "_ecslab_ecs_slr_created", None),
                                          ECS_SERVICE_LINKED_ROLE_UNUSABLE) for r in iam.roles.values()):
            raise InvalidParameterException("Unable to assume the service linked role. Please verify that the ECS "
                                            "service linked role exists.")
        return create_cluster(self, *args, **kwargs)

    IAMBackend.create_service_linked_role = create_role_unusable
    EC2ContainerServiceBackend.create_cluster = create_cluster_once_role_usable


def _ecs_stale_desired_count() -> None:
    update_service = EC2ContainerServiceBackend.update_service
    describe_services = EC2ContainerServiceResponse.describe_services

    def update_remembering(self: EC2ContainerServiceBackend, service_properties: dict[str, Any]) -> Any:
        cluster = service_properties.get("cluster", "default")
        before = self._get_service(cluster, service_properties["service"].split("/")[-1]).desired_count
        service = update_service(self, service_properties)
        if service.desired_count != before:
            service._ecslab_desired_before = before
            service._ecslab_desired_changed = clock.now()
        return service

    def describe_stale(self: EC2ContainerServiceResponse) -> Any:
        result = describe_services(self)
        services = result.result.get("services", []) if hasattr(result, "result") else []
        for i, service in enumerate(services):
            if within(getattr(service, "_ecslab_desired_changed", None), ECS_SERVICE_DESIRED_COUNT_STALE):
                # a copy for this answer: the scheduler goes on reading the service's real desired count
                stale = copy.copy(service)
                stale.desired_count = service._ecslab_desired_before
                services[i] = stale
        return result

    EC2ContainerServiceBackend.update_service = update_remembering
    EC2ContainerServiceResponse.describe_services = describe_stale
