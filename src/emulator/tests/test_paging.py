"""Lists come in pages as AWS documents them, so that every client's page 2 is exercised here: ECS List* honour
maxResults (1–100; ListServices gives 10 without it) with nextToken, ELBv2 Describe* honour PageSize (1–400) with
NextMarker; sizes out of range and tokens the emulator never issued for that query are refused. ListTaskDefinitions
is ordered by family and revision (sort ASC, or DESC: newest first); DescribeServices answers what the cluster does
not have in failures, MISSING."""

from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, Lab, unique, user_data, wait_for

CONTAINER = [{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "memory": 128,
              "portMappings": [{"containerPort": 80, "hostPort": 0}]}]


@dataclass
class World:
    """Three of everything each paged call lists (eleven services), built once for the module."""
    cluster: str = ""
    services_cluster: str = ""
    services: list[str] = field(default_factory=list)
    family: str = ""
    family_prefix: str = ""
    load_balancers: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    listener: str = ""


def _container_instances(lab: Lab, world: World) -> None:
    vpc, subnets = lab.network()
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=3, MaxCount=3, SubnetId=subnets[0],
                          UserData=user_data(world.cluster))
    wait_for(lambda: len(lab.ecs.list_container_instances(cluster=world.cluster)["containerInstanceArns"]) == 3,
             seconds=60, what="three container instances")


def _ecs(lab: Lab, world: World) -> None:
    world.cluster, world.services_cluster = unique("paging"), unique("paging-services")
    for cluster in (world.cluster, world.services_cluster, unique("paging-third")):
        lab.ecs.create_cluster(clusterName=cluster)
    world.family_prefix = unique("paging-family")
    world.family = f"{world.family_prefix}-0"
    for family in [world.family] * 3 + [f"{world.family_prefix}-{n}" for n in (1, 2)]:
        lab.ecs.register_task_definition(family=family, networkMode="bridge", containerDefinitions=CONTAINER)
    for n in range(11):
        lab.ecs.create_service(cluster=world.services_cluster, serviceName=f"web-{n:02}", taskDefinition=world.family,
                               desiredCount=0)
    world.services = [f"web-{n:02}" for n in range(11)]
    _container_instances(lab, world)
    lab.ecs.run_task(cluster=world.cluster, taskDefinition=world.family, count=3, launchType="EC2")


def _elbv2(lab: Lab, world: World) -> None:
    for _ in range(3):
        lb, tg = lab.load_balancer(unique("pg"))
        world.load_balancers.append(lb)
        world.target_groups.append(tg)
    lb, tg = world.load_balancers[0], world.target_groups[0]
    forward = [{"Type": "forward", "TargetGroupArn": tg}]
    for port in (8080, 8081):
        lab.elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=port, DefaultActions=forward)
    world.listener = next(listener["ListenerArn"] for listener in lab.elb.describe_listeners(
        LoadBalancerArn=lb)["Listeners"] if listener["Port"] == 80)
    for priority in (1, 2):
        lab.elb.create_rule(ListenerArn=world.listener, Priority=priority, Actions=forward,
                            Conditions=[{"Field": "path-pattern", "Values": [f"/{priority}"]}])


@pytest.fixture(scope="module")
def world(aws: Callable[[str], Any]) -> World:
    lab, built = Lab(aws), World()
    _ecs(lab, built)
    _elbv2(lab, built)
    return built


@dataclass(frozen=True)
class Listing:
    service: str
    operation: str
    items: str
    ask: Callable[[World], dict[str, Any]]  # the query, from what the world built
    only: bool = True  # the query lists exactly the world's own items (ListClusters lists every cluster)

    @property
    def ecs(self) -> bool:
        return self.service == "ecs"

    @property
    def size(self) -> str:
        return "maxResults" if self.ecs else "PageSize"

    @property
    def token(self) -> str:
        return "nextToken" if self.ecs else "Marker"

    @property
    def next_token(self) -> str:
        return "nextToken" if self.ecs else "NextMarker"


LISTINGS = [
    Listing("ecs", "list_clusters", "clusterArns", lambda w: {}, only=False),
    Listing("ecs", "list_services", "serviceArns", lambda w: {"cluster": w.services_cluster}),
    Listing("ecs", "list_tasks", "taskArns", lambda w: {"cluster": w.cluster}),
    Listing("ecs", "list_container_instances", "containerInstanceArns", lambda w: {"cluster": w.cluster}),
    Listing("ecs", "list_task_definitions", "taskDefinitionArns", lambda w: {"familyPrefix": w.family}),
    Listing("ecs", "list_task_definition_families", "families", lambda w: {"familyPrefix": w.family_prefix}),
    Listing("elbv2", "describe_load_balancers", "LoadBalancers",
            lambda w: {"LoadBalancerArns": w.load_balancers}),
    Listing("elbv2", "describe_target_groups", "TargetGroups", lambda w: {"TargetGroupArns": w.target_groups}),
    Listing("elbv2", "describe_listeners", "Listeners", lambda w: {"LoadBalancerArn": w.load_balancers[0]}),
    Listing("elbv2", "describe_rules", "Rules", lambda w: {"ListenerArn": w.listener}),
]
NAMES = [listing.operation for listing in LISTINGS]


