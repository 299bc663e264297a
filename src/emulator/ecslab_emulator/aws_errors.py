"""Answers AWS gives where moto 5.2.5 goes along: each with AWS's own code and message, raised as moto's exception of
that service so it reaches the client in the service's wire shape (ECS JSON `__type`; EC2, ELBv2 XML `<Code>`).

These are refusals a first run against real AWS meets (docs/aws.md §14); without them the lab's code for them
could not be tested here. Installed unless the emulator runs with --lenient.
"""

from typing import Any

from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import EC2Backend
from moto.ec2.responses import instances as ec2_instance_responses
from moto.ecs.exceptions import InvalidParameterException, ServiceNotFoundException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.elbv2.exceptions import ELBClientError
from moto.elbv2.models import ELBv2Backend, elbv2_backends
from moto.iam import models as iam_models
from moto.iam.models import iam_backends


def install() -> None:
    _ecs_list_tasks()
    _ecs_create_service()
    _elbv2_describe_tags()
    _elbv2_one_load_balancer_per_target_group()
    _ec2_instance_type_in_zone()
    _ec2_security_groups_of_the_subnets_vpc()
    _ec2_instance_profiles()
    # Service-linked role names as AWS spells them (moto: AWSServiceRoleForecs, …Forelasticloadbalancing).
    iam_models.SERVICE_NAME_CONVERSION.setdefault("ecs", "ECS")
    iam_models.SERVICE_NAME_CONVERSION.setdefault("elasticloadbalancing", "ElasticLoadBalancing")


# ---- ECS

def _ecs_list_tasks() -> None:
    list_tasks = EC2ContainerServiceBackend.list_tasks

    def list_tasks_of_a_live_service(self: EC2ContainerServiceBackend, cluster_str: Any = None,
                                     container_instance: Any = None, family: Any = None, started_by: Any = None,
                                     service_name: Any = None, desiredStatus: Any = None) -> Any:
        if service_name:
            # API_ListTasks Errors: a service that does not exist, or is INACTIVE; a DRAINING one still lists
            cluster = self._get_cluster(cluster_str or "default")
            service = self.services.get(f"{cluster.name}:{service_name.split('/')[-1]}")
            if service is None or service.status == "INACTIVE":
                raise ServiceNotFoundException()
        return list_tasks(self, cluster_str, container_instance, family, started_by, service_name, desiredStatus)

    EC2ContainerServiceBackend.list_tasks = list_tasks_of_a_live_service


def require_active_task_definition(ecs: Any, task_definition: str) -> Any:
    """A deregistered (INACTIVE) revision runs no new tasks, starts no service and no service can be updated to it
    (DeregisterTaskDefinition, API reference); moto uses it anyway."""
    found = ecs.describe_task_definition(task_definition)
    if found.status != "ACTIVE":
        raise InvalidParameterException("TaskDefinition is inactive")
    return found


def _ecs_create_service() -> None:
    create_service = EC2ContainerServiceResponse.create_service

    def check_task_definition_and_load_balancers(self: EC2ContainerServiceResponse) -> Any:
        if not self._get_param("taskDefinition"):
            return create_service(self)
        task_definition = require_active_task_definition(self.ecs_backend, self._get_param("taskDefinition"))
        load_balancers = self._get_param("loadBalancers") or []
        if load_balancers:
            elbv2 = elbv2_backends[self.current_account][self.region]
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
        return create_service(self)

    EC2ContainerServiceResponse.create_service = check_task_definition_and_load_balancers


# ---- ELBv2

_NOT_FOUND = (  # (ARN marker, code, message): API_DescribeTags Errors; the whole call fails
    (":loadbalancer/", "LoadBalancerNotFound", "One or more load balancers not found"),
    (":targetgroup/", "TargetGroupNotFound", "One or more target groups not found"),
    (":listener-rule/", "RuleNotFound", "One or more rules not found"),
    (":listener/", "ListenerNotFound", "One or more listeners not found"),
)


def _elbv2_describe_tags() -> None:
    describe_tags = ELBv2Backend.describe_tags

    def describe_tags_of_existing(self: ELBv2Backend, resource_arns: list[str]) -> Any:
        for arn in resource_arns:
            for marker, code, message in _NOT_FOUND:
                if marker in arn:
                    if not _elbv2_exists(self, marker, arn):
                        raise ELBClientError(code, message)
                    break
        return describe_tags(self, resource_arns)

    ELBv2Backend.describe_tags = describe_tags_of_existing


