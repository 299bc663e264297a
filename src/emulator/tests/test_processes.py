"""scripts/emulator start and stop: the URL alone on stdout, nothing left behind, several at once."""

import socket
import subprocess
from pathlib import Path

import boto3
from botocore.config import Config

from conftest import EMULATOR, ROOT


def start(*args: str) -> str:
    done = subprocess.run([EMULATOR, "start", *args], check=True, capture_output=True, text=True)
    return done.stdout


def stop(port: int) -> None:
    subprocess.run([EMULATOR, "stop", "--port", str(port)], check=True, capture_output=True)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def pid_of(port: int) -> int:
    return int((ROOT / ".ecslab" / "emulator" / f"{port}.pid").read_text())


def test_start_prints_only_the_url_and_stop_leaves_no_process_or_port():
    out = start()
    assert out.count("\n") == 1 and out.startswith("http://127.0.0.1:")
    port = int(out.strip().rsplit(":", 1)[1])
    pid = pid_of(port)
    assert listening(port) and Path(f"/proc/{pid}").exists()

    stop(port)
    assert not listening(port)
    assert not Path(f"/proc/{pid}").exists()
    assert not (ROOT / ".ecslab" / "emulator" / f"{port}.pid").exists()


def test_two_emulators_run_side_by_side_and_stop_one_at_a_time():
    ports = [int(start().strip().rsplit(":", 1)[1]) for _ in range(2)]
    assert ports[0] != ports[1] and all(listening(p) for p in ports)
    stop(ports[0])
    assert not listening(ports[0]) and listening(ports[1])
    stop(ports[1])
    assert not listening(ports[1])


def test_a_chosen_port_is_used():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert start("--port", str(port)).strip() == f"http://127.0.0.1:{port}"
    stop(port)
    assert not listening(port)


def test_a_client_that_stops_mid_request_holds_up_no_one_else() -> None:
    """A request whose body never comes (its client stopped after the headers, as an interrupted thread does)
    waits alone: the next client is answered, as by AWS."""
    url = start().strip()
    port = int(url.rsplit(":", 1)[1])
    try:
        stuck = socket.create_connection(("127.0.0.1", port))
        stuck.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                      b"X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters\r\n"
                      b"Content-Length: 1000\r\n\r\n{}")
        ecs = boto3.client("ecs", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                           aws_secret_access_key="testing",
                           config=Config(read_timeout=5, connect_timeout=5, retries={"max_attempts": 1}))
        assert ecs.list_clusters()["clusterArns"] == []
        stuck.close()
    finally:
        stop(port)


def test_a_port_another_server_answers_on_is_no_emulator_started():
    """Something else took the port first (a task's stand-in server of another emulator, say): start must not take
    that server's answer for the emulator's, and says it did not start instead of printing a URL."""
    import http.server
    import threading
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    port = other.server_address[1]
    try:
        done = subprocess.run([EMULATOR, "start", "--port", str(port)], capture_output=True, text=True)
        assert done.returncode != 0
        assert done.stdout == ""
        assert f"did not start on port {port}" in done.stderr
    finally:
        other.shutdown()
