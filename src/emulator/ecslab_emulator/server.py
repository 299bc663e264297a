"""moto's WSGI app and the companion in one process, sharing moto's backends under one lock.

One process (rather than a companion beside moto talking to it over the API) because the parts moto lacks —
tasks with host ports, target health, deployments — must live inside moto's own objects to be served by moto's
own describe calls; a global lock keeps a request and a companion tick from seeing each other half-done.
"""

import logging
import threading
from typing import Any, Callable, Iterable

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from .agent import Agent
from .scheduler import Scheduler

LOCK = threading.RLock()
TICK_SECONDS = 0.2

log = logging.getLogger("ecslab_emulator")


def locked_app() -> Callable[..., Iterable[bytes]]:
    moto_app = DomainDispatcherApplication(create_backend_app)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with LOCK:
            return list(moto_app(environ, start_response))

    return app


class Companion(threading.Thread):
    """Plays the ECS agent, the service scheduler and the load balancer's health checks, TICK_SECONDS apart."""

    def __init__(self) -> None:
        super().__init__(name="ecs-companion", daemon=True)
        self.agent = Agent()
        self.scheduler = Scheduler()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(TICK_SECONDS):
            with LOCK:
                try:
                    self.agent.tick()
                    self.scheduler.tick()
                except Exception:  # a bad tick must not kill the companion; the next one tries again
                    log.exception("companion tick failed")
