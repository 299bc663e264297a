"""IAM enforced on every API request, in front of moto: the first stage of the emulator's request path.

A request signed with the access key of an IAM user made through the emulator's IAM API (CreateAccessKey), or with
the temporary credentials of an assumed role (AssumeRole), is authorized as IAM's policy evaluation logic does: each
authorization AWS makes for the operation (permissions.py: its action on each resource, the request context its
condition keys read, the extra actions documented for it) is evaluated against the identity's policies (inline,
attached, its groups', a role's permissions boundary) by iam_simulation's evaluator — an explicit Deny wins, then an
Allow, else the implicit deny. The first refused authorization is answered in the service's own shape and words.

A key that belongs to no identity stands for the account's root user, which is not limited by identity policies:
`AWS_ACCESS_KEY_ID=x` keeps working. Not evaluated (docs/emulator.md): SCPs, resource-based policies, session
policies (a session given a policy is refused as NotEmulated), VPC endpoint policies.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

import base64
import http.client
import json
import re
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends
from moto.ecs.models import ecs_backends
from moto.elbv2.models import elbv2_backends
from moto.iam.models import iam_backends
from moto.logs.models import logs_backends
from moto.sts.models import sts_backends

from . import iam_simulation, pipeline
from .permissions import OPERATIONS, Check, Row

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")
_JSON_TARGET_SERVICE = {"AmazonEC2ContainerServiceV20141113": "ecs", "Logs_20140328": "logs", "AmazonSSM": "ssm",
                        "ServiceQuotasV20190624": "servicequotas", "ResourceGroupsTaggingAPI_20170126": "tagging"}
_ELB_SLR = ("elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing")


# ---- the request, as IAM sees it

@dataclass
class Call:
    service: str  # the signing name: ec2, ecs, elasticloadbalancing, iam, sts, logs, ssm, servicequotas, tagging
    operation: str
    params: dict[str, Any]
    region: str
    access_key: str
    session_token: str | None
    account: str = ""
    partition: str = "aws"

    def arn(self, service: str, resource: str, region: str | None = None, account: str | None = None) -> str:
        return (f"arn:{self.partition}:{service}:{self.region if region is None else region}:"
                f"{self.account if account is None else account}:{resource}")

    @property
    def ec2(self) -> Any:
        return ec2_backends[self.account][self.region]

    @property
    def ecs(self) -> Any:
        return ecs_backends[self.account][self.region]

    @property
    def elbv2(self) -> Any:
        return elbv2_backends[self.account][self.region]

    @property
    def logs(self) -> Any:
        return logs_backends[self.account][self.region]

    @property
    def iam(self) -> Any:
        return iam_backends[self.account][self.partition]


def call_of(environ: dict[str, Any], body: bytes) -> Call | None:
    """The API call a request makes; None for what is no signed API call (moto's own API, an unsigned request)."""
    found = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if found is None or environ.get("PATH_INFO", "").startswith("/moto-api"):
        return None
    access_key, region, service = found.groups()
    token = environ.get("HTTP_X_AMZ_SECURITY_TOKEN")
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        prefix, _, operation = target.partition(".")
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            params = {}
        return Call(_JSON_TARGET_SERVICE.get(prefix, service), operation, params if isinstance(params, dict) else {},
                    region, access_key, token)
    params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    if b"=" in body:
        params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    operation = params.get("Action")
    if not operation:
        return None  # not a query-protocol call ecslab's services make (REST APIs are not served here)
    return Call(service, operation, params, region, access_key, token)


# ---- the caller

@dataclass
class Caller:
    arn: str
    principal: iam_simulation.Principal | None  # None: the root user, whom identity policies do not limit


def caller_of(call: Call) -> Caller:
    for account, partitions in list(dict.items(iam_backends)):
        for partition, iam in list(dict.items(partitions)):
            # moto keeps an assumed role's session key here too, with no user: those are found below
            user = iam.get_user_from_access_key_id(call.access_key) if call.access_key in iam.access_keys else None
            if user is not None:
                call.account, call.partition = account, partition
                if iam.access_keys[call.access_key].status != "Active":
                    raise InactiveKey()
                return Caller(user.arn, iam_simulation.principal_of(iam, user.arn, None))
    for account, partitions in list(dict.items(sts_backends)):
        for partition, sts in list(dict.items(partitions)):
            session = sts.get_assumed_role_from_access_key(call.access_key)
            if session is None:
                continue
            call.account, call.partition = account, partition
            if session.policy:
                raise iam_simulation.NotEmulated("A session policy (AssumeRole's Policy) is not evaluated by "
                                                 "ecslab's emulator.")
            iam = iam_backends[account][partition]
            principal = iam_simulation.principal_of(iam, session.role_arn, None)
            principal.variables["aws:userid"] = f"{_role_id(iam, session.role_arn)}:{session.session_name}"
            return Caller(session.arn, principal)
    call.account = DEFAULT_ACCOUNT_ID
    return Caller(f"arn:aws:iam::{call.account}:root", None)


class InactiveKey(Exception):
    """An access key made inactive (UpdateAccessKey): AWS refuses the request before any policy is read."""


def _role_id(iam: Any, role_arn: str) -> str:
    return next((r.id for r in iam.roles.values() if r.arn == role_arn), "")


# ---- what the call is authorized on

@dataclass
class Target:
    """One resource an action is authorized on, with the tags the request gives it and context of its own."""
    arn: str
    request_tags: dict[str, str] | None = None
    context: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Authorization:
    action: str
    resource: str
    context: dict[str, list[str]]


def authorizations(call: Call, row: Row) -> list[Authorization]:
    found: list[Authorization] = []
    for check in row.checks:
        if check.when and not WHEN[check.when](call):
            continue
        for target in _targets(call, check):
            context = _context(call, check, target)
            found.append(Authorization(check.action, target.arn, context))
            if row.tagging and check.request_tags and target.request_tags:
                tag_action, create_key = row.tagging
                tagging = dict(context)
                if create_key:
                    tagging[create_key.lower()] = [call.operation]
                found.append(Authorization(tag_action, target.arn, tagging))
    return found


def _targets(call: Call, check: Check) -> list[Target]:
    if check.resources == "*":
        return [Target("*")]
    return RESOURCES[check.resources](call)


def _context(call: Call, check: Check, target: Target) -> dict[str, list[str]]:
    context: dict[str, list[str]] = {}
    if check.request_tags and target.request_tags:
        for key, value in target.request_tags.items():
            context[f"aws:requesttag/{key}".lower()] = [value]
        context["aws:tagkeys"] = list(target.request_tags)
    if check.resource_tags and target.arn != "*":
        for key, value in tags_of(call, target.arn).items():
            context[f"aws:resourcetag/{key}".lower()] = [value]
    if check.context:
        context.update({k.lower(): v for k, v in CONTEXTS[check.context](call, target).items()})
    context.update({k.lower(): v for k, v in target.context.items()})
    return context


# ---- resources' tags as they are now

def _as_dict(tags: Any) -> dict[str, str]:
    if isinstance(tags, dict):
        return {k: (v.get("Value", "") if isinstance(v, dict) else str(v)) for k, v in tags.items()}
    result = {}
    for tag in tags or []:
        key = tag.get("Key", tag.get("key"))
        if key is not None:
            result[key] = tag.get("Value", tag.get("value", ""))
    return result


def tags_of(call: Call, arn: str) -> dict[str, str]:
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return {}
    service, resource = parts[2], parts[5]
    try:
        if service == "ec2":
            return dict(call.ec2.tags.get(resource.rsplit("/", 1)[-1], {}))
        if service == "ecs":
            return _as_dict(call.ecs.list_tags_for_resource(arn))
        if service == "elasticloadbalancing":
            return dict(call.elbv2.tagging_service.get_tag_dict_for_resource(arn))
        if service == "logs":
            group = call.logs.groups.get(resource.removeprefix("log-group:").removesuffix(":*"))
            return dict(call.logs.list_tags_for_resource(group.arn)) if group else {}
        if service == "iam":
            kind, _, name = resource.partition("/")
            name = name.rsplit("/", 1)[-1]
            if kind == "role":
                role = next((r for r in call.iam.roles.values() if r.name == name), None)
                return _as_dict(role.tags) if role else {}
            if kind == "instance-profile":
                profile = next((p for p in call.iam.instance_profiles.values() if p.name == name), None)
                return _as_dict(profile.tags) if profile else {}
    except Exception:  # a resource that does not exist has no tags; moto answers its own error after
        return {}
    return {}


# ---- resolvers: the resources of a check, from the request and the backends

def _numbered(params: dict[str, Any], prefix: str) -> list[str]:
    """Query-protocol lists: Prefix.1, Prefix.2, … (and Prefix.member.N)."""
    found = []
    for key, value in params.items():
        m = re.fullmatch(re.escape(prefix) + r"(?:\.member)?\.(\d+)", key)
        if m:
            found.append((int(m.group(1)), value))
    return [v for _, v in sorted(found)]


def _query_tags(params: dict[str, Any], prefix: str) -> dict[str, str]:
    """Tags.member.N.Key/Value (ELB, IAM) or Tag.N.Key/Value (EC2 CreateTags)."""
    pattern = re.escape(prefix) + r"(?:\.member)?\.(\d+)\.Key"
    keys = {m.group(1): v for k, v in params.items() if (m := re.fullmatch(pattern, k))}
    return {key: params.get(f"{prefix}.member.{n}.Value", params.get(f"{prefix}.{n}.Value", ""))
            for n, key in sorted(keys.items(), key=lambda kv: int(kv[0]))}


def _ec2_tag_specifications(params: dict[str, Any]) -> dict[str, dict[str, str]]:
    """TagSpecification.N.ResourceType and its Tag.M.Key/Value: the tags each created resource type gets."""
    specs: dict[str, dict[str, str]] = {}
    for key, kind in params.items():
        m = re.fullmatch(r"TagSpecification\.(\d+)\.ResourceType", key)
        if m:
            specs.setdefault(kind, {}).update(_query_tags(params, f"TagSpecification.{m.group(1)}.Tag"))
    return specs


def _default_vpc(call: Call) -> Any:
    return next((v for v in call.ec2.vpcs.values() if v.is_default), None)


def _ec2_arn(call: Call, kind: str, ident: str) -> str:
    return call.arn("ec2", f"{kind}/{ident}", account="" if kind == "image" else None)


_EC2_PREFIXES = {"i": "instance", "sg": "security-group", "vol": "volume", "eni": "network-interface",
                 "subnet": "subnet", "vpc": "vpc", "ami": "image", "snap": "snapshot", "igw": "internet-gateway",
                 "rtb": "route-table", "lt": "launch-template", "key": "key-pair"}


def _ec2_any(call: Call, ident: str) -> str:
    kind = _EC2_PREFIXES.get(ident.split("-", 1)[0], "resource")
    return _ec2_arn(call, kind, ident)


def _run_image(call: Call) -> list[Target]:
    return [Target(_ec2_arn(call, "image", call.params.get("ImageId", "")))]


def _run_created(call: Call) -> list[Target]:
    """The instance, its volume and its network interface: new ones (`*`, with the tags the request gives them);
    an existing interface handed in is authorized as itself, with no request tags (nothing is created for it)."""
    specs = _ec2_tag_specifications(call.params)
    instance_type = call.params.get("InstanceType", "m1.small")  # EC2's default when none is given
    targets = [Target(_ec2_arn(call, "instance", "*"), specs.get("instance") or None,
                      {"ec2:InstanceType": [instance_type]}),
               Target(_ec2_arn(call, "volume", "*"), specs.get("volume") or None)]
    existing = [v for k, v in call.params.items() if re.fullmatch(r"NetworkInterface\.\d+\.NetworkInterfaceId", k)]
    if existing:
        return targets + [Target(_ec2_arn(call, "network-interface", eni)) for eni in existing]
    return targets + [Target(_ec2_arn(call, "network-interface", "*"), specs.get("network-interface") or None)]


def _run_security_groups(call: Call) -> list[Target]:
    ids = _numbered(call.params, "SecurityGroupId") or _numbered(call.params, "NetworkInterface.1.SecurityGroupId")
    names = _numbered(call.params, "SecurityGroup")
    vpc = _default_vpc(call)
    for name in names:
        group = next((g for groups in call.ec2.groups.values() for g in groups.values()
                      if g.name == name and vpc is not None and g.vpc_id == vpc.id), None)
        ids.append(group.id if group else name)
    if not ids and vpc is not None:
        default = next((g for groups in call.ec2.groups.values() for g in groups.values()
                        if g.name == "default" and g.vpc_id == vpc.id), None)
        ids = [default.id] if default else []
    return [Target(_ec2_arn(call, "security-group", i), context=_vpc_of(call, "security-group", i)) for i in ids]


def _run_subnet(call: Call) -> list[Target]:
    subnet = call.params.get("SubnetId") or call.params.get("NetworkInterface.1.SubnetId")
    if not subnet:
        vpc = _default_vpc(call)
        defaults = sorted(s.id for zone in call.ec2.subnets.values() for s in zone.values()
                          if vpc is not None and s.vpc_id == vpc.id and s.default_for_az)
        subnet = defaults[0] if defaults else "*"
    return [Target(_ec2_arn(call, "subnet", subnet), context=_vpc_of(call, "subnet", subnet))]


def _vpc_of(call: Call, kind: str, ident: str) -> dict[str, list[str]]:
    try:
        if kind == "subnet":
            vpc_id = call.ec2.get_subnet(ident).vpc_id
        else:
            vpc_id = call.ec2.get_security_group_from_id(ident).vpc_id
    except Exception:
        return {}
    return {"ec2:Vpc": [_ec2_arn(call, "vpc", vpc_id)]} if vpc_id else {}


def _profile_roles(call: Call) -> list[Target]:
    arn, name = call.params.get("IamInstanceProfile.Arn"), call.params.get("IamInstanceProfile.Name")
    profile = next((p for p in call.iam.instance_profiles.values() if (arn and p.arn == arn) or p.name == name), None)
    return [Target(role.arn) for role in (profile.roles if profile else [])]


def _new_key_pair(call: Call) -> list[Target]:
    return [Target(_ec2_arn(call, "key-pair", call.params.get("KeyName", "")),
                   _ec2_tag_specifications(call.params).get("key-pair") or None)]


def _key_pair(call: Call) -> list[Target]:
    return [Target(_ec2_arn(call, "key-pair", call.params.get("KeyName") or call.params.get("KeyPairId", "")))]


def _new_security_group(call: Call) -> list[Target]:
    return [Target(_ec2_arn(call, "security-group", "*"),
                   _ec2_tag_specifications(call.params).get("security-group") or None)]


def _security_group_vpc(call: Call) -> list[Target]:
    vpc = call.params.get("VpcId") or getattr(_default_vpc(call), "id", "*")
    return [Target(_ec2_arn(call, "vpc", vpc))]


def _group_id(call: Call) -> list[Target]:
    ident = call.params.get("GroupId")
    if not ident and call.params.get("GroupName"):
        vpc = _default_vpc(call)
        group = next((g for groups in call.ec2.groups.values() for g in groups.values()
                      if g.name == call.params["GroupName"] and vpc is not None and g.vpc_id == vpc.id), None)
        ident = group.id if group else call.params["GroupName"]
    return [Target(_ec2_arn(call, "security-group", ident or ""))]


def _instance_ids(call: Call) -> list[Target]:
    return [Target(_ec2_arn(call, "instance", i)) for i in _numbered(call.params, "InstanceId")]


def _ec2_tagged(call: Call) -> list[Target]:
    tags = _query_tags(call.params, "Tag")
    return [Target(_ec2_any(call, i), tags or None) for i in _numbered(call.params, "ResourceId")]


# ECS: names or ARNs, a cluster defaulting to "default"

def _ecs_cluster_arn(call: Call, value: str | None) -> str:
    value = value or "default"
    return value if value.startswith("arn:") else call.arn("ecs", f"cluster/{value}")


def _cluster_name(call: Call) -> str:
    return _ecs_cluster_arn(call, call.params.get("cluster")).rsplit("/", 1)[-1]


def _ecs_in_cluster(call: Call, kind: str, value: str) -> str:
    return value if value.startswith("arn:") else call.arn("ecs", f"{kind}/{_cluster_name(call)}/{value}")


def _ecs_tags(call: Call) -> dict[str, str] | None:
    return _as_dict(call.params.get("tags")) or None


def _new_cluster(call: Call) -> list[Target]:
    return [Target(_ecs_cluster_arn(call, call.params.get("clusterName")), _ecs_tags(call))]


def _clusters(call: Call) -> list[Target]:
    return [Target(_ecs_cluster_arn(call, c)) for c in call.params.get("clusters") or ["default"]]


def _cluster(call: Call) -> list[Target]:
    return [Target(_ecs_cluster_arn(call, call.params.get("cluster")))]


def _task_definition_arn(call: Call, value: str) -> str:
    return value if value.startswith("arn:") else call.arn("ecs", f"task-definition/{value}")


def _new_task_definition(call: Call) -> list[Target]:
    family = call.params.get("family", "")
    revisions = call.ecs.task_definitions.get(family, {})
    return [Target(_task_definition_arn(call, f"{family}:{max(revisions, default=0) + 1}"), _ecs_tags(call))]


def _task_definition_param(call: Call) -> list[Target]:
    """The revision a task runs: family:revision, an ARN, or a family alone (its latest ACTIVE revision)."""
    value = call.params.get("taskDefinition", "")
    if value and not value.startswith("arn:") and ":" not in value:
        active = [r for r, d in call.ecs.task_definitions.get(value, {}).items() if d.status == "ACTIVE"]
        value = f"{value}:{max(active)}" if active else value
    return [Target(_task_definition_arn(call, value), _ecs_tags(call))]


def _override_roles(call: Call) -> list[Target]:
    overrides = call.params.get("overrides") or {}
    return [Target(overrides[key]) for key in ("taskRoleArn", "executionRoleArn") if overrides.get(key)]


def _task_definitions(call: Call) -> list[Target]:
    return [Target(_task_definition_arn(call, t)) for t in call.params.get("taskDefinitions") or []]


def _task_roles(call: Call) -> list[Target]:
    return [Target(call.params[key]) for key in ("taskRoleArn", "executionRoleArn") if call.params.get(key)]


def _new_service(call: Call) -> list[Target]:
    return [Target(_ecs_in_cluster(call, "service", call.params.get("serviceName", "")), _ecs_tags(call))]


def _service(call: Call) -> list[Target]:
    return [Target(_ecs_in_cluster(call, "service", call.params.get("service", "")))]


def _services(call: Call) -> list[Target]:
    return [Target(_ecs_in_cluster(call, "service", s)) for s in call.params.get("services") or []]


def _list_tasks_scope(call: Call) -> list[Target]:
    instance = call.params.get("containerInstance")
    return [Target(_ecs_in_cluster(call, "container-instance", instance) if instance else "*")]


def _tasks(call: Call) -> list[Target]:
    return [Target(_ecs_in_cluster(call, "task", t)) for t in call.params.get("tasks") or []]


def _container_instances(call: Call) -> list[Target]:
    return [Target(_ecs_in_cluster(call, "container-instance", c))
            for c in call.params.get("containerInstances") or []]


def _resource_arn(call: Call) -> list[Target]:
    arn = call.params.get("resourceArn") or call.params.get("ResourceArn") or ""
    return [Target(arn, _as_dict(call.params.get("tags") or call.params.get("Tags")) or None)]


# Elastic Load Balancing: a new resource's ARN carries an id AWS makes up; no policy can name it in advance

def _new_load_balancer(call: Call) -> list[Target]:
    name = f"loadbalancer/app/{call.params.get('Name', '')}/{secrets.token_hex(8)}"
    return [Target(call.arn("elasticloadbalancing", name), _query_tags(call.params, "Tags") or None)]


def _new_target_group(call: Call) -> list[Target]:
    name = f"targetgroup/{call.params.get('Name', '')}/{secrets.token_hex(8)}"
    return [Target(call.arn("elasticloadbalancing", name), _query_tags(call.params, "Tags") or None)]


def _load_balancer_param(call: Call) -> list[Target]:
    return [Target(call.params.get("LoadBalancerArn", ""))]


def _listener_load_balancer(call: Call) -> list[Target]:
    """CreateListener's resource is its load balancer; the request's tags (the new listener's) are its context."""
    return [Target(call.params.get("LoadBalancerArn", ""), _query_tags(call.params, "Tags") or None)]


def _new_listener(call: Call) -> list[Target]:
    """The listener CreateListener is about to make, which its tags are for."""
    load_balancer = call.params.get("LoadBalancerArn", "")
    listener = load_balancer.replace(":loadbalancer/", ":listener/", 1) + "/" + secrets.token_hex(8)
    return [Target(listener, _query_tags(call.params, "Tags") or None)]


def _target_group_param(call: Call) -> list[Target]:
    return [Target(call.params.get("TargetGroupArn", ""))]


def _listener_param(call: Call) -> list[Target]:
    return [Target(call.params.get("ListenerArn", ""))]


def _elb_resource_arns(call: Call) -> list[Target]:
    tags = _query_tags(call.params, "Tags")
    return [Target(arn, tags or None) for arn in _numbered(call.params, "ResourceArns")]


def _elb_service_linked_role(call: Call) -> list[Target]:
    service, name = _ELB_SLR
    return [Target(f"arn:{call.partition}:iam::{call.account}:role/aws-service-role/{service}/{name}")]


# CloudWatch Logs, SSM

def _log_group(call: Call) -> list[Target]:
    name = call.params.get("logGroupName") or call.params.get("logGroupIdentifier") or ""
    arn = name if name.startswith("arn:") else call.arn("logs", f"log-group:{name}")
    return [Target(arn, _as_dict(call.params.get("tags")) or None)]


def _logs_resource_arn(call: Call) -> list[Target]:
    return [Target((call.params.get("resourceArn") or "").removesuffix(":*"),
                   _as_dict(call.params.get("tags")) or None)]


def _ssm_arn(call: Call, name: str) -> str:
    if name.startswith("arn:"):
        return name
    # AWS's public parameters (/aws/service/...) belong to no account: their ARN has none
    account = "" if name.startswith("/aws/service/") else None
    return call.arn("ssm", "parameter" + (name if name.startswith("/") else "/" + name), account=account)


def _ssm_parameter(call: Call) -> list[Target]:
    return [Target(_ssm_arn(call, call.params.get("Name", "")))]


def _ssm_parameters(call: Call) -> list[Target]:
    return [Target(_ssm_arn(call, n)) for n in call.params.get("Names") or []]


# IAM: a role's or profile's ARN has its path; one that does not exist yet is named without one

def _iam_arn(call: Call, kind: str, path: str, name: str) -> str:
    return f"arn:{call.partition}:iam::{call.account}:{kind}{path or '/'}{name}"


def _role_param(call: Call) -> list[Target]:
    name = call.params.get("RoleName") or call.params.get("RoleArn", "").rsplit("/", 1)[-1]
    role = next((r for r in call.iam.roles.values() if r.name == name), None)
    return [Target(role.arn if role else _iam_arn(call, "role", "/", name))]


def _instance_profile_param(call: Call) -> list[Target]:
    name = call.params.get("InstanceProfileName", "")
    profile = next((p for p in call.iam.instance_profiles.values() if p.name == name), None)
    return [Target(profile.arn if profile else _iam_arn(call, "instance-profile", "/", name))]


def _new_role(call: Call) -> list[Target]:
    return [Target(_iam_arn(call, "role", call.params.get("Path", "/"), call.params.get("RoleName", "")),
                   _query_tags(call.params, "Tags") or None)]


def _new_instance_profile(call: Call) -> list[Target]:
    return [Target(_iam_arn(call, "instance-profile", call.params.get("Path", "/"),
                            call.params.get("InstanceProfileName", "")), _query_tags(call.params, "Tags") or None)]


_SLR_NAMES = {"ecs.amazonaws.com": "AWSServiceRoleForECS",
              "elasticloadbalancing.amazonaws.com": "AWSServiceRoleForElasticLoadBalancing"}


def _service_linked_role(call: Call) -> list[Target]:
    service = call.params.get("AWSServiceName", "")
    name = _SLR_NAMES.get(service, "AWSServiceRoleFor" + service.split(".")[0].capitalize())
    return [Target(_iam_arn(call, "role", f"/aws-service-role/{service}/", name))]


def _policy_param(call: Call) -> list[Target]:
    return [Target(call.params.get("PolicyArn", ""))]


def _policy_source(call: Call) -> list[Target]:
    return [Target(call.params.get("PolicySourceArn", ""))]


def _user_param(call: Call) -> list[Target]:
    name = call.params.get("UserName")
    if not name:
        return [Target(caller_of(call).arn)]
    user = call.iam.users.get(name)
    return [Target(user.arn if user else _iam_arn(call, "user", "/", name))]


RESOURCES: dict[str, Callable[[Call], list[Target]]] = {
    "ec2_run_image": _run_image, "ec2_run_created": _run_created, "ec2_run_security_groups": _run_security_groups,
    "ec2_run_subnet": _run_subnet, "ec2_run_profile_role": _profile_roles,
    "ec2_new_security_group": _new_security_group, "ec2_security_group_vpc": _security_group_vpc,
    "ec2_new_key_pair": _new_key_pair, "ec2_key_pair": _key_pair,
    "ecs_task_definition_param": _task_definition_param, "ecs_override_roles": _override_roles,
    "ec2_group_id": _group_id, "ec2_instance_ids": _instance_ids, "ec2_tagged_resources": _ec2_tagged,
    "ecs_new_cluster": _new_cluster, "ecs_clusters": _clusters, "ecs_cluster": _cluster,
    "ecs_new_task_definition": _new_task_definition, "ecs_task_definitions": _task_definitions,
    "ecs_task_roles": _task_roles, "ecs_new_service": _new_service, "ecs_service": _service,
    "ecs_services": _services, "ecs_list_tasks_scope": _list_tasks_scope, "ecs_tasks": _tasks,
    "ecs_container_instances": _container_instances, "resource_arn_param": _resource_arn,
    "elb_new_load_balancer": _new_load_balancer, "elb_new_target_group": _new_target_group,
    "elb_load_balancer_param": _load_balancer_param, "elb_target_group_param": _target_group_param,
    "elb_listener_param": _listener_param, "elb_new_listener": _new_listener,
    "elb_listener_load_balancer": _listener_load_balancer, "elb_resource_arns": _elb_resource_arns,
    "elb_service_linked_role": _elb_service_linked_role,
    "logs_group": _log_group, "logs_resource_arn": _logs_resource_arn,
    "ssm_parameter": _ssm_parameter, "ssm_parameters": _ssm_parameters,
    "iam_role_param": _role_param, "iam_instance_profile_param": _instance_profile_param,
    "iam_new_role": _new_role, "iam_new_instance_profile": _new_instance_profile,
    "iam_service_linked_role": _service_linked_role, "iam_policy_source_arn": _policy_source,
    "iam_policy_param": _policy_param,
    "iam_user_param": _user_param,
}


# ---- named contexts and conditions

def _image_owner(call: Call, target: Target) -> dict[str, list[str]]:
    image = call.ec2.amis.get(call.params.get("ImageId", ""))
    if image is None:
        return {}
    return {"ec2:Owner": [image.owner_alias or image.owner_id]}


def _ecs_cluster_key(call: Call, target: Target) -> dict[str, list[str]]:
    return {"ecs:cluster": [_ecs_cluster_arn(call, call.params.get("cluster"))]}


def _ecs_service_context(call: Call, target: Target) -> dict[str, list[str]]:
    context = _ecs_cluster_key(call, target)
    definition = call.params.get("taskDefinition")
    if definition:
        context["ecs:task-definition"] = [_task_definition_arn(call, definition)]
    return context


def _tag_keys_removed(call: Call, target: Target) -> dict[str, list[str]]:
    keys = call.params.get("tagKeys") or _numbered(call.params, "TagKeys")
    return {"aws:TagKeys": list(keys)} if keys else {}


def _policy_arn(call: Call, target: Target) -> dict[str, list[str]]:
    return {"iam:PolicyARN": [call.params["PolicyArn"]]} if call.params.get("PolicyArn") else {}


def _boundary_asked(call: Call, target: Target) -> dict[str, list[str]]:
    asked = call.params.get("PermissionsBoundary")
    return {"iam:PermissionsBoundary": [asked]} if asked else {}


def _boundary_of_role(call: Call, target: Target) -> dict[str, list[str]]:
    role = next((r for r in call.iam.roles.values() if r.arn == target.arn), None)
    boundary = role.permissions_boundary_arn if role is not None else None
    return {"iam:PermissionsBoundary": [boundary]} if boundary else {}


def _service_name(service: str) -> Callable[[Call, Target], dict[str, list[str]]]:
    return lambda call, target: {"iam:AWSServiceName": [service]}


def _passed_to(service: str) -> Callable[[Call, Target], dict[str, list[str]]]:
    # the China partitions' EC2 principal ends .amazonaws.com.cn
    return lambda call, target: {"iam:PassedToService": [service + (".cn" if call.partition == "aws-cn" else "")]}


CONTEXTS: dict[str, Callable[[Call, Target], dict[str, list[str]]]] = {
    "ec2_image_owner": _image_owner,
    "ecs_cluster_key": _ecs_cluster_key, "ecs_service_context": _ecs_service_context,
    "tag_keys_removed": _tag_keys_removed, "iam_policy_arn": _policy_arn,
    "iam_boundary_asked": _boundary_asked, "iam_boundary_of_role": _boundary_of_role,
    "iam_policy_arn_and_boundary": lambda call, target: {**_policy_arn(call, target),
                                                         **_boundary_of_role(call, target)},
    "elb_service_name": _service_name(_ELB_SLR[0]),
    "elb_create_listener": lambda call, target: {"elasticloadbalancing:CreateAction": ["CreateListener"]},
    "iam_aws_service_name": lambda call, target: {"iam:AWSServiceName": [call.params.get("AWSServiceName", "")]},
    "passed_to_ec2": _passed_to("ec2.amazonaws.com"),
    "passed_to_ecs_tasks": _passed_to("ecs-tasks.amazonaws.com"),
}


def _role_exists(call: Call, name: str) -> bool:
    return any(r.name == name for r in call.iam.roles.values())


WHEN: dict[str, Callable[[Call], bool]] = {
    "instance_profile_given": lambda call: bool(call.params.get("IamInstanceProfile.Arn")
                                                or call.params.get("IamInstanceProfile.Name")),
    "override_roles_given": lambda call: bool(_override_roles(call)),
    "task_roles_given": lambda call: bool(call.params.get("taskRoleArn") or call.params.get("executionRoleArn")),
    "request_has_tags": lambda call: bool(call.params.get("tags")),
    "request_has_query_tags": lambda call: bool(_query_tags(call.params, "Tags")),
    "elb_service_linked_role_missing": lambda call: not _role_exists(call, _ELB_SLR[1]),
}


# ---- the decision

@dataclass
class Denial:
    caller: Caller
    action: str
    resource: str
    explicit: bool


def decide(call: Call) -> Denial | None:
    """None when every authorization of the call is allowed (or the caller is the root user)."""
    caller = caller_of(call)
    if caller.principal is None:
        return None
    row = OPERATIONS.get(f"{call.service}:{call.operation}")
    if row is None:
        raise iam_simulation.NotEmulated(f"ecslab's emulator does not know what IAM authorizes for "
                                         f"{call.service}:{call.operation}, so it refuses it (authorization.py)")
    if row.never_denied:
        return None
    for authorization in authorizations(call, row):
        decision = _decision(caller.principal, authorization)
        if decision != "allowed":
            return Denial(caller, authorization.action, authorization.resource, decision == "explicitDeny")
    return None


def _decision(principal: iam_simulation.Principal, authorization: Authorization) -> str:
    results = iam_simulation.evaluate(principal, [authorization.action], [authorization.resource],
                                      authorization.context)
    return results[0]["EvalDecision"]


_ECS_SLR = ("ecs.amazonaws.com", "AWSServiceRoleForECS")


def ecs_role_refusal(call: Call) -> tuple[int, dict[str, str], bytes] | None:
    """ECS makes its service-linked role, with the caller's permissions, on CreateCluster and CreateService when the
    account has none; without the permission CreateCluster goes on without it (API_CreateCluster) and CreateService
    cannot work ("Unable to assume the service linked role"). Modelled for IAM identities only: the root user's
    calls leave the role to `iam create-service-linked-role`, as the emulator's own tests expect.
    https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html"""
    if call.service != "ecs" or call.operation not in ("CreateCluster", "CreateService"):
        return None
    caller = caller_of(call)
    if caller.principal is None or _role_exists(call, _ECS_SLR[1]):
        return None
    role = f"arn:{call.partition}:iam::{call.account}:role/aws-service-role/{_ECS_SLR[0]}/{_ECS_SLR[1]}"
    if _decision(caller.principal, Authorization("iam:CreateServiceLinkedRole", role,
                                                 {"iam:awsservicename": [_ECS_SLR[0]]})) == "allowed":
        call.iam.create_service_linked_role(_ECS_SLR[0], "", "")
        return None
    if call.operation == "CreateCluster":
        return None
    body = json.dumps({"__type": "InvalidParameterException", "message": "Unable to assume the service linked role. "
                       "Please verify that the ECS service linked role exists."}).encode()
    return 400, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": str(uuid.uuid4())}, body


def after(call: Call, status: int) -> None:
    """What AWS does on a caller's behalf once a call succeeded: ELB makes its service-linked role on the account's
    first load balancer (the caller was authorized for it above)."""
    if status < 300 and call.service == "elasticloadbalancing" and call.operation == "CreateLoadBalancer" \
            and call.account and not _role_exists(call, _ELB_SLR[1]):
        call.iam.create_service_linked_role(_ELB_SLR[0], "", "")


# ---- the refusal, in each service's shape

def message_of(denial: Denial) -> str:
    why = ("with an explicit deny in an identity-based policy" if denial.explicit
           else f"because no identity-based policy allows the {denial.action} action")
    return (f"User: {denial.caller.arn} is not authorized to perform: {denial.action} on resource: "
            f"{denial.resource} {why}")


def refusal(call: Call, denial: Denial) -> tuple[int, dict[str, str], bytes]:
    request_id = str(uuid.uuid4())
    message = message_of(denial)
    if call.service == "ec2":
        encoded = base64.b64encode(json.dumps({"allowed": False, "explicitDeny": denial.explicit,
                                               "context": {"principal": denial.caller.arn,
                                                           "action": denial.action,
                                                           "resource": denial.resource}}).encode()).decode()
        text = (f"You are not authorized to perform this operation. {message}. "
                f"Encoded authorization failure message: {encoded}")
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnauthorizedOperation'
                f'</Code><Message>{_xml(text)}</Message></Error></Errors><RequestID>{request_id}</RequestID>'
                f'</Response>')
        return 403, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body.encode()
    if call.service in ("elasticloadbalancing", "iam", "sts"):
        body = (f'<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{_xml(message)}'
                f'</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>')
        return 403, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body.encode()
    body = json.dumps({"__type": "AccessDeniedException", "message": message}).encode()
    return 400, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": request_id}, body


