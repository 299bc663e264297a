"""Where AWS refuses or de-duplicates and moto 5.2.5 goes along, make it behave like AWS.

The lab's safety rests on these: a retried create must not make a twin (client tokens, create-or-return), and a
teardown in the wrong order must fail as it does on AWS (DeleteCluster, DeleteSecurityGroup), or the tests of
cleanup order and of retries could not fail when they should. Each patch wraps moto's own method and raises the
error AWS raises, in the wire shape of that service's protocol.
"""

import copy
import re
from typing import Any

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.ec2.exceptions import DependencyViolationError
from moto.ec2.models import EC2Backend
from moto.ec2.utils import filter_dict_attribute_mapping
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.elbv2.exceptions import (
    DuplicateListenerError,
    DuplicateLoadBalancerName,
    DuplicateTargetGroupName,
    ELBClientError,
)
from moto.elbv2.models import elbv2_backends
from moto.iam.exceptions import NoSuchEntity

from . import load_balancing, pipeline
from .agent import find_container_instance
from .aws_errors import require_active_task_definition
from .companion_tables import forget_service
from .pipeline import REFUSE, Request
from .deployments import new_deployment, primary, start_deployment, starts_deployment
from .scheduler import companion_state, service_tasks


class EcsError(ServiceException):
    """An ECS error with its own code, e.g. ClusterContainsServicesException."""

    def __init__(self, code: str, message: str):
        super().__init__(code, message)


def install() -> None:
    _iam()
    _ecs_clusters()
    _ecs_container_instances()
    _ecs_services()
    _ecs_run_task()
    _ec2()
    _elbv2()


# ---- ECS RunTask

def _ecs_run_task() -> None:
    pipeline.before(REFUSE, "ecs", "RunTask", run_task_or_say_no_instance)


def run_task_or_say_no_instance(request: Request) -> Any:
    # moto raises a bare Exception (HTTP 500) for a cluster without container instances; ECS answers 200 with
    # the failure (API_RunTask, Failure: "No Container Instances were found in your cluster.")
    ecs = request.moto.ecs_backend
    cluster = ecs._get_cluster(request.param("cluster", "default"))
    if request.param("launchType") != "FARGATE" and not any(
            ci.status == "ACTIVE" for ci in ecs.container_instances.get(cluster.name, {}).values()):
        return ActionResult({"tasks": [], "failures": [
            {"arn": cluster.arn, "reason": "No Container Instances were found in your cluster."}]})
    return None


# ---- IAM

def _iam() -> None:
    pipeline.before(REFUSE, "iam", "RemoveRoleFromInstanceProfile", remove_role_or_say_no_such_entity)


def remove_role_or_say_no_such_entity(request: Request) -> None:
    role_name = request.param("RoleName")
    profile = request.moto.backend.get_instance_profile(request.param("InstanceProfileName"))
    if not any(r.name == role_name for r in profile.roles):
        # AWS answers NoSuchEntity (moto: HTTP 500), e.g. for a retry whose first answer was lost
        raise NoSuchEntity(f"The role with name {role_name} cannot be found.")


# ---- ECS clusters

def _ecs_clusters() -> None:
    pipeline.before(REFUSE, "ecs", "CreateCluster", create_or_return)
    pipeline.before(REFUSE, "ecs", "DeleteCluster", refuse_while_in_use)


def create_or_return(request: Request) -> Any:
    existing = request.moto.ecs_backend.clusters.get(request.param("clusterName") or "default")
    if existing is not None and existing.status == "ACTIVE":
        return ActionResult({"cluster": existing})  # AWS: CreateCluster is idempotent for an existing name
    return None


def refuse_while_in_use(request: Request) -> None:
    ecs = request.moto.ecs_backend
    cluster = ecs._get_cluster(request.param("cluster"))
    if any(s.cluster_name == cluster.name and s.status in ("ACTIVE", "DRAINING") for s in ecs.services.values()):
        raise EcsError("ClusterContainsServicesException",
                       "The Cluster cannot be deleted while Services are active.")
    if any(ci.status in ("ACTIVE", "DRAINING") for ci in ecs.container_instances.get(cluster.name, {}).values()):
        raise EcsError("ClusterContainsContainerInstancesException",
                       "The Cluster cannot be deleted while Container Instances are active or draining.")
    if any(t.last_status != "STOPPED" for t in ecs.tasks.get(cluster.name, {}).values()):
        raise EcsError("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.")


