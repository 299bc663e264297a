"""Answers AWS gives where moto 5.2.5 goes along: each with AWS's own code and message, raised as moto's exception of
that service so it reaches the client in the service's wire shape (ECS JSON `__type`; EC2, ELBv2 XML `<Code>`).

These are refusals a first run against real AWS meets (docs/aws.md §14); without them the lab's code for them
could not be tested here. Installed unless the emulator runs with --lenient. Each is a hook of the pipeline's refuse
stage (pipeline.py) on the operation it refuses, run before moto's action; one, the target groups a deleted load
balancer frees, is an after-hook.
"""

from typing import Any

from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import EC2Backend
from moto.ecs.exceptions import InvalidParameterException, ServiceNotFoundException
from moto.elbv2.exceptions import ELBClientError
from moto.elbv2.models import ELBv2Backend, elbv2_backends
from moto.iam import models as iam_models
from moto.iam.exceptions import InvalidInput
from moto.iam.models import iam_backends

from . import pipeline
from .pipeline import REFUSE, Request


def install() -> None:
    pipeline.before(REFUSE, "ecs", "ListTasks", list_tasks_of_a_live_service)
    pipeline.before(REFUSE, "ecs", "CreateService", check_task_definition_and_load_balancers)
    pipeline.before(REFUSE, "elasticloadbalancing", "DescribeTags", describe_tags_of_existing)
    pipeline.before(REFUSE, "elasticloadbalancing", "CreateListener", refuse_second_load_balancer)
    pipeline.after("elasticloadbalancing", "DeleteLoadBalancer", free_target_groups)
    # RunInstances, in moto's own order: the profile (moto checks it first, before DryRun), then the network, the zone
    pipeline.before(REFUSE, "ec2", "RunInstances", known_profile_with_a_role)
    pipeline.before(REFUSE, "ec2", "RunInstances", refuse_other_networks)
    pipeline.before(REFUSE, "ec2", "RunInstances", refuse_unoffered_zone)
    pipeline.before(REFUSE, "iam", "CreateServiceLinkedRole", refuse_a_taken_role_name)
    # Service-linked role names as AWS spells them (moto: AWSServiceRoleForecs, …Forelasticloadbalancing).
    iam_models.SERVICE_NAME_CONVERSION.setdefault("ecs", "ECS")
    iam_models.SERVICE_NAME_CONVERSION.setdefault("elasticloadbalancing", "ElasticLoadBalancing")


# ---- ECS

def list_tasks_of_a_live_service(request: Request) -> None:
    service_name = request.param("serviceName")
    if service_name:
        # API_ListTasks Errors: a service that does not exist, or is INACTIVE; a DRAINING one still lists
        ecs = request.moto.ecs_backend
        cluster = request.ecs_cluster()
        service = ecs.services.get(f"{cluster.name}:{service_name.split('/')[-1]}")
        if service is None or service.status == "INACTIVE":
            raise ServiceNotFoundException()


def require_active_task_definition(ecs: Any, task_definition: str) -> Any:
    """A deregistered (INACTIVE) revision runs no new tasks, starts no service and no service can be updated to it
    (DeregisterTaskDefinition, API reference); moto uses it anyway."""
    found = ecs.describe_task_definition(task_definition)
    if found.status != "ACTIVE":
        raise InvalidParameterException("TaskDefinition is inactive")
    return found


def check_task_definition_and_load_balancers(request: Request) -> None:
    if not request.param("taskDefinition"):
        return
    task_definition = require_active_task_definition(request.moto.ecs_backend, request.param("taskDefinition"))
    load_balancers = request.param("loadBalancers") or []
    if load_balancers:
        elbv2 = elbv2_backends[request.account][request.region]
        for lb in load_balancers:
            tg = elbv2.target_groups.get(lb.get("targetGroupArn") or "")
            if tg is not None and not tg.load_balancer_arns:
                # the listener (or rule) that forwards to the group must exist before the service
                raise InvalidParameterException(f"The target group with targetGroupArn {tg.arn} does not have "
                                                f"an associated load balancer.")
            name, port = lb.get("containerName"), lb.get("containerPort")
            container = next((c for c in task_definition.container_definitions if c.get("name") == name), None)
            if container is None:
                raise InvalidParameterException(f"The container {name} does not exist in the task definition.")
            if port is not None and not any(int(m.get("containerPort") or -1) == int(port)
                                            for m in container.get("portMappings") or []):
                raise InvalidParameterException(
                    f"The container {name} did not have a container port {port} defined.")