def invalid_key(call: Call) -> tuple[int, dict[str, str], bytes]:
    """An inactive key, in the words each protocol gives a key it does not accept."""
    request_id = str(uuid.uuid4())
    if call.service == "ec2":
        body = (f'<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the '
                f'provided access credentials</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>')
        return 401, {"Content-Type": "text/xml"}, body.encode()
    message = "The security token included in the request is invalid."
    if call.service in ("elasticloadbalancing", "iam", "sts"):
        body = (f'<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>{message}'
                f'</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>')
        return 403, {"Content-Type": "text/xml"}, body.encode()
    return 400, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(
        {"__type": "UnrecognizedClientException", "message": message}).encode()


def not_emulated(call: Call | None, reason: str) -> tuple[int, dict[str, str], bytes]:
    """A gap of the emulator is a server fault (HTTP 500), in the service's shape, never a silent pass."""
    request_id = str(uuid.uuid4())
    if call is not None and call.service in ("ec2",):
        body = (f'<Response><Errors><Error><Code>NotEmulated</Code><Message>{_xml(reason)}</Message></Error>'
                f'</Errors><RequestID>{request_id}</RequestID></Response>')
        return 500, {"Content-Type": "text/xml"}, body.encode()
    if call is not None and call.service in ("elasticloadbalancing", "iam", "sts"):
        body = (f'<ErrorResponse><Error><Type>Receiver</Type><Code>NotEmulated</Code><Message>{_xml(reason)}'
                f'</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>')
        return 500, {"Content-Type": "text/xml"}, body.encode()
    return 500, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(
        {"__type": "NotEmulated", "message": reason}).encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- the stage