# ---- ECS container instances

_FILTER = re.compile(r"^\s*ec2InstanceId\s+in\s+\[([^\]]*)\]\s*$|^\s*ec2InstanceId\s*==\s*'?([\w-]+)'?\s*$")


def _ecs_container_instances() -> None:
    register = EC2ContainerServiceBackend.register_container_instance

    def register_once(self: EC2ContainerServiceBackend, cluster_str: str, ec2_instance_id: str) -> Any:
        cluster = self._get_cluster(cluster_str)  # unknown cluster: ClusterNotFoundException, not HTTP 500
        existing = find_container_instance(self, ec2_instance_id)
        if existing is not None and existing.status == "ACTIVE" and existing.cluster_name == cluster.name:
            return existing  # the agent re-registering an instance gets the same container instance
        return register(self, cluster.name, ec2_instance_id)

    EC2ContainerServiceBackend.register_container_instance = register_once  # the agent registers through it too
    pipeline.after("ecs", "RegisterContainerInstance", record_total_resources)
    # answers in place of moto's, as after-hooks so that paging.py still cuts them into pages
    pipeline.after("ecs", "ListContainerInstances", lambda request, _moto: list_container_instances(request))
    pipeline.after("ecs", "ListTaskDefinitionFamilies", lambda request, _moto: list_task_definition_families(request))


def record_total_resources(request: Request, result: ActionResult) -> ActionResult:
    """A client's registration (an agent's, or a stand-in's) registers the totalResources it reports — CPU, MEMORY,
    PORTS, PORTS_UDP — as ECS does (API_RegisterContainerInstance); moto kept its own 4096 units and 7482 MiB. A
    re-registration of a container instance that holds tasks leaves what they took as it was."""
    ci = result.result["containerInstance"]  # type: ignore[index]
    reported = {r["name"]: r for r in request.param("totalResources") or []}
    if not reported or ci.running_tasks_count or ci.pending_tasks_count:
        return result
    for resources in (ci.registered_resources, ci.remaining_resources):
        for r in resources:
            if r["name"] in reported:
                for key in ("integerValue", "stringSetValue"):
                    if key in reported[r["name"]]:
                        r[key] = copy.deepcopy(reported[r["name"]][key])
    return result


def list_container_instances(request: Request) -> ActionResult:
    """ListContainerInstances with the filter ecslab uses (moto 5.2.5 ignores filter), answered here."""
    ecs, cluster_str = request.moto.ecs_backend, request.param("cluster", "default")
    ecs._get_cluster(cluster_str)
    arns = ecs.list_container_instances(cluster_str, status=request.param("status"))
    query = request.param("filter")
    if query:
        match = _FILTER.match(query)
        if match is None:
            raise InvalidParameterException(f"Unsupported filter expression: {query}")
        ids = set(re.findall(r"[\w-]+", match.group(1) or match.group(2) or ""))
        instances = ecs.container_instances.get(cluster_str.split("/")[-1], {})
        arns = [ci.container_instance_arn for ci in instances.values()
                if ci.ec2_instance_id in ids and ci.container_instance_arn in arns]
    return ActionResult({"containerInstanceArns": arns})


def list_task_definition_families(request: Request) -> ActionResult:
    """ListTaskDefinitionFamilies by status (API_ListTaskDefinitionFamilies): ACTIVE, the default, lists families with
    an ACTIVE revision; INACTIVE those with none; ALL both. moto 5.2.5 ignores status and lists every family."""
    status = request.param("status") or "ACTIVE"
    prefix = request.param("familyPrefix") or ""
    families = []
    for family, revisions in request.moto.ecs_backend.task_definitions.items():
        active = any(td.status == "ACTIVE" for td in revisions.values())
        if family.startswith(prefix) and revisions and (status == "ALL" or active == (status == "ACTIVE")):
            families.append(family)
    return ActionResult({"families": families})


