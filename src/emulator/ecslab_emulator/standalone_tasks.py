"""Standalone tasks: those RunTask and StartTask start, which no service looks after. moto places them (RunTask) or
puts them where asked (StartTask) and answers them RUNNING for ever; here they live as the ECS agent runs them, on
the service scheduler's task lifecycle (scheduler.py):

- RunTask's answer says PENDING (PROVISIONING for awsvpc, whose network interface comes first), desiredStatus
  RUNNING; after the clock's task_start phase the task is RUNNING, its image pulled, its ports bound and served as a
  service task's are ("Amazon ECS task lifecycle", API_RunTask). An image that cannot be pulled stops it.
- Its essential container exits by itself only when its command does: ["sleep", "N"] (or `sh -c "sleep N"`) after N
  seconds with exit code 0, the exits.example/ marker after a few seconds with 1; the task is then STOPPED with
  stopCode EssentialContainerExited, "Essential container in task exited". Any other command runs until stopped.
- StopTask: desiredStatus STOPPED at once, stopCode UserInitiated, stoppedReason as given; the agent's `docker stop`
  sends SIGTERM and, after the container's stopTimeout (ECS_CONTAINER_STOP_TIMEOUT, 30 s), SIGKILL (API_StopTask).
  A process that is PID 1 in its container ignores SIGTERM unless it handles it (Docker's run reference): `sleep`
  (or a shell running it) is killed at the timeout, exit code 137 (128 + SIGKILL); nginx, and any other image here,
  exits 0 at once, as the scheduler has service tasks do. A task that never ran stops at once, without exit code.
  StopTask of a service's task: as the scheduler stops one (its target drains first), with stopCode UserInitiated;
  the service starts another. A task the cluster does not have: InvalidParameterException (moto: HTTP 500).

What a standalone task reserves is what the scheduler reserves for a service task (task_needs, bind_ports): moto's
own count (memory before memoryReservation, host port 0 as a port in use) is given back first.
"""

import re
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import Task, ecs_backends
from moto.elbv2.models import elbv2_backends

from . import clock, data_plane, pipeline
from .agent import add_to_resource
from .backends import loaded
from .companion_tables import task_state
from .ecs_answers import task_named
from .pipeline import REFUSE, Request
from .scheduler import EXIT_AFTER_SECONDS, bind_ports, instance_of, start, stop_service_task, stopped, task_needs

# The agent's default for ECS_CONTAINER_STOP_TIMEOUT, when the container definition sets no stopTimeout
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html).
STOP_TIMEOUT_SECONDS = 30
KILLED_EXIT_CODE = 137  # 128 + SIGKILL (9): what Docker reports for a container killed at the stop timeout
# API_StopTask documents no default reason for a StopTask without one: this one is an assumption.
DEFAULT_STOP_REASON = "Task stopped by user"
_SHELLS = ("sh", "bash", "ash")


def install() -> None:
    pipeline.after("ecs", "RunTask", placed_as_the_agent_runs_it)
    pipeline.after("ecs", "StartTask", placed_as_the_agent_runs_it)
    pipeline.before(REFUSE, "ecs", "StopTask", stop_task)


# ---- RunTask, StartTask

def placed_as_the_agent_runs_it(request: Request, result: Any) -> Any:
    ecs = request.moto.ecs_backend
    for task in result.result["tasks"]:
        if instance_of(ecs, task) is not None:  # Fargate has none: moto's own
            _take_over(ecs, task)
    return result


def _take_over(ecs: Any, task: Task) -> None:
    ci = instance_of(ecs, task)
    task_definition = ecs.describe_task_definition(task.task_definition_arn)
    ecs.update_container_instance_resources(ci, task.resource_requirements, removing=True)  # moto's count, undone
    cpu, memory = task_needs(task_definition)
    add_to_resource(ci.remaining_resources, "CPU", -cpu)
    add_to_resource(ci.remaining_resources, "MEMORY", -memory)
    ci.pending_tasks_count += 1
    task.resource_requirements = {"CPU": cpu, "MEMORY": memory}
    task.cpu, task.memory = str(cpu), str(memory)
    state = task_state(task)
    state.standalone, state.created, state.instance_id = True, clock.now(), ci.ec2_instance_id
    state.host_port = bind_ports(ci, task, task_definition)
    task.availability_zone = ci.attributes.get("ecs.availability-zone")
    task.created_at = utcnow()
    task.launch_type = task.launch_type or ("" if task.capacity_provider_name else "EC2")
    task.last_status = "PROVISIONING" if task_definition.network_mode == "awsvpc" else "PENDING"
    task.containers[0].last_status = "PENDING"


# ---- StopTask

