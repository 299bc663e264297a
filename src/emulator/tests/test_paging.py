"""Lists and descriptions answer as AWS documents them: ListTaskDefinitions is ordered by family and revision (sort
ASC, or DESC: newest first); DescribeServices answers what the cluster does not have in failures, MISSING."""

from conftest import unique

CONTAINER = [{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "memory": 128,
              "portMappings": [{"containerPort": 80, "hostPort": 0}]}]


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