# ---- ELBv2

_NOT_FOUND = (  # (ARN marker, code, message): API_DescribeTags Errors; the whole call fails
    (":loadbalancer/", "LoadBalancerNotFound", "One or more load balancers not found"),
    (":targetgroup/", "TargetGroupNotFound", "One or more target groups not found"),
    (":listener-rule/", "RuleNotFound", "One or more rules not found"),
    (":listener/", "ListenerNotFound", "One or more listeners not found"),
)


def describe_tags_of_existing(request: Request) -> None:
    elbv2 = request.moto.elbv2_backend
    for arn in request.param("ResourceArns", []):
        for marker, code, message in _NOT_FOUND:
            if marker in arn:
                if not _elbv2_exists(elbv2, marker, arn):
                    raise ELBClientError(code, message)
                break


def refuse_second_load_balancer(request: Request) -> None:
    elbv2, load_balancer_arn = request.moto.elbv2_backend, request.param("LoadBalancerArn")
    actions = request.moto._get_params().get("DefaultActions", [])  # what moto's action hands its backend
    taken = [arn for arn in forwarded_target_groups(actions)
             if arn in elbv2.target_groups
             and any(lb != load_balancer_arn for lb in elbv2.target_groups[arn].load_balancer_arns)]
    if taken:  # quota "load balancers per target group": 1
        raise ELBClientError("TargetGroupAssociationLimit", "The following target groups cannot be associated "
                             "with more than one load balancer: " + ", ".join(taken))


def free_target_groups(request: Request, result: Any) -> Any:
    # AWS: deleting a load balancer (and so its listeners) frees its target groups for another one;
    # moto keeps the deleted ARN in the target group's LoadBalancerArns.
    arn = request.param("LoadBalancerArn")
    for group in request.moto.elbv2_backend.target_groups.values():  # moto adds the ARN once per listener rule
        group.load_balancer_arns[:] = [lb for lb in group.load_balancer_arns if lb != arn]
    return result


def forwarded_target_groups(actions: list[dict[str, Any]]) -> list[str]:
    arns = []
    for action in actions or []:
        if action.get("TargetGroupArn"):
            arns.append(action["TargetGroupArn"])
        for group in (action.get("ForwardConfig") or {}).get("TargetGroups") or []:
            if group.get("TargetGroupArn"):
                arns.append(group["TargetGroupArn"])
    return list(dict.fromkeys(arns))


def _elbv2_exists(elbv2: ELBv2Backend, marker: str, arn: str) -> bool:
    if marker == ":loadbalancer/":
        return arn in elbv2.load_balancers
    if marker == ":targetgroup/":
        return arn in elbv2.target_groups
    listeners = [ls for lb in elbv2.load_balancers.values() for ls in lb.listeners.values()]
    if marker == ":listener/":
        return any(ls.arn == arn for ls in listeners)
    return any(arn in ls.rules for ls in listeners)


# ---- EC2: instance types per Availability Zone

def offered_zones(ec2: EC2Backend, instance_type: str) -> list[str]:
    """The zones of the backend's region that offer instance_type, from the table DescribeInstanceTypeOfferings
    answers from (moto's offerings data), so the two never disagree."""
    offerings = ec2.describe_instance_type_offerings(location_type="availability-zone",
                                                     filters={"instance-type": [instance_type]})
    return sorted({o["Location"] for o in offerings})


def _run_instances_refusable(request: Request) -> bool:
    """Whether RunInstances reaches the checks moto's backend method made: moto refuses a subnet given twice and
    answers DryRun before it calls its backend."""
    return not (request.param("NetworkInterfaces", []) and request.param("SubnetId")) and not request.param("DryRun")


def refuse_unoffered_zone(request: Request) -> None:
    if not _run_instances_refusable(request):
        return
    ec2, instance_type = request.moto.ec2_backend, request.param("InstanceType")
    zone = requested_zone(ec2, request)
    if zone and instance_type:  # none given: moto's default type, not the client's choice
        zones = offered_zones(ec2, instance_type)
        if zones and zone not in zones:  # a type offered nowhere is moto's own InvalidInstanceType
            raise EC2ClientError(
                "Unsupported",
                f"Your requested instance type ({instance_type}) is not supported in your requested "
                f"Availability Zone ({zone}). Please retry your request by not specifying an Availability Zone "
                f"or choosing {', '.join(zones)}.")