def by_hand(call: Callable[..., Any], listing: Listing, query: dict[str, Any], size: int) -> list[list[Any]]:
    """Every page of the query, following the token until none is given."""
    pages, token = [], None
    while True:
        answer = call(**query, **{listing.size: size}, **({listing.token: token} if token else {}))
        pages.append(answer[listing.items])
        token = answer.get(listing.next_token)
        if not token:
            return pages
        assert len(pages) < 1000, "the token never ends"


def key(item: Any) -> str:
    """An item by its identity, not its contents: a target group's LoadBalancerArns may change between two reads
    (it lags behind a new listener, consistency.py)."""
    if isinstance(item, str):
        return item
    return next(item[k] for k in ("RuleArn", "ListenerArn", "TargetGroupArn", "LoadBalancerArn") if k in item)


def refused(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@pytest.mark.parametrize("listing", LISTINGS, ids=NAMES)
def test_one_item_a_page_lists_every_item_exactly_once(aws, world, listing):
    """API_List*: "When this parameter is used, [the call] only returns maxResults results in a single page along
    with a nextToken response element"; ELBv2 PageSize likewise with NextMarker. moto 5.2.5 answers every ECS list,
    and DescribeTargetGroups and DescribeListeners, in one piece."""
    client, query = aws(listing.service), listing.ask(world)
    call = getattr(client, listing.operation)
    pages = by_hand(call, listing, query, 1)
    items = [key(item) for page in pages for item in page]
    assert all(len(page) == 1 for page in pages), pages
    assert len(items) == len(set(items))
    paginated = [key(item) for page in client.get_paginator(listing.operation).paginate(
        **query, PaginationConfig={"PageSize": 1}) for item in page[listing.items]]
    assert paginated == items
    if listing.only:
        assert len(pages) == 3 or (listing.operation == "list_services" and len(pages) == 11)
    else:
        assert len(pages) >= 3


def test_list_services_gives_ten_without_max_results(aws, world):
    """API_ListServices: "If this parameter isn't used, then ListServices returns up to 10 results and a nextToken
    value if applicable." (moto: all of them, no token)."""
    ecs = aws("ecs")
    first = ecs.list_services(cluster=world.services_cluster)
    assert len(first["serviceArns"]) == 10 and first.get("nextToken")
    second = ecs.list_services(cluster=world.services_cluster, nextToken=first["nextToken"])
    assert len(second["serviceArns"]) == 1 and not second.get("nextToken")
    names = sorted(arn.rsplit("/", 1)[-1] for arn in first["serviceArns"] + second["serviceArns"])
    assert names == world.services


@pytest.fixture(scope="module")
def unchecked(endpoint: str) -> Callable[[str], Any]:
    """Clients that send what they are given: botocore refuses PageSize 0 itself, before AWS could."""
    import boto3
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    return lambda service: session.client(service, endpoint_url=endpoint,
                                          config=Config(parameter_validation=False, retries={"total_max_attempts": 1}))


@pytest.mark.parametrize("listing", LISTINGS, ids=NAMES)
def test_a_page_size_out_of_range_is_refused(unchecked, world, listing):
    """ECS: maxResults "can be between 1 and 100", else InvalidParameterException (each API_List* page's Errors);
    ELBv2: PageSize "Valid Range: Minimum value of 1. Maximum value of 400.", else ValidationError (Common Errors)."""
    call, query = getattr(unchecked(listing.service), listing.operation), listing.ask(world)
    top = 100 if listing.ecs else 400
    for size in (0, top + 1):
        code, message = refused(lambda: call(**query, **{listing.size: size}))
        if listing.ecs:
            assert (code, message) == ("InvalidParameterException", "maxResults must be between 1 and 100.")
        else:
            bound = "greater than or equal to 1" if size == 0 else "less than or equal to 400"
            assert (code, message) == ("ValidationError", f"1 validation error detected: Value '{size}' at "
                                       f"'pageSize' failed to satisfy constraint: Member must have value {bound}")
    assert call(**query, **{listing.size: top})[listing.items]


@pytest.mark.parametrize("listing", LISTINGS, ids=NAMES)
def test_a_made_up_token_is_refused(aws, world, listing):
    """A token is opaque ("This token should be treated as an opaque identifier", API_ListServices nextToken): one
    the service never issued is refused. No AWS page names the answer; this is the stricter guess (moto: ignored by
    ECS; HTTP 500 from DescribeLoadBalancers and DescribeRules, whose marker is the last item's name or ARN)."""
    call, query = getattr(aws(listing.service), listing.operation), listing.ask(world)
    made_up = "eyJvZmZzZXQiOiAxLCAicXVlcnkiOiAibm8ifQ=="  # base64 of another query's offset
    code, message = refused(lambda: call(**query, **{listing.token: made_up}))
    assert code == ("InvalidParameterException" if listing.ecs else "ValidationError")
    assert message == f"The {listing.token} is not valid for this request: {made_up}"
    assert refused(lambda: call(**query, **{listing.token: "not a token"}))[0] == code


def test_a_token_of_another_query_is_refused(aws, world):
    """The token of one family's revisions does not page another family's (API_ListTaskDefinitions: "be sure to
    keep the status value constant in each subsequent request")."""
    ecs = aws("ecs")
    token = ecs.list_task_definitions(familyPrefix=world.family, maxResults=1)["nextToken"]
    assert ecs.list_task_definitions(familyPrefix=world.family, maxResults=2, nextToken=token)["taskDefinitionArns"]
    for other in ({"familyPrefix": f"{world.family_prefix}-1"}, {"familyPrefix": world.family, "status": "INACTIVE"}):
        assert refused(lambda: ecs.list_task_definitions(**other, nextToken=token))[0] == "InvalidParameterException"


def test_task_definitions_are_listed_by_family_and_revision_and_status(aws):
    """API_ListTaskDefinitions: "By default (ASC), task definitions are listed lexicographically by family name and
    in ascending numerical order by revision so that the newest task definitions in a family are listed last.
    Setting this parameter to DESC reverses the sort order on family name and revision"; status ACTIVE by default,
    INACTIVE lists deregistered ones; familyPrefix is the full family name (moto: registration order, sort
    ignored)."""
    ecs, prefix = aws("ecs"), unique("sorted")
    for family in (f"{prefix}-b", f"{prefix}-a", f"{prefix}-b", f"{prefix}-a", f"{prefix}-ab"):
        ecs.register_task_definition(family=family, containerDefinitions=CONTAINER)
    ecs.deregister_task_definition(taskDefinition=f"{prefix}-b:1")

    def listed(**query: str) -> list[str]:
        arns = [arn for page in ecs.get_paginator("list_task_definitions").paginate(
            **query, PaginationConfig={"PageSize": 2}) for arn in page["taskDefinitionArns"]]
        return [arn.rsplit("/", 1)[-1] for arn in arns if arn.rsplit("/", 1)[-1].startswith(prefix)]

    ascending = [f"{prefix}-a:1", f"{prefix}-a:2", f"{prefix}-ab:1", f"{prefix}-b:2"]
    assert listed() == ascending
    assert listed(sort="ASC", status="ACTIVE") == ascending
    assert listed(sort="DESC") == ascending[::-1]
    assert listed(status="INACTIVE") == [f"{prefix}-b:1"]
    assert listed(familyPrefix=f"{prefix}-a", sort="DESC") == [f"{prefix}-a:2", f"{prefix}-a:1"]


def test_describe_services_answers_what_the_cluster_lacks_as_missing(aws):
    """API_DescribeServices `failures`; API failure reasons: MISSING, the resource was not found. Another cluster's
    service is missing too, even when this cluster has one of the same name (moto: answered with this cluster's)."""
    ecs, mine, other = aws("ecs"), unique("described"), unique("described-other")
    arns = {}
    for cluster in (mine, other):
        ecs.create_cluster(clusterName=cluster)
        ecs.register_task_definition(family=cluster, containerDefinitions=CONTAINER)
        arns[cluster] = ecs.create_service(cluster=cluster, serviceName="web", taskDefinition=cluster,
                                           desiredCount=0)["service"]["serviceArn"]
    ecs.create_service(cluster=mine, serviceName="api", taskDefinition=mine, desiredCount=0)
    answer = ecs.describe_services(cluster=mine, services=["web", arns[other], "nope", arns[mine]])
    assert [s["serviceArn"] for s in answer["services"]] == [arns[mine]]
    assert answer["failures"] == [
        {"arn": arns[other], "reason": "MISSING"},
        {"arn": f"arn:aws:ecs:us-east-1:123456789012:service/{mine}/nope", "reason": "MISSING"}]
    assert ecs.describe_services(cluster=other, services=["api"])["failures"] == [
        {"arn": f"arn:aws:ecs:us-east-1:123456789012:service/{other}/api", "reason": "MISSING"}]