def stop_task(request: Request) -> Any:
    """StopTask of any task (moto's own stops it at once, and fails with HTTP 500 on a task it does not find). A
    service's task is the scheduler's to stop, as it stops one itself: its target drains first; the service then
    replaces it."""
    task = _task_named(request)
    if task is None:
        raise InvalidParameterException("The referenced task was not found.")
    if task.desired_status != "STOPPED":
        reason = request.param("reason") or DEFAULT_STOP_REASON
        if task_state(task).standalone:
            task.desired_status = "STOPPED"
            task.stop_code = "UserInitiated"
            task.stopped_reason = reason
            task.stopping_at = utcnow()
            task_state(task).stop_asked = clock.now()
        else:
            stop_service_task(request.moto.ecs_backend, elbv2_backends[request.account][request.region], task,
                              reason)
    return ActionResult({"task": task})


def _task_named(request: Request) -> Task | None:
    return task_named(request.moto.ecs_backend.tasks.get(request.ecs_cluster().name, {}), request.param("task") or "")


# ---- the agent's part, each companion tick

class StandaloneTasks:
    def tick(self) -> None:
        for _, _, ecs in loaded(ecs_backends):
            for tasks in list(ecs.tasks.values()):
                for task in list(tasks.values()):
                    state = task_state(task)
                    # a task whose instance went is the scheduler's to stop (Scheduler._advance_orphans)
                    if state.standalone and not state.stop_now and task.last_status != "STOPPED":
                        _advance(ecs, task)


def _advance(ecs: Any, task: Task) -> None:
    if task.desired_status == "STOPPED":
        _stop_when_the_container_is_gone(ecs, task)
    elif task.last_status == "PROVISIONING":
        task.last_status = "PENDING"
    elif task.last_status == "PENDING":
        if clock.now() - task_state(task).created >= clock.lasts("task_start"):
            start(ecs, task)
    elif task.last_status == "RUNNING":
        _exit_when_the_command_ends(ecs, task)


def _exit_when_the_command_ends(ecs: Any, task: Task) -> None:
    ends = _ends_by_itself(ecs, task)
    if ends is None:
        return
    after, exit_code = ends
    if clock.now() - task_state(task).started >= clock.scaled(after):
        task.containers[0].exitCode = exit_code  # moto's own attribute name
        stopped(ecs, task, "EssentialContainerExited", "Essential container in task exited")


def _ends_by_itself(ecs: Any, task: Task) -> tuple[float, int] | None:
    """(AWS seconds after it started, exit code) for a container whose command ends, else None."""
    if (task.containers[0].image or "").startswith(data_plane.EXITING_REGISTRY):
        return EXIT_AFTER_SECONDS, 1
    seconds = sleep_seconds(_command(ecs, task))
    return None if seconds is None else (seconds, 0)


def _stop_when_the_container_is_gone(ecs: Any, task: Task) -> None:
    container = task.containers[0]
    if task.last_status != "RUNNING":  # never started: nothing to send a signal to
        stopped(ecs, task, "UserInitiated", task.stopped_reason)
        return
    ignores_sigterm = sleep_seconds(_command(ecs, task)) is not None
    timeout = _stop_timeout(ecs, task) if ignores_sigterm else 0
    if clock.now() - task_state(task).stop_asked >= clock.scaled(timeout):
        container.exitCode = KILLED_EXIT_CODE if ignores_sigterm else 0
        stopped(ecs, task, "UserInitiated", task.stopped_reason)


def _definition(ecs: Any, task: Task) -> dict[str, Any]:
    return ecs.describe_task_definition(task.task_definition_arn).container_definitions[0]


def _stop_timeout(ecs: Any, task: Task) -> float:
    return float(_definition(ecs, task).get("stopTimeout") or STOP_TIMEOUT_SECONDS)


def _command(ecs: Any, task: Task) -> list[str]:
    """What the container runs as PID 1: RunTask's command override, else the definition's; nothing we can read when
    an entryPoint takes the command as its arguments."""
    definition = _definition(ecs, task)
    if definition.get("entryPoint"):
        return []
    for override in (task.overrides or {}).get("containerOverrides") or []:
        if override.get("name") == definition.get("name") and override.get("command"):
            return list(override["command"])
    return list(definition.get("command") or [])


def sleep_seconds(command: list[str]) -> float | None:
    """N for ["sleep", "N"] or a shell running just that (["sh", "-c", "sleep N"]); None for anything else."""
    if len(command) == 3 and command[0].rsplit("/", 1)[-1] in _SHELLS and command[1] == "-c":
        command = command[2].split()
    if len(command) == 2 and command[0].rsplit("/", 1)[-1] == "sleep" and re.fullmatch(r"\d+(\.\d+)?", command[1]):
        return float(command[1])
    return None