def install() -> None:
    """The pipeline's first stage (pipeline.py); not installed when the emulator runs with --lenient."""
    pipeline.authorize_with(enforce)


def enforce(environ: dict[str, Any], body: bytes, start_response: Callable[..., Any],
            app: Callable[..., Iterable[bytes]]) -> Iterable[bytes]:
    """Authorize the request, then hand it to app; a refused one never reaches it. Called under the server's lock:
    the decision reads the same backends the call then changes."""
    call = call_of(environ, body)
    if call is None:
        return app(environ, start_response)
    try:
        denial = decide(call)
    except iam_simulation.NotEmulated as gap:
        return _respond(start_response, *not_emulated(call, getattr(gap, "message", str(gap))))
    except InactiveKey:
        return _respond(start_response, *invalid_key(call))
    if denial is not None:
        return _respond(start_response, *refusal(call, denial))
    no_role = ecs_role_refusal(call)
    if no_role is not None:
        return _respond(start_response, *no_role)
    statuses: list[int] = []

    def noting_status(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(int(status.split()[0]))
        return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

    answered = list(app(environ, noting_status))
    after(call, statuses[0] if statuses else 500)
    return answered


def _respond(start_response: Callable[..., Any], status: int, headers: dict[str, str],
             body: bytes) -> Iterable[bytes]:
    reason = http.client.responses.get(status, "")
    start_response(f"{status} {reason}", [*headers.items(), ("Content-Length", str(len(body)))])
    return [body]
