"""What the companion keeps about moto's services and tasks, in its own tables rather than on moto's objects.

By service ARN (a service made again under the same name starts afresh: forget_service, when it is created) and by
task ARN (a task's ends in a random id).
"""

import math
from types import SimpleNamespace

from moto.ecs.models import Service, Task

_services: dict[str, SimpleNamespace] = {}  # service ARN
_tasks: dict[str, SimpleNamespace] = {}  # task ARN


def companion_state(service: Service) -> SimpleNamespace:
    if service.arn not in _services:
        _services[service.arn] = SimpleNamespace(client_token=None, deployment_configuration=None, steady=False,
                                                 unplaceable=None, unplaceable_at=-math.inf, create_params=None)
    return _services[service.arn]


def forget_service(service: Service) -> None:
    _services.pop(service.arn, None)


def task_state(task: Task) -> SimpleNamespace:
    """created (clock), instance_id, host_port: set when the scheduler places it; started when its server answers;
    stop_now when its instance is lost; standalone for a task RunTask or StartTask started, stop_asked (clock) when
    StopTask asked it to stop (standalone_tasks.py); stop_code UserInitiated when StopTask stopped a service's task."""
    if task.task_arn not in _tasks:
        _tasks[task.task_arn] = SimpleNamespace(created=None, instance_id=None, host_port=None, started=None,
                                                stop_now=False, standalone=False, stop_asked=None,
                                                stop_code=None)
    return _tasks[task.task_arn]