def refuse_other_networks(request: Request) -> None:
    if not _run_instances_refusable(request):
        return
    ec2, subnet_id = request.moto.ec2_backend, request.param("SubnetId")
    if subnet_id:
        vpc_id = ec2.get_subnet(subnet_id).vpc_id
        for group_id in request.param("SecurityGroupIds", []) or []:
            group = ec2.get_security_group_from_id(group_id) if isinstance(group_id, str) else None
            if group is not None and group.vpc_id != vpc_id:
                raise EC2ClientError("InvalidParameter", f"Security group {group.id} and subnet {subnet_id} "
                                                         f"belong to different networks.")


def requested_zone(ec2: EC2Backend, request: Request) -> str | None:
    subnet_id = request.param("SubnetId") or next(
        (n.get("SubnetId") for n in request.param("NetworkInterfaces", []) or []
         if isinstance(n, dict) and n.get("SubnetId")), None)
    if subnet_id:
        return ec2.get_subnet(subnet_id).availability_zone
    return request.param("Placement.AvailabilityZone")


# ---- EC2: instance profiles

def profile_error(name: str | None, arn: str | None) -> EC2ClientError:
    """RunInstances' answer for a profile EC2 does not know (yet): InvalidParameterValue, not IAM's NoSuchEntity."""
    if arn:
        return EC2ClientError("InvalidParameterValue", f"Value ({arn}) for parameter iamInstanceProfile.arn is "
                                                       f"invalid. Invalid IAM Instance Profile ARN")
    return EC2ClientError("InvalidParameterValue", f"Value ({name}) for parameter iamInstanceProfile.name is "
                                                   f"invalid. Invalid IAM Instance Profile name")


def no_roles_error(profile: Any) -> EC2ClientError:
    return EC2ClientError("InvalidParameterValue", f'IAM Instance Profile "{profile.arn}" has no associated IAM Roles')


def find_profile(account_id: str, partition: str, arn: str | None, name: str | None) -> Any:
    iam = iam_backends[account_id][partition]
    if arn:
        return next((p for p in iam.instance_profiles.values() if p.arn == arn), None)
    return iam.instance_profiles.get(name or "")


def requested_profile(request: Request) -> tuple[str | None, str | None, Any] | None:
    """(name, arn, the profile IAM has or None) of the instance profile RunInstances is asked for, where moto checks
    it (before DryRun, after refusing a subnet given twice); None when there is none to check."""
    name, arn = request.param("IamInstanceProfile.Name"), request.param("IamInstanceProfile.Arn")
    if not (name or arn) or (request.param("NetworkInterfaces", []) and request.param("SubnetId")):
        return None
    return name, arn, find_profile(request.account, request.moto.partition, arn, name)


def known_profile_with_a_role(request: Request) -> None:
    asked = requested_profile(request)
    if asked is None:
        return
    name, arn, profile = asked
    if profile is None:
        raise profile_error(name, arn)
    if not profile.roles:
        raise no_roles_error(profile)


# ---- IAM

def refuse_a_taken_role_name(request: Request) -> None:
    """A service-linked role that exists already: IAM answers InvalidInput, "has been taken"
    (API_CreateServiceLinkedRole, Errors: InvalidInput; moto: EntityAlreadyExists, 409)."""
    service_name = request.param("AWSServiceName") or ""
    parts = service_name.split(".")
    if len(parts) < 3:
        return  # moto refuses what is no service principal
    service, prefix = parts[-3], parts[0]
    name = iam_models.SERVICE_NAME_CONVERSION.get(service, service)
    if service != prefix:
        name += "_" + "".join(x.capitalize() for x in prefix.split("-"))
    role = f"AWSServiceRoleFor{name}" + (f"_{request.param('CustomSuffix')}" if request.param("CustomSuffix") else "")
    if any(r.name == role for r in request.moto.backend.roles.values()):
        raise InvalidInput(f"Service role name {role} has been taken in this account, please try a different suffix.")
