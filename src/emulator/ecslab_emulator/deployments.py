"""A service's deployments as ECS keeps them, and which deployment each of its tasks belongs to.

- UpdateService starts a deployment when it changes the task definition or asks for forceNewDeployment ("to start a
  new deployment with no service definition changes", API_UpdateService); a new desired count alone changes the
  PRIMARY's desiredCount and starts none. The new deployment is PRIMARY ("the most recent deployment of a service",
  API_Deployment); the others become ACTIVE, "still has running tasks, but are in the process of being replaced".
- A task belongs to the deployment that started it — its startedBy is that deployment's id, as on AWS — not to the
  deployment of its task definition: after forceNewDeployment both have the same one.
- A circuit-breaker rollback's deployment takes over the tasks of the deployment it rolls back to (they kept serving).
"""

import random
from typing import Any

from moto.core.utils import utcnow
from moto.ecs.models import Service, Task

from .companion_tables import companion_state

# deployment id → the id of the rollback deployment that took over its tasks (ids are unique: random, 19 digits)
_taken_over: dict[str, str] = {}


def new_deployment(service: Service, task_definition_arn: str, status: str = "PRIMARY") -> dict[str, Any]:
    deployment_id = f"ecs-svc/{random.randint(10**18, 10**19 - 1)}"
    now = utcnow()
    return {
        "id": deployment_id, "status": status, "taskDefinition": task_definition_arn,
        "desiredCount": service.desired_count, "pendingCount": 0, "runningCount": 0, "failedTasks": 0,
        "createdAt": now, "updatedAt": now, "launchType": service.launch_type or "EC2",
        "rolloutState": "IN_PROGRESS", "rolloutStateReason": f"ECS deployment {deployment_id} in progress.",
    }


def primary(service: Service) -> dict[str, Any] | None:
    return next((d for d in service.deployments if d["status"] == "PRIMARY"), None)


def starts_deployment(running_on: str, task_definition_arn: str, forced: bool) -> bool:
    """Whether an UpdateService of a service running_on one task definition starts a deployment of
    task_definition_arn: a new revision, or forced (the same one again)."""
    return forced or task_definition_arn != running_on


def start_deployment(service: Service, task_definition_arn: str) -> dict[str, Any]:
    """A new PRIMARY deployment, IN_PROGRESS; every other one is ACTIVE until its tasks are gone."""
    for d in service.deployments:
        d["status"] = "ACTIVE"
    deployment = new_deployment(service, task_definition_arn)
    service.deployments.insert(0, deployment)
    service.task_definition = task_definition_arn
    companion_state(service).steady = False
    return deployment


def take_over(rollback: dict[str, Any], previous: dict[str, Any]) -> None:
    """The rollback deployment counts the tasks of the one it rolls back to as its own."""
    _taken_over[previous["id"]] = rollback["id"]


def deployment_of(service: Service, task: Task) -> dict[str, Any] | None:
    """The deployment in the service's list that the task belongs to, or None (its deployment has left the list)."""
    deployment_id = task.started_by
    while deployment_id in _taken_over:
        deployment_id = _taken_over[deployment_id]
    return next((d for d in service.deployments if d["id"] == deployment_id), None)