# ---- ECS services

def _same_service_request(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("taskDefinition", "desiredCount", "loadBalancers", "launchType")
    return all(a.get(k) == b.get(k) for k in keys)


def create_service_once_per_token(request: Request) -> Any:
    ecs, params = request.moto.ecs_backend, request.moto._get_params()
    desired = params.get("desiredCount")
    if desired is not None and int(desired) < 0:
        raise InvalidParameterException("Desired count must be greater than or equal to 0.")
    cluster = ecs._get_cluster(params.get("cluster", "default"))
    existing = ecs.services.get(f"{cluster.name}:{params.get('serviceName')}")
    token = params.get("clientToken")
    if existing is not None and existing.status in ("ACTIVE", "DRAINING"):
        state = companion_state(existing)
        if existing.status == "DRAINING":
            raise InvalidParameterException("Unable to Start a service that is still Draining.")
        if token and token == state.client_token and _same_service_request(params, state.create_params or {}):
            return ActionResult({"service": existing})
        raise InvalidParameterException("Creation of service was not idempotent.")
    return None


def create_service_like_aws(request: Request, result: Any) -> Any:
    ecs, params = request.moto.ecs_backend, request.moto._get_params()
    cluster = ecs._get_cluster(params.get("cluster", "default"))
    service = ecs.services[f"{cluster.name}:{params.get('serviceName')}"]
    forget_service(service)  # what the scheduler kept of an earlier service of that name
    state = companion_state(service)
    state.client_token = params.get("clientToken")
    state.create_params = params
    # moto drops these; ECS keeps and reports them
    service.deployment_configuration = params.get("deploymentConfiguration") or {
        "maximumPercent": 200, "minimumHealthyPercent": 100,
        "deploymentCircuitBreaker": {"enable": False, "rollback": False}}
    state.deployment_configuration = service.deployment_configuration
    service.health_check_grace_period_seconds = params.get("healthCheckGracePeriodSeconds")
    service.placement_strategy = params.get("placementStrategy") or []
    service.enable_ecs_managed_tags = bool(params.get("enableECSManagedTags"))
    service.created_at = service.deployments[0]["createdAt"]
    service.deployments[:] = [new_deployment(service, service.task_definition)]
    return result


def _scale_primary(service: Any, desired: Any, running: int) -> None:
    """A new desired count alone starts no deployment: it is the PRIMARY's (API_UpdateService)."""
    deployment = primary(service)
    if desired is None or deployment is None:
        return
    deployment["desiredCount"] = int(desired)
    if deployment["rolloutState"] == "COMPLETED" and int(desired) != running:
        companion_state(service).steady = False


def _ecs_services() -> None:
    update_service = EC2ContainerServiceBackend.update_service
    delete_service = EC2ContainerServiceBackend.delete_service
    list_tasks = EC2ContainerServiceBackend.list_tasks

    def update_service_like_aws(self: EC2ContainerServiceBackend, props: dict[str, Any]) -> Any:
        desired = props.get("desired_count")
        if desired is not None and int(desired) < 0:
            raise InvalidParameterException("Desired count must be greater than or equal to 0.")
        cluster = self._get_cluster(props.get("cluster", "default"))
        service = self._get_service(cluster.name, props["service"].split("/")[-1])
        if service.status != "ACTIVE":
            raise EcsError("ServiceNotActiveException", "Service was not ACTIVE.")
        running, pending = service.running_count, service.pending_count
        new_task_definition = props.get("task_definition")
        if new_task_definition:
            require_active_task_definition(self, new_task_definition)
        running_on = service.task_definition
        # moto's forceNewDeployment gives the PRIMARY a new id in place; the deployment is started below instead
        result = update_service(self, {k: v for k, v in props.items() if k != "force_new_deployment"})
        # moto copies desiredCount into runningCount; the scheduler tells the truth instead
        service.running_count, service.pending_count = running, pending
        if props.get("deployment_configuration"):
            companion_state(service).deployment_configuration = props["deployment_configuration"]
        arn = self.describe_task_definition(new_task_definition).arn if new_task_definition else running_on
        service.task_definition = arn  # moto keeps it as given (family, family:revision); ECS answers the ARN
        if starts_deployment(running_on, arn, bool(props.get("force_new_deployment"))):
            start_deployment(service, arn)
        else:
            _scale_primary(service, desired, running)
        return result

    def delete_service_draining(self: EC2ContainerServiceBackend, cluster_name: str, service_name: str,
                                force: bool) -> Any:
        service = delete_service(self, cluster_name, service_name, force)
        # AWS: DRAINING while its tasks stop, then INACTIVE (the scheduler moves it on)
        if service_tasks(self, service):
            service.status = "DRAINING"
        service.desired_count = 0
        return service

    def list_tasks_of_service(self: EC2ContainerServiceBackend, cluster_str: Any = None, container_instance: Any = None,
                              family: Any = None, started_by: Any = None, service_name: Any = None,
                              desiredStatus: Any = None) -> Any:
        tasks = list_tasks(self, cluster_str, container_instance, family, started_by, None, desiredStatus)
        if service_name:
            tasks = [t for t in tasks if t.group == f"service:{service_name.split('/')[-1]}"]
        return tasks

    pipeline.before(REFUSE, "ecs", "CreateService", create_service_once_per_token)
    pipeline.after("ecs", "CreateService", create_service_like_aws)
    EC2ContainerServiceBackend.update_service = update_service_like_aws
    EC2ContainerServiceBackend.delete_service = delete_service_draining
    EC2ContainerServiceBackend.list_tasks = list_tasks_of_service


# ---- EC2

def _ec2() -> None:
    run_instances = EC2Backend.run_instances
    terminate_instances = EC2Backend.terminate_instances
    delete_security_group = EC2Backend.delete_security_group

    def run_instances_once_per_token(self: EC2Backend, image_id: str, count: int, user_data: Any,
                                     security_group_names: Any, **kwargs: Any) -> Any:
        token = kwargs.get("client_token")
        if token and token != "ABCDE":  # moto's stand-in for "no token"
            for reservation in self.reservations.values():
                if any(getattr(i, "client_token", None) == token for i in reservation.instances):
                    return reservation  # AWS: a retried RunInstances with the same token returns the same instances
        reservation = run_instances(self, image_id, count, user_data, security_group_names, **kwargs)
        for instance in reservation.instances:
            # Groups given on the primary network interface are the instance's groups on AWS (DescribeInstances
            # lists them; DeleteSecurityGroup sees them in use); moto keeps them on the interface only.
            primary_nic = instance.nics.get(0)
            if not instance.security_groups and primary_nic is not None:
                instance.security_groups = list(primary_nic._group_set)
        return reservation

    def terminate_once(self: EC2Backend, instance_ids: list[str]) -> Any:
        done = []
        for instance in self.get_multi_instances_by_id(instance_ids):
            if instance.state in ("shutting-down", "terminated"):
                # AWS answers with the current state; moto would delete the instance's network interfaces again
                # and fail with InvalidNetworkInterfaceID.NotFound.
                done.append((instance, copy.copy(instance._state)))
            else:
                done.extend(terminate_instances(self, [instance.id]))
        return done

    def refuse_group_in_use(self: EC2Backend, name: str | None = None, group_id: str | None = None) -> Any:
        group = self.get_security_group_by_name_or_id(group_id or name)
        if group is not None:
            _check_group_unused(self, group)
        return delete_security_group(self, name=name, group_id=group_id)

    # DescribeInstances --filters Name=client-token (AWS has it; moto 5.2.5 raises NotImplementedError)
    filter_dict_attribute_mapping["client-token"] = "client_token"
    associate = EC2Backend.associate_iam_instance_profile

    def associate_once(self: EC2Backend, instance_id: str, *args: Any, **kwargs: Any) -> Any:
        existing = self.iam_instance_profile_associations.get(instance_id)
        if existing is not None and getattr(existing.instance, "client_token", None) not in (None, "ABCDE"):
            return existing  # the RunInstances replay of a client token re-associates: same answer, as on AWS
        return associate(self, instance_id, *args, **kwargs)

    EC2Backend.run_instances = run_instances_once_per_token
    EC2Backend.terminate_instances = terminate_once
    EC2Backend.associate_iam_instance_profile = associate_once
    EC2Backend.delete_security_group = refuse_group_in_use


def _check_group_unused(ec2: EC2Backend, group: Any) -> None:
    for reservation in ec2.reservations.values():
        for instance in reservation.instances:
            if instance.state != "terminated" and any(g.id == group.id for g in instance.security_groups):
                raise DependencyViolationError(f"resource {group.id} has a dependent object")
    elbv2 = elbv2_backends[ec2.account_id][ec2.region_name]
    if any(group.id in (lb.security_groups or []) for lb in elbv2.load_balancers.values()) \
            or load_balancing.held_by_deleted_load_balancer(elbv2, group.id):
        raise DependencyViolationError(f"resource {group.id} has a dependent object")
    for groups in ec2.groups.values():
        for other in groups.values():
            if other.id == group.id:
                continue
            for rule in other.ingress_rules + other.egress_rules:
                pairs = getattr(rule, "source_groups", None) or [getattr(rule, "source_group", None) or {}]
                if any(pair.get("GroupId") == group.id for pair in pairs):
                    raise DependencyViolationError(f"resource {group.id} has a dependent object")


# ---- ELBv2

def _elbv2() -> None:
    pipeline.before(REFUSE, "elasticloadbalancing", "CreateLoadBalancer", create_load_balancer_like_aws)
    pipeline.before(REFUSE, "elasticloadbalancing", "CreateTargetGroup", create_target_group_like_aws)
    pipeline.before(REFUSE, "elasticloadbalancing", "CreateListener", create_listener_once_per_port)


def create_load_balancer_like_aws(request: Request) -> Any:
    elbv2, params = request.moto.elbv2_backend, request.moto._get_params()  # what moto's action reads
    name, security_groups, subnet_ids = params.get("Name"), params.get("SecurityGroups", []), params.get("Subnets", [])
    subnets = [elbv2.ec2_backend.get_subnet(s) for s in subnet_ids or []]
    lb_type = params.get("Type") or "application"
    if lb_type == "application" and len({s.availability_zone for s in subnets if s is not None}) < 2 \
            and not params.get("SubnetMappings", []):
        raise ELBClientError("ValidationError",
                             "At least two subnets in two different Availability Zones must be specified")
    for lb in elbv2.load_balancers.values():
        if lb.name == name:
            same = (sorted(s.id for s in lb.subnets) == sorted(subnet_ids or [])
                    and sorted(lb.security_groups or []) == sorted(security_groups or [])
                    and lb.scheme == params.get("Scheme"))
            if same:  # AWS: same name and settings return the existing load balancer
                return ActionResult({"LoadBalancers": [lb]})
            raise DuplicateLoadBalancerName()
    return None


def create_target_group_like_aws(request: Request) -> Any:
    elbv2, params = request.moto.elbv2_backend, request.moto._get_params()
    for tg in elbv2.target_groups.values():
        if tg.name == params.get("Name"):
            interval = request.moto._get_int_param("HealthCheckIntervalSeconds")
            same = (tg.vpc_id == params.get("VpcId") and str(tg.port) == str(params.get("Port"))
                    and tg.protocol == params.get("Protocol")
                    and str(tg.health_check_interval_seconds) == str(interval or tg.health_check_interval_seconds))
            if same:  # AWS: same name and settings return the existing target group
                return ActionResult({"TargetGroups": [tg]})
            raise DuplicateTargetGroupName()
    return None


def create_listener_once_per_port(request: Request) -> None:
    balancer = request.moto.elbv2_backend.load_balancers.get(request.param("LoadBalancerArn"))
    port = request.param("Port")
    if balancer is not None and any(str(listener.port) == str(port) for listener in balancer.listeners.values()):
        raise DuplicateListenerError()
