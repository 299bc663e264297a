"""The data plane: tasks answer HTTP on their host ports, health checks are real requests, and each load balancer's
listener is reached through the emulator's port with the load balancer's DNS name as the Host header."""

import http.client
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from conftest import unique, wait_for


def get(endpoint: str, host: str, path: str = "/") -> tuple[int, dict[str, str], str]:
    """A request to the load balancer named host, through the emulator's port (LocalStack's convention)."""
    url = urlparse(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        connection.close()


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return False
    except ConnectionResetError:
        return False  # accepted into the backlog of a server that is closing: refused from the next try on
    except ConnectionRefusedError:
        return True


def dns_name(lab: Any, lb: str) -> str:
    return lab.elb.describe_load_balancers(LoadBalancerArns=[lb])["LoadBalancers"][0]["DNSName"]


def running_ports(lab: Any, cluster: str) -> dict[str, int]:
    arns = lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"]
    tasks = lab.ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []
    return {t["taskArn"].rsplit("/", 1)[1]: t["containers"][0]["networkBindings"][0]["hostPort"]
            for t in tasks if t["lastStatus"] == "RUNNING"}


def all_healthy(lab: Any, tg: str, count: int) -> bool:
    states = lab.target_states(tg)
    return len(states) == count and all(s == "healthy" for _, _, s in states)


def test_requests_through_the_listener_reach_every_task_of_a_service_of_four(lab, endpoint):
    cluster = unique("dp")
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("lb"))
    lab.service(cluster, "web", lab.task_definition(unique("web")), 4, tg)
    wait_for(lambda: all_healthy(lab, tg, 4), seconds=30, what="4 healthy targets")

    answers = [get(endpoint, dns_name(lab, lb)) for _ in range(20)]

    assert {status for status, _, _ in answers} == {200}
    assert all(h["server"].startswith("nginx/") for _, h, _ in answers)
    assert all("<title>Welcome to nginx!</title>" in body for _, _, body in answers)
    assert {h["x-ecslab-task"] for _, h, _ in answers} == set(running_ports(lab, cluster))
    # nginx answers 404 for a page it does not have, through the load balancer too.
    assert get(endpoint, dns_name(lab, lb), "/missing")[0] == 404


def test_a_stopped_task_closes_its_port_and_no_targets_means_503(lab, endpoint):
    cluster = unique("dp")
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("lb"))
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1, tg)
    wait_for(lambda: all_healthy(lab, tg, 1), seconds=30, what="a healthy target")
    (task_id, port), = running_ports(lab, cluster).items()
    assert not refused(port)

    lab.ecs.update_service(cluster=cluster, service="web", desiredCount=0)

    wait_for(lambda: refused(port), seconds=30, what=f"port {port} to close")
    status, headers, body = get(endpoint, dns_name(lab, lb))
    assert (status, headers["server"]) == (503, "awselb/2.0"), body


def test_a_target_that_answers_500_goes_unhealthy_and_ecs_replaces_its_task(lab):
    cluster = unique("dp")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("lb"))
    td = lab.task_definition(unique("web"), image="unhealthy.example/nginx:stable")
    lab.service(cluster, "web", td, 1, tg, breaker=False)

    def unhealthy() -> Any:
        health = lab.elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
        return [h["TargetHealth"] for h in health if h["TargetHealth"]["State"] == "unhealthy"]

    states = wait_for(unhealthy, seconds=30, what="an unhealthy target")
    assert states[0]["Reason"] == "Target.ResponseCodeMismatch"
    assert states[0]["Description"] == "Health checks failed with these codes: [500]"
    stopped = wait_for(lambda: lab.ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"], seconds=30,
                       what="the unhealthy task to be stopped")
    task = lab.ecs.describe_tasks(cluster=cluster, tasks=stopped)["tasks"][0]
    assert task["stoppedReason"].startswith("Task failed ELB health checks in (target-group " + tg), task


def test_the_requests_are_logged_to_the_task_definitions_log_group_and_stream(lab, endpoint):
    cluster = unique("dp")
    group = "/ecs/" + unique("logs")
    td = lab.logged_task_definition(group)
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("lb"))
    lab.service(cluster, "web", td, 1, tg)
    wait_for(lambda: all_healthy(lab, tg, 1), seconds=30, what="a healthy target")
    (task_id, _), = running_ports(lab, cluster).items()

    assert get(endpoint, dns_name(lab, lb), "/?from=test")[0] == 200

    def lines() -> list[str]:
        events = lab.logs.get_log_events(logGroupName=group, logStreamName=f"ecs/web/{task_id}")["events"]
        return [e["message"] for e in events if '"GET /?from=test HTTP/1.1" 200 615' in e["message"]]

    line = wait_for(lines, seconds=10, what="the request's log line")[0]
    assert "ELB-HealthChecker/2.0" in lab.logs.get_log_events(
        logGroupName=group, logStreamName=f"ecs/web/{task_id}")["events"][0]["message"], line


def test_a_task_whose_container_exits_stops_and_is_replaced(lab):
    cluster = unique("dp")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("lb"))
    lab.service(cluster, "web", lab.task_definition(unique("web"), image="exits.example/nginx:stable"), 1, tg,
                breaker=False)

    stopped = wait_for(lambda: lab.ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"], seconds=30,
                       what="the task to exit")
    task = lab.ecs.describe_tasks(cluster=cluster, tasks=stopped[:1])["tasks"][0]
    assert (task["stopCode"], task["stoppedReason"]) == ("EssentialContainerExited",
                                                         "Essential container in task exited")
    assert task["containers"][0]["exitCode"] == 1
    assert task["startedAt"], "it ran before it exited"
    wait_for(lambda: running_ports(lab, cluster), seconds=30, what="a replacement task")


def test_a_stopped_tasks_port_is_free_for_the_next_task_at_once():
    """On an instance a host port is free once the container holding it is gone, so ECS places the next task there
    (a fixed hostPort, after the task holding it stopped); its stand-in server must get the port, not fail its
    health checks because the last one was still shutting down."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ecslab_emulator import data_plane
    for _ in range(5):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        assert data_plane.reserve(port)
        assert data_plane.serve(port, data_plane.TaskSite("old", "public.ecr.aws/nginx/nginx:stable", None))
        data_plane.close(port)
        assert data_plane.reserve(port), f"port {port} not free right after its task stopped"
        data_plane.close(port)