def _elbv2_one_load_balancer_per_target_group() -> None:
    create_listener = ELBv2Backend.create_listener

    def refuse_second_load_balancer(self: ELBv2Backend, load_balancer_arn: str, protocol: str, port: Any,
                                    ssl_policy: Any, certificate: Any, actions: list[dict[str, Any]],
                                    *args: Any, **kwargs: Any) -> Any:
        taken = [arn for arn in _forwarded_target_groups(actions)
                 if arn in self.target_groups
                 and any(lb != load_balancer_arn for lb in self.target_groups[arn].load_balancer_arns)]
        if taken:  # quota "load balancers per target group": 1
            raise ELBClientError("TargetGroupAssociationLimit", "The following target groups cannot be associated "
                                 "with more than one load balancer: " + ", ".join(taken))
        return create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions,
                               *args, **kwargs)

    ELBv2Backend.create_listener = refuse_second_load_balancer

    delete_load_balancer = ELBv2Backend.delete_load_balancer

    def delete_load_balancer_and_its_associations(self: ELBv2Backend, arn: str) -> None:
        # AWS: deleting a load balancer (and so its listeners) frees its target groups for another one;
        # moto keeps the deleted ARN in the target group's LoadBalancerArns.
        delete_load_balancer(self, arn)
        for group in self.target_groups.values():  # moto adds the ARN once per listener rule
            group.load_balancer_arns[:] = [lb for lb in group.load_balancer_arns if lb != arn]

    ELBv2Backend.delete_load_balancer = delete_load_balancer_and_its_associations


def _forwarded_target_groups(actions: list[dict[str, Any]]) -> list[str]:
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


def _ec2_instance_type_in_zone() -> None:
    run_instances = EC2Backend.run_instances

    def refuse_unoffered_zone(self: EC2Backend, image_id: str, count: int, user_data: Any,
                              security_group_names: Any, **kwargs: Any) -> Any:
        instance_type = kwargs.get("instance_type")
        zone = _requested_zone(self, kwargs)
        if zone and instance_type and not kwargs.get("is_instance_type_default"):
            zones = offered_zones(self, instance_type)
            if zones and zone not in zones:  # a type offered nowhere is moto's own InvalidInstanceType
                raise EC2ClientError(
                    "Unsupported",
                    f"Your requested instance type ({instance_type}) is not supported in your requested "
                    f"Availability Zone ({zone}). Please retry your request by not specifying an Availability Zone "
                    f"or choosing {', '.join(zones)}.")
        return run_instances(self, image_id, count, user_data, security_group_names, **kwargs)

    EC2Backend.run_instances = refuse_unoffered_zone


def _ec2_security_groups_of_the_subnets_vpc() -> None:
    run_instances = EC2Backend.run_instances

    def refuse_other_networks(self: EC2Backend, image_id: str, count: int, user_data: Any,
                              security_group_names: Any, **kwargs: Any) -> Any:
        subnet_id = kwargs.get("subnet_id")
        if subnet_id:
            vpc_id = self.get_subnet(subnet_id).vpc_id
            for group_id in kwargs.get("security_group_ids") or []:
                group = self.get_security_group_from_id(group_id) if isinstance(group_id, str) else None
                if group is not None and group.vpc_id != vpc_id:
                    raise EC2ClientError("InvalidParameter", f"Security group {group.id} and subnet {subnet_id} "
                                                             f"belong to different networks.")
        return run_instances(self, image_id, count, user_data, security_group_names, **kwargs)

    EC2Backend.run_instances = refuse_other_networks


def _requested_zone(ec2: EC2Backend, kwargs: dict[str, Any]) -> str | None:
    subnet_id = kwargs.get("subnet_id") or next(
        (n.get("SubnetId") for n in kwargs.get("nics") or [] if isinstance(n, dict) and n.get("SubnetId")), None)
    if subnet_id:
        return ec2.get_subnet(subnet_id).availability_zone
    return kwargs.get("placement")


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


def _ec2_instance_profiles() -> None:
    check = ec2_instance_responses.filter_iam_instance_profiles  # what RunInstances validates the profile with

    def known_profile_with_a_role(account_id: str, partition: str, iam_instance_profile_arn: str | None,
                                  iam_instance_profile_name: str | None) -> Any:
        profile = find_profile(account_id, partition, iam_instance_profile_arn, iam_instance_profile_name)
        if profile is None:
            raise profile_error(iam_instance_profile_name, iam_instance_profile_arn)
        if not profile.roles:
            raise no_roles_error(profile)
        return check(account_id, partition, iam_instance_profile_arn, iam_instance_profile_name)

    ec2_instance_responses.filter_iam_instance_profiles = known_profile_with_a_role
