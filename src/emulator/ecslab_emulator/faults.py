"""A fault-injecting HTTP proxy for tests: sits between a client and the local AWS and, per request, may answer
with throttling or a server error in the real wire shape of that request's AWS protocol, or forward the request
and lose the answer (the call reaches the emulator, the client never hears back). With --silent it answers nothing
at all, and with --drip SECONDS it starts an answer and sends one more byte every SECONDS, never ending it: the
endpoints a client's timeouts are for.

    python -m ecslab_emulator.faults --upstream http://127.0.0.1:5055 --port 0 \\
        --throttle 0.2 --server-errors 0.05 --lose 0.3 --lose-only-mutating --seed 7

prints its own URL on stdout and a line per injected fault on stderr.
"""

import argparse
import http.client
import random
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MUTATING = re.compile(r"^(Create|Run|Register|Put|Attach|Add|Authorize|Delete|Terminate|Deregister|Update|Modify|"
                      r"Tag|Untag|Remove|Detach|Revoke)")
SERVICE_IN_SCOPE = re.compile(r"Credential=[^/]+/\d+/[^/]+/([^/]+)/aws4_request")


def describe(headers, body: bytes) -> tuple[str, str, str]:
    """(protocol, service, operation): json for X-Amz-Target APIs, ec2 or query for form-encoded ones."""
    service_match = SERVICE_IN_SCOPE.search(headers.get("Authorization", ""))
    service = service_match.group(1) if service_match else "?"
    target = headers.get("X-Amz-Target")
    if target:
        return "json", service, target.split(".")[-1]
    action = parse_qs(body.decode("utf-8", "replace")).get("Action", ["?"])[0]
    return ("ec2" if service == "ec2" else "query"), service, action


def ec2_error(code: str, message: str, request_id: str) -> bytes:
    """An error in EC2's own XML shape (EC2 API error codes: "Example error response")."""
    return (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>").encode()


def throttling(protocol: str) -> tuple[int, str, bytes]:
    """Each protocol's real throttling answer (docs/aws.md §0, issue 5)."""
    request_id = str(uuid.uuid4())
    if protocol == "json":
        return 400, "application/x-amz-json-1.1", b'{"__type":"ThrottlingException","message":"Rate exceeded"}'
    if protocol == "ec2":
        return 503, "text/xml", ec2_error("RequestLimitExceeded", "Request limit exceeded.", request_id)
    return 400, "text/xml", (f"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate "
                             f"exceeded</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>").encode()


def server_error(protocol: str) -> tuple[int, str, bytes]:
    request_id = str(uuid.uuid4())
    if protocol == "json":
        return 500, "application/x-amz-json-1.1", b'{"__type":"ServerException","message":"Internal error"}'
    if protocol == "ec2":
        return 500, "text/xml", ec2_error("InternalError", "An internal error has occurred", request_id)
    return 500, "text/xml", (f"<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>"
                             f"Internal failure</Message></Error><RequestId>{request_id}</RequestId>"
                             f"</ErrorResponse>").encode()


class Faults:
    def __init__(self, throttle: float, server_errors: float, lose: float, lose_only_mutating: bool, seed: int):
        self.throttle, self.server_errors, self.lose = throttle, server_errors, lose
        self.lose_only_mutating = lose_only_mutating
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.counts = {"forwarded": 0, "throttled": 0, "server-error": 0, "lost": 0}

    def pick(self, operation: str) -> str:
        with self.lock:
            r = self.random.random()
            if r < self.throttle:
                choice = "throttled"
            elif r < self.throttle + self.server_errors:
                choice = "server-error"
            elif (not self.lose_only_mutating or MUTATING.match(operation)) and self.random.random() < self.lose:
                choice = "lost"
            else:
                choice = "forwarded"
            self.counts[choice] += 1
            return choice


def handler(upstream: str, faults: Faults, silent: bool = False, drip: float = 0.0) -> type:
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: faults are reported below
            pass

        def do_POST(self) -> None:
            self.handle_any()

        def do_GET(self) -> None:
            self.handle_any()

        def handle_any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
            if silent or drip:
                self.stall()
                return
            # A request to a load balancer's listener (Host: its DNS name) is not an AWS API call: no faults, and
            # its Host goes along, as the emulator routes by it.
            to_listener = self.headers.get("Host", "").split(":")[0].lower().endswith(".elb.amazonaws.com")
            protocol, service, operation = describe(self.headers, body)
            choice = "forwarded" if to_listener else faults.pick(operation)
            if choice != "forwarded":
                print(f"fault {choice} {service} {operation}", file=sys.stderr, flush=True)
            if choice in ("throttled", "server-error"):
                status, content_type, payload = (throttling if choice == "throttled" else server_error)(protocol)
                self.reply(status, {"Content-Type": content_type}, payload)
                return
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() != "connection" and (to_listener or k.lower() != "host")}
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            conn.close()
            if choice == "lost":
                # The emulator did the work; the client never hears of it.
                self.close_connection = True
                self.connection.close()
                return
            self.reply(response.status, {k: v for k, v in response.getheaders()
                                         if k.lower() not in ("transfer-encoding", "connection", "content-length")},
                       payload)

        def stall(self) -> None:
            """Holds the request: no answer (--silent), or a status line and a byte every --drip seconds."""
            print(f"fault {'silent' if silent else 'drip'} {self.path}", file=sys.stderr, flush=True)
            try:
                if silent:
                    while True:
                        time.sleep(60)
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
                while True:
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(drip)
            except OSError:  # the client gave up
                self.close_connection = True

        def reply(self, status: int, headers: dict, payload: bytes) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(prog="ecslab_emulator.faults", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--throttle", type=float, default=0.0)
    parser.add_argument("--server-errors", type=float, default=0.0)
    parser.add_argument("--lose", type=float, default=0.0)
    parser.add_argument("--lose-only-mutating", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--silent", action="store_true", help="answer no request")
    parser.add_argument("--drip", type=float, default=0.0, help="answer every request a byte per this many seconds")
    args = parser.parse_args()
    faults = Faults(args.throttle, args.server_errors, args.lose, args.lose_only_mutating, args.seed)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(args.upstream, faults, args.silent, args.drip))
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        print(f"faults: {faults.counts}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
