"""The data plane moto lacks: tasks that answer HTTP on their host ports, health checks that are real HTTP requests
to them, and each load balancer's HTTP listener, reached through the emulator's own port with the load balancer's DNS
name as the Host header (LocalStack's convention).

No Docker and no containers: a RUNNING task is a stand-in HTTP server on 127.0.0.1:<its host port>, in this process,
answering as the image it stands for would (nginx's welcome page for an nginx image). Its access log goes, as the
awslogs driver would send it, to the task definition's log group and stream. Documented in docs/emulator.md.

Nothing here holds the emulator's lock while it waits on a socket: task servers never touch moto's objects (their log
lines queue up and the companion's tick writes them), health checks and the listener read what they need under the
lock, then talk HTTP without it.
"""

import collections
import http.client
import logging
import socket
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable

log = logging.getLogger("ecslab_emulator")

# Documented image markers (docs/emulator.md): a task of an image under UNHEALTHY_REGISTRY answers every request with
# 500; one under EXITING_REGISTRY starts, then its essential container exits (a crash loop under a service).
UNHEALTHY_REGISTRY = "unhealthy.example/"
EXITING_REGISTRY = "exits.example/"

NGINX_SERVER = "nginx/1.27.5"
# nginx's own /usr/share/nginx/html/index.html (615 bytes), as the official image serves it.
NGINX_PAGE = b"""<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
ALB_SERVER = "awselb/2.0"


def _alb_page(status: int, text: str) -> bytes:
    return (f"<html>\r\n<head><title>{status} {text}</title></head>\r\n<body>\r\n<center><h1>{status} {text}</h1>"
            f"</center>\r\n</body>\r\n</html>\r\n").encode()


# ---- log lines, queued by task servers and written by the companion's tick (under the lock)

LogLine = tuple[str, str, str, str, int, str]  # account, region, group, stream, epoch millis, message
_log_lines: "collections.deque[LogLine]" = collections.deque()


def drain_log_lines(write: Callable[[LogLine], None]) -> None:
    while _log_lines:
        write(_log_lines.popleft())


# ---- task servers

class TaskSite:
    """What a task's stand-in server needs to know: who it is, what image it plays, where its log lines go."""

    def __init__(self, task_id: str, image: str, log_target: tuple[str, str, str, str] | None):
        self.task_id = task_id
        self.image = image or ""
        self.log_target = log_target  # (account, region, group, stream) or None without awslogs

    def answer(self, method: str, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = [("X-Ecslab-Task", self.task_id)]
        if self.image.startswith(UNHEALTHY_REGISTRY):
            body = b"<html><body><h1>500 Internal Server Error</h1></body></html>\n"
            return 500, headers + [("Server", NGINX_SERVER), ("Content-Type", "text/html")], body
        if "nginx" in self.image.rsplit("/", 1)[-1]:
            if path.split("?")[0] in ("/", "/index.html"):
                return 200, headers + [("Server", NGINX_SERVER), ("Content-Type", "text/html")], NGINX_PAGE
            return 404, headers + [("Server", NGINX_SERVER), ("Content-Type", "text/html")], _nginx_404()
        body = f"ecslab emulator: stand-in for {self.image}\n".encode()
        return 200, headers + [("Content-Type", "text/plain")], body

    def log(self, client: str, method: str, path: str, status: int, size: int, agent: str) -> None:
        if self.log_target is None:
            return
        now = datetime.now(timezone.utc)
        line = (f'{client} - - [{now.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} '
                f'{size} "-" "{agent}" "-"')
        account, region, group, stream = self.log_target
        _log_lines.append((account, region, group, stream, int(now.timestamp() * 1000), line))


def _nginx_404() -> bytes:
    return (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
            b"</center>\r\n<hr><center>" + NGINX_SERVER.encode() + b"</center>\r\n</body>\r\n</html>\r\n")


class _Handler(BaseHTTPRequestHandler):
    server: "_TaskHttpServer"
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        site = self.server.site
        status, headers, body = site.answer(self.command, self.path)
        self.send_response_only(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Date", self.date_time_string())
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        site.log(self.client_address[0], self.command, self.path, status, len(body),
                 self.headers.get("User-Agent", "-"))

    do_GET = do_HEAD = do_POST = _serve

    def log_message(self, *args: Any) -> None:  # the access log goes to CloudWatch Logs, not stderr
        pass


class _TaskHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, sock: socket.socket, site: TaskSite):
        super().__init__(sock.getsockname(), _Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.site = site


_reserved: dict[int, socket.socket] = {}
_serving: dict[int, _TaskHttpServer] = {}
_closing: dict[int, threading.Thread] = {}  # a stopped task's server still shutting down, by port
_ports_lock = threading.Lock()


def reserve(port: int) -> bool:
    """Binds 127.0.0.1:port for a task being placed, if it is free on this machine. Not listening yet: until the
    task runs, a connection is refused, as by an instance whose container has not started. A port whose task just
    stopped is free, as on the instance once the container is gone: its server's shutdown is waited for (a task
    placed on a fixed host port right after the one holding it stopped got no server, failed its health checks and
    tripped the circuit breaker)."""
    with _ports_lock:
        closing = _closing.pop(port, None)
    if closing is not None:
        closing.join(timeout=5)
    with _ports_lock:
        if port in _reserved or port in _serving:
            return False
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            return False
        _reserved[port] = sock
        return True


def serve(port: int, site: TaskSite) -> bool:
    """The task is RUNNING: its reserved port starts answering. False when the port could not be had."""
    with _ports_lock:
        sock = _reserved.pop(port, None)
        if sock is None:
            return False
        sock.listen(64)
        server = _TaskHttpServer(sock, site)
        _serving[port] = server
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"task-{port}",
                     daemon=True).start()
    return True


def close(port: int) -> None:
    """The task stopped: its port closes (connections are refused from now on)."""
    with _ports_lock:
        sock = _reserved.pop(port, None)
        server = _serving.pop(port, None)
    if sock is not None:
        sock.close()
    if server is not None:
        shutting = threading.Thread(target=_shut, args=(server,), daemon=True)
        with _ports_lock:
            _closing[port] = shutting
        shutting.start()


def _shut(server: _TaskHttpServer) -> None:
    server.shutdown()
    server.server_close()


def is_serving(port: int) -> bool:
    with _ports_lock:
        return port in _serving


# ---- health checks

def probe(port: int, path: str, timeout: float) -> tuple[int | None, str]:
    """One health check: (status, "") or (None, "timeout" | "refused")."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path or "/", headers={"User-Agent": "ELB-HealthChecker/2.0", "Connection": "close"})
        response = connection.getresponse()
        response.read()
        return response.status, ""
    except (socket.timeout, TimeoutError):
        return None, "timeout"
    except OSError:
        return None, "refused"
    finally:
        connection.close()


# ---- the listener

def forward(port: int, environ: dict[str, Any], body: bytes, timeout: float
            ) -> tuple[int, list[tuple[str, str]], bytes]:
    """Sends the request on to a target, as the ALB does: 502 if the target refuses, 504 if it does not answer."""
    path = environ.get("PATH_INFO", "/") + (("?" + environ["QUERY_STRING"]) if environ.get("QUERY_STRING") else "")
    headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")}
    headers["X-Forwarded-For"] = environ.get("REMOTE_ADDR", "127.0.0.1")
    headers["X-Forwarded-Proto"] = "http"
    headers["Connection"] = "close"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(environ.get("REQUEST_METHOD", "GET"), path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        passed = [(k, v) for k, v in response.getheaders()
                  if k.lower() not in ("connection", "transfer-encoding", "content-length", "keep-alive")]
        return response.status, passed, data
    except (socket.timeout, TimeoutError):
        return 504, [("Server", ALB_SERVER), ("Content-Type", "text/html")], _alb_page(504, "Gateway Time-out")
    except OSError:
        return 502, [("Server", ALB_SERVER), ("Content-Type", "text/html")], _alb_page(502, "Bad Gateway")
    finally:
        connection.close()


def unavailable() -> tuple[int, list[tuple[str, str]], bytes]:
    return 503, [("Server", ALB_SERVER), ("Content-Type", "text/html")], _alb_page(503,
                                                                                  "Service Temporarily Unavailable")


def gateway_timeout() -> tuple[int, list[tuple[str, str]], bytes]:
    return 504, [("Server", ALB_SERVER), ("Content-Type", "text/html")], _alb_page(504, "Gateway Time-out")


def respond(start_response: Callable[..., Any], status: int, headers: list[tuple[str, str]], body: bytes
            ) -> Iterable[bytes]:
    reason = http.client.responses.get(status, "")
    start_response(f"{status} {reason}", headers + [("Content-Length", str(len(body)))])
    return [body]
