"""moto's WSGI app and the companion in one process, sharing moto's backends under one lock.

One process (rather than a companion beside moto talking to it over the API) because the parts moto lacks —
tasks with host ports, target health, deployments — must live inside moto's own objects to be served by moto's
own describe calls; a global lock keeps a request and a companion tick from seeing each other half-done.

A request whose Host is a load balancer's DNS name is not an API call: it goes to that load balancer's HTTP listener
(LocalStack's convention: `curl -H "Host: <dns name>" http://127.0.0.1:<port>/`), and on to a target (data_plane.py).
"""

import concurrent.futures
import io
import logging
import os
import threading
import time
from typing import Any, Callable, Iterable

from moto.ec2.models import ec2_backends
from moto.elbv2.models import elbv2_backends
from moto.logs.models import logs_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

from . import data_plane, load_balancing, pipeline, security_group_paths
from .agent import Agent
from .backends import loaded
from .scheduler import Scheduler
from .standalone_tasks import StandaloneTasks

LOCK = threading.RLock()
# scripts/emulator asks this path which process answers on the port it started the emulator on: another process may
# have taken the port between its choice and the emulator's bind (a task's stand-in server of another emulator).
WHO_ANSWERS = "/_ecslab/pid"
TICK_SECONDS = 0.2

log = logging.getLogger("ecslab_emulator")


def locked_app() -> Callable[..., Iterable[bytes]]:
    """The request path: a load balancer's listener, else the API — down the pipeline (pipeline.py: authorized as
    IAM would, then the windows, the refusals, moto)."""
    moto_app = DomainDispatcherApplication(create_backend_app)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == WHO_ANSWERS:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [str(os.getpid()).encode()]
        host = environ.get("HTTP_HOST", "").rsplit(":", 1)[0].lower()
        if host.endswith(".elb.amazonaws.com"):
            answered = listener(host, environ, start_response)
            if answered is not None:
                return answered
        # The request's body is read before the lock is taken: a client that sends its headers and then stops (a
        # request abandoned mid-way, as by an interrupted thread) must hold up only itself, as on AWS — not, while
        # its body never comes, every other request of every client.
        environ["wsgi.input"] = io.BytesIO(read_body(environ))
        with LOCK:
            return pipeline.dispatch(environ, start_response, moto_app)

    return app


class OwnHeadersOnce(MotoRequestHandler):
    """Writes Server and Date only for an answer that has none of its own. http.server's send_response, which
    werkzeug calls, always adds both: a listener's answer carried werkzeug's Server beside the target's (nginx/…),
    where an ALB passes on the target's alone."""

    _sent: set[str] | None = None  # the answer's own header names, from its status line to the end of its headers

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log_request(code)
        self.send_response_only(code, message)
        self._sent = set()

    def send_header(self, keyword: str, value: str) -> None:
        if self._sent is not None:
            self._sent.add(keyword.lower())
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        sent, self._sent = self._sent, None
        if sent is not None and "server" not in sent:
            super().send_header("Server", self.version_string())
        if sent is not None and "date" not in sent:
            super().send_header("Date", self.date_time_string())
        super().end_headers()


def read_body(environ: dict[str, Any]) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        return environ["wsgi.input"].read(length)
    if environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
        return environ["wsgi.input"].read()
    return b""


def listener(dns_name: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
    """The HTTP listener of the load balancer named dns_name; None when there is no such load balancer."""
    with LOCK:
        found = next(((elbv2, lb) for _, _, elbv2 in loaded(elbv2_backends)
                      if (lb := load_balancing.find_load_balancer(elbv2, dns_name)) is not None), None)
        if found is None:
            return None
        elbv2, lb = found
        client_let_in = security_group_paths.client_reaches(elbv2.ec2_backend, lb)
        target = load_balancing.route(elbv2, lb) if client_let_in else None
        target_reached = target is not None and security_group_paths.load_balancer_reaches(
            elbv2.ec2_backend, lb, target.id, target.port)
    if not client_let_in:
        security_group_paths.drop_client(environ)  # outside the lock: it waits on the client
    if target is None:
        return data_plane.respond(start_response, *data_plane.unavailable())
    if not target_reached:  # healthy a moment ago, its group changed since: the connection times out
        time.sleep(security_group_paths.target_connect_timeout())
        return data_plane.respond(start_response, *data_plane.gateway_timeout())
    body = read_body(environ)
    # The ALB's idle timeout is 60 s; a stand-in that does not answer in 10 is not going to.
    return data_plane.respond(start_response, *data_plane.forward(target.port, environ, body, timeout=10))


class Companion(threading.Thread):
    """Plays the ECS agent, the service scheduler and standalone tasks TICK_SECONDS apart, and writes the tasks' log
    lines."""

    def __init__(self) -> None:
        super().__init__(name="ecs-companion", daemon=True)
        self.agent = Agent()
        self.scheduler = Scheduler()
        self.standalone_tasks = StandaloneTasks()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(TICK_SECONDS):
            with LOCK:
                try:
                    self.agent.tick()
                    self.scheduler.tick()
                    self.standalone_tasks.tick()
                    data_plane.drain_log_lines(write_log_line)
                except Exception:  # a bad tick must not kill the companion; the next one tries again
                    log.exception("companion tick failed")


def write_log_line(line: data_plane.LogLine) -> None:
    """As the awslogs driver: the stream is created on first use; without its log group the line is lost (on AWS
    the task would not have started)."""
    account, region, group, stream, timestamp, message = line
    backend = logs_backends[account][region]
    if group not in backend.groups:
        return
    if stream not in backend.groups[group].streams:
        backend.create_log_stream(group, stream)
    backend.put_log_events(group, stream, [{"timestamp": timestamp, "message": message}])


class HealthChecker(threading.Thread):
    """The load balancers' health checks: real HTTP requests to the targets, several at once, never under the lock
    (a target that does not answer must not hold up the API)."""

    def __init__(self) -> None:
        super().__init__(name="elb-health-checks", daemon=True)
        self.stopping = threading.Event()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="health-check")

    def run(self) -> None:
        while not self.stopping.wait(TICK_SECONDS / 2):
            try:
                with LOCK:
                    checks = [(c, security_group_paths.health_check_reaches(elbv2, c.tg, c.target.id, c.port))
                              for account, region, elbv2 in loaded(elbv2_backends)
                              for c in load_balancing.due_checks(elbv2, ec2_backends[account][region])]
                outcomes = list(self.pool.map(lambda checked: health_check(*checked), checks))
                with LOCK:
                    for (check, _), (status, failure) in zip(checks, outcomes):
                        load_balancing.record(check, status, failure)
            except Exception:
                log.exception("health checks failed")


def health_check(check: load_balancing.Check, let_through: bool) -> tuple[int | None, str]:
    """A real request to the target, or, when the security groups drop it, the wait for its timeout."""
    if not let_through:
        return security_group_paths.unanswered_health_check(check.timeout)
    return data_plane.probe(check.port, check.path, check.timeout)
