"""ECS reads answered as the API reference documents them, where moto 5.2.5 answers otherwise.

Clients other than ecslab (the AWS CLI, boto3's waiters, ecspresso) read these answers as AWS gives them:

- ListTasks lists the tasks whose desired status is RUNNING unless desiredStatus says otherwise ("The default status
  filter is RUNNING", API_ListTasks), of the cluster named and no other; moto lists every task, stopped ones too, and
  matches the cluster and container instance as substrings (cluster `a` saw the tasks of cluster `ab`).
- DescribeTasks answers a task it does not find in the cluster named — unknown, or another cluster's — in `failures`
  with reason MISSING (API_DescribeTasks, API_Failure; "The specified task wasn't found", ECS developer guide, API
  failure reasons); moto searches every cluster, by substring, and never reports a failure.
- DescribeContainerInstances of a cluster that never had one answers MISSING failures too; moto fails with HTTP 500.

Each is a hook of the request path (pipeline.py): moto's methods stay as they are for the companion's own calls.
"""

from typing import Any

from moto.core.responses import ActionResult

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


def describe_tasks_or_missing(request: Request, result: Any) -> Any:
    cluster = request.ecs_cluster()
    tasks = request.moto.ecs_backend.tasks.get(cluster.name, {})
    found, failures = [], []
    for given in request.param("tasks", []) or []:
        task = tasks.get(given) or next((t for arn, t in tasks.items() if arn.split("/")[-1] == given), None)
        if task is None:
            failures.append({"arn": _arn(request, cluster, "task", given), "reason": "MISSING"})
        elif task not in found:
            found.append(task)
    return ActionResult({"tasks": found, "failures": failures})


def container_instances_of_an_empty_cluster(request: Request) -> Any:
    cluster = request.ecs_cluster()
    if cluster.name in request.moto.ecs_backend.container_instances:
        return None  # moto answers, MISSING failures included
    given = request.param("containerInstances", []) or []
    if not given:
        return None  # moto refuses an empty list as ECS does
    return ActionResult({"containerInstances": [], "failures": [
        {"arn": _arn(request, cluster, "container-instance", g), "reason": "MISSING"} for g in given]})


def install() -> None:
    pipeline.after("ecs", "ListTasks", list_tasks_of_the_cluster)
    pipeline.after("ecs", "DescribeTasks", describe_tasks_or_missing)
    pipeline.before(REFUSE, "ecs", "DescribeContainerInstances", container_instances_of_an_empty_cluster)
