"""ECS reads answered as the API reference documents them, where moto 5.2.5 answers otherwise.

Clients other than ecslab (the AWS CLI, boto3's waiters, ecspresso) read these answers as AWS gives them:

- ListTasks lists the tasks whose desired status is RUNNING unless desiredStatus says otherwise ("The default status
  filter is RUNNING", API_ListTasks), of the cluster named and no other; moto lists every task, stopped ones too, and
  matches the cluster and container instance as substrings (cluster `a` saw the tasks of cluster `ab`).
- DescribeTasks answers a task it does not find in the cluster named — unknown, or another cluster's — in `failures`
  with reason MISSING (API_DescribeTasks, API_Failure; "The specified task wasn't found", ECS developer guide, API
  failure reasons); moto searches every cluster, by substring, and never reports a failure.
- DescribeContainerInstances of a cluster that never had one answers MISSING failures too; moto fails with HTTP 500.
- DescribeServices answers a service the cluster named does not have in `failures` with reason MISSING, by the
  service's ARN in the long format (API_DescribeServices, API failure reasons); moto takes only the last part of an
  ARN, so another cluster's service of the same name was answered as this cluster's, and names a missing one by a
  short ARN without its cluster.
- ListTaskDefinitions lists by family name, then revision, newest last (`sort` ASC, the default) or reversed (DESC),
  as API_ListTaskDefinitions says; moto lists in the order they were registered and ignores `sort`.
- A service that is not in awsvpc mode has no networkConfiguration (API_Service: it is the subnets and security groups
  of tasks in the awsvpc network mode); moto answers `{}`.
- A new service has no pending task until the scheduler places one, so its pendingCount is its deployment's, 0
  (API_Service, API_Deployment); moto counts the whole desired count as pending.

Each of these is a hook of the request path (pipeline.py): moto's methods stay as they are for the companion's own
calls. A container's own shape is no hook, since every task moto or the scheduler makes has one:

- its healthStatus is UNKNOWN unless its definition has a healthCheck (API_Container: "If health checks aren't
  configured for this container in its task definition, then it reports the health status as UNKNOWN"), and it has
  an exitCode only once it has exited; moto reports every container HEALTHY with exit code 0 from the start.

Paging (maxResults, nextToken) comes after these answers: paging.py, installed after this module.
"""

from typing import Any

from moto.core.responses import ActionResult
from moto.ecs.models import Container

from . import pipeline
from .pipeline import REFUSE, Request


def _arn(request: Request, cluster: Any, kind: str, given: str) -> str:
    """The resource's ARN as given, or in the long format (with the cluster) for a bare id."""
    if given.startswith("arn:"):
        return given
    return f"arn:aws:ecs:{request.region}:{request.account}:{kind}/{cluster.name}/{given}"


def list_tasks_of_the_cluster(request: Request, result: Any) -> Any:
    cluster = request.ecs_cluster()
    tasks = request.moto.ecs_backend.tasks.get(cluster.name, {})
    desired = request.param("desiredStatus") or "RUNNING"
    instance = request.param("containerInstance")
    kept = []
    for arn in result.result["taskArns"]:
        task = tasks.get(arn)
        if task is None or task.desired_status != desired:
            continue
        on = task.container_instance_arn or ""
        if instance and instance not in (on, on.split("/")[-1]):
            continue
        kept.append(arn)
    return ActionResult({"taskArns": kept})


def task_named(tasks: dict[str, Any], given: str) -> Any:
    """The cluster's task (tasks: moto's, by ARN) that given names: its ARN, or its id alone; None if none."""
    return tasks.get(given) or next((t for arn, t in tasks.items() if arn.split("/")[-1] == given), None)


def describe_tasks_or_missing(request: Request, result: Any) -> Any:
    cluster = request.ecs_cluster()
    tasks = request.moto.ecs_backend.tasks.get(cluster.name, {})
    found, failures = [], []
    for given in request.param("tasks", []) or []:
        task = task_named(tasks, given)
        if task is None:
            failures.append({"arn": _arn(request, cluster, "task", given), "reason": "MISSING"})
        elif task not in found:
            found.append(task)
    return ActionResult({"tasks": found, "failures": failures})


def _service_name_in(cluster: Any, given: str) -> str | None:
    """The name of the service asked for in this cluster: a name, or an ARN (short, or long with this cluster)."""
    if not given.startswith("arn:"):
        return given
    path = given.split(":", 5)[-1].split("/")  # service/<name> or service/<cluster>/<name>
    if len(path) == 3 and path[1] != cluster.name:
        return None  # another cluster's service
    return path[-1]


def describe_services_or_missing(request: Request, result: Any) -> Any:
    cluster = request.ecs_cluster()
    described = {service.name: service for service in result.result["services"]}
    found, failures = [], []
    for given in request.param("services", []) or []:
        service = described.get(_service_name_in(cluster, given) or "")
        if service is None:
            failures.append({"arn": _arn(request, cluster, "service", given), "reason": "MISSING"})
        elif service not in found:
            found.append(service)
    return ActionResult({**result.result, "services": found, "failures": failures})


def _family_and_revision(arn: str) -> tuple[str, int]:
    family, revision = arn.rsplit("/", 1)[-1].rsplit(":", 1)
    return family, int(revision)


def list_task_definitions_in_order(request: Request, result: Any) -> Any:
    descending = request.param("sort") == "DESC"
    arns = sorted(result.result["taskDefinitionArns"], key=_family_and_revision, reverse=descending)
    return ActionResult({**result.result, "taskDefinitionArns": arns})


def container_instances_of_an_empty_cluster(request: Request) -> Any:
    cluster = request.ecs_cluster()
    if cluster.name in request.moto.ecs_backend.container_instances:
        return None  # moto answers, MISSING failures included
    given = request.param("containerInstances", []) or []
    if not given:
        return None  # moto refuses an empty list as ECS does
    return ActionResult({"containerInstances": [], "failures": [
        {"arn": _arn(request, cluster, "container-instance", g), "reason": "MISSING"} for g in given]})


def service_as_created(request: Request, result: Any) -> Any:
    service = result.result["service"]
    if not service.network_configuration:
        service.network_configuration = None  # bridge or host mode: the answer has none
    service.pending_count = sum(int(d.get("pendingCount") or 0) for d in service.deployments)
    return result


def _container_shapes() -> None:
    moto_init = Container.__init__

    def health_status(self: Container) -> str:
        # The stand-in's health check command is taken to pass once it runs: it answers as soon as it is RUNNING.
        return "HEALTHY" if getattr(self, "has_health_check", False) and self.last_status == "RUNNING" else "UNKNOWN"

    def init_unexited(self: Container, task_def: Any) -> None:
        moto_init(self, task_def)
        self.exitCode = None  # set when it exits (scheduler.py)
        self.has_health_check = bool(task_def.container_definitions[0].get("healthCheck"))

    Container.__init__ = init_unexited
    # moto's __init__ assigns HEALTHY; the property ignores it and says what the container's state gives
    Container.health_status = property(health_status, lambda self, value: None)


def install() -> None:
    _container_shapes()
    pipeline.after("ecs", "CreateService", service_as_created)
    pipeline.after("ecs", "ListTasks", list_tasks_of_the_cluster)
    pipeline.after("ecs", "DescribeTasks", describe_tasks_or_missing)
    pipeline.after("ecs", "DescribeServices", describe_services_or_missing)
    pipeline.after("ecs", "ListTaskDefinitions", list_task_definitions_in_order)
    pipeline.before(REFUSE, "ecs", "DescribeContainerInstances", container_instances_of_an_empty_cluster)
