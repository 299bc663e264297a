"""Answers in the shape AWS gives them, where moto's differ: fields AWS leaves out, values it reports, headers it sends.
Each is read on the wire, with boto3 or plain HTTP, as another client (the AWS CLI, a waiter, ecspresso) would."""

import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import urlparse

import pytest
from botocore.exceptions import ClientError

from conftest import SHORT_ALB_PHASES, Lab, clients, start_emulator, stop_emulator, unique, wait_for

NO_SUCH_INSTANCE = "i-0123456789abcdef0"


# ---- DescribeTargetHealth

class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def target_server() -> Iterator[int]:
    """A port on this machine that answers health checks with 200: what an instance target listens on."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def slow_alb_lab() -> Iterator[Lab]:
    """An emulator whose load balancers provision for 100 AWS seconds (10 s here): long enough to register a target
    and look at it before the health checks can begin."""
    url = start_emulator(env={**os.environ, **SHORT_ALB_PHASES, "ECSLAB_CLOCK_ALB_PROVISIONING": "100"})
    yield Lab(clients(url))
    stop_emulator(url)


def running_instance(lab: Lab) -> str:
    vpc, subnets = lab.network()
    ami = lab.ssm.get_parameter(Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")
    instance = lab.ec2.run_instances(ImageId=ami["Parameter"]["Value"], InstanceType="t3.micro", MinCount=1,
                                     MaxCount=1, SubnetId=subnets[0])["Instances"][0]["InstanceId"]
    lab.ec2.get_waiter("instance_running").wait(InstanceIds=[instance], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    return instance


def slow_to_turn_healthy(lab: Lab, target_group: str) -> None:
    """Ten passes to healthy, 5 AWS seconds apart: Elb.InitialHealthChecking lasts 4.5 s here."""
    lab.elb.modify_target_group(TargetGroupArn=target_group, HealthyThresholdCount=10, HealthCheckIntervalSeconds=5)


def test_a_target_is_registering_until_the_checks_begin_then_initial_checking_then_healthy_on_its_port(
        slow_alb_lab, target_server):
    """API_TargetHealth: `initial` is Elb.RegistrationInProgress ("in the process of being registered"), then
    Elb.InitialHealthChecking ("still sending the target the minimum number of health checks"); HealthCheckPort is
    "the port to use to connect with the target" (API_TargetHealthDescription): the target's own for traffic-port
    (moto: InitialHealthChecking from the start, and "traffic-port")."""
    lab = slow_alb_lab
    instance = running_instance(lab)
    _, target_group = lab.load_balancer(unique("reg"))
    slow_to_turn_healthy(lab, target_group)
    lab.elb.register_targets(TargetGroupArn=target_group, Targets=[{"Id": instance, "Port": target_server}])

    def seen() -> tuple[str, str, str | None]:
        (health,) = lab.elb.describe_target_health(TargetGroupArn=target_group)["TargetHealthDescriptions"]
        assert health["HealthCheckPort"] == str(target_server)
        return health["TargetHealth"]["State"], health["TargetHealth"].get("Reason"), health["TargetHealth"].get(
            "Description")

    # The load balancer is still provisioning: no health check can have begun.
    assert seen() == ("initial", "Elb.RegistrationInProgress", "Target registration is in progress")
    wait_for(lambda: seen()[1] == "Elb.InitialHealthChecking", seconds=30, what="the first health check")
    assert seen()[2] == "Initial health checks in progress"
    wait_for(lambda: seen() == ("healthy", None, None), seconds=30, what="a healthy target")


def test_describing_an_instance_that_does_not_exist_is_invalid_target_and_an_unregistered_one_unused(lab):
    """API_DescribeTargetHealth, Errors: InvalidTarget, "The specified target does not exist, is not in the same VPC
    as the target group, or has an unsupported instance type."; an instance of the group's VPC that is not
    registered is `unused`, Target.NotRegistered (API_TargetHealth). moto answered both as unregistered."""
    instance = running_instance(lab)
    _, target_group = lab.load_balancer(unique("inv"))

    with pytest.raises(ClientError) as raised:
        lab.elb.describe_target_health(TargetGroupArn=target_group, Targets=[{"Id": NO_SUCH_INSTANCE, "Port": 80}])
    assert raised.value.response["Error"]["Code"] == "InvalidTarget"
    assert raised.value.response["Error"]["Message"] == ("The specified target does not exist, is not in the same "
                                                         "VPC as the target group, or has an unsupported instance "
                                                         "type.")

    (health,) = lab.elb.describe_target_health(TargetGroupArn=target_group, Targets=[
        {"Id": instance, "Port": 80}])["TargetHealthDescriptions"]
    assert health["TargetHealth"]["State"] == "unused"
    assert health["TargetHealth"]["Reason"] == "Target.NotRegistered"


# ---- the listener

def test_an_http_listener_has_no_ssl_policy(lab):
    """API_Listener: SslPolicy is "[HTTPS and TLS listeners] The security policy that defines which protocols and
    ciphers are supported"; moto gave every listener ELBSecurityPolicy-2016-08."""
    lb, _ = lab.load_balancer(unique("ssl"))

    (listener,) = lab.elb.describe_listeners(LoadBalancerArn=lb)["Listeners"]
    assert listener["Protocol"] == "HTTP"
    assert "SslPolicy" not in listener
    created = lab.elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=8080, DefaultActions=[
        {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])["Listeners"][0]
    assert "SslPolicy" not in created


def raw_headers(endpoint: str, host: str) -> list[tuple[str, str]]:
    """Every header line of the answer, repeated ones too, as it came over the socket."""
    url = urlparse(endpoint)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return [(name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in head)]


def test_the_listener_passes_on_the_targets_headers_alone(lab, endpoint):
    """An ALB passes the target's answer on with the target's Server header (nginx's), not one of its own beside it:
    the emulator's web server (werkzeug) added its own Server and Date to every answer it relayed."""
    cluster = unique("hdr")
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("hdr"))
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1, tg)
    wait_for(lambda: [s for _, _, s in lab.target_states(tg)] == ["healthy"], seconds=30, what="a healthy target")
    dns_name = lab.elb.describe_load_balancers(LoadBalancerArns=[lb])["LoadBalancers"][0]["DNSName"]

    headers = raw_headers(endpoint, dns_name)

    assert [value for name, value in headers if name == "server"] == ["nginx/1.27.5"], headers
    assert len([value for name, value in headers if name == "date"]) == 1, headers


# ---- ECS: containers and services

def containers_of_service(lab: Lab, cluster: str, service: str, status: str = "RUNNING") -> list[dict[str, Any]]:
    arns = lab.ecs.list_tasks(cluster=cluster, serviceName=service, desiredStatus=status)["taskArns"]
    tasks = lab.ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []
    return [c for t in tasks if t["lastStatus"] == status for c in t["containers"]]


def checked_task_definition(lab: Lab) -> str:
    """The lab's nginx task with a container health check."""
    return lab.ecs.register_task_definition(
        family=unique("checked"), networkMode="bridge", requiresCompatibilities=["EC2"],
        containerDefinitions=[{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "essential": True,
                               "cpu": 128, "memory": 128, "memoryReservation": 64,
                               "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}],
                               "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}}],
    )["taskDefinition"]["taskDefinitionArn"]


def test_a_running_container_is_health_unknown_without_a_health_check_and_has_an_exit_code_only_once_stopped(lab):
    """API_Container: healthStatus "If health checks aren't configured for this container in its task definition,
    then it reports the health status as UNKNOWN"; a running container has returned no exit code yet (moto: HEALTHY
    and exit code 0 from the start)."""
    cluster = unique("ctr")
    lab.cluster_with_instance(cluster)
    lab.service(cluster, "plain", lab.task_definition(unique("plain")), 1)
    lab.service(cluster, "checked", checked_task_definition(lab), 1)

    (plain,) = wait_for(lambda: containers_of_service(lab, cluster, "plain"), what="a running task")
    assert plain["lastStatus"] == "RUNNING" and plain["healthStatus"] == "UNKNOWN"
    assert "exitCode" not in plain
    (checked,) = wait_for(lambda: containers_of_service(lab, cluster, "checked"), what="a running checked task")
    assert checked["healthStatus"] == "HEALTHY" and "exitCode" not in checked

    lab.ecs.update_service(cluster=cluster, service="plain", desiredCount=0)
    (stopped,) = wait_for(lambda: containers_of_service(lab, cluster, "plain", "STOPPED"), what="a stopped task")
    assert stopped["exitCode"] == 0  # ECS stopped it: nginx exits 0 on its stop signal


def test_a_bridge_service_has_no_network_configuration_and_its_pending_count_is_its_deployments(lab):
    """API_Service: networkConfiguration is that of awsvpc tasks (moto: `{}` for any service); pendingCount, like
    runningCount, is what its deployments' tasks add up to (API_Deployment), from CreateService's answer on (moto:
    the whole desired count pending before any task exists) and all through a rollout."""
    cluster = unique("svc")
    lab.cluster_with_instance(cluster)

    created = lab.service(cluster, "web", lab.task_definition(unique("web")), 2)
    assert "networkConfiguration" not in created
    assert created["pendingCount"] == sum(d["pendingCount"] for d in created["deployments"]), created

    def agrees() -> dict[str, Any]:
        service = lab.describe_service(cluster, "web")
        assert "networkConfiguration" not in service
        assert service["pendingCount"] == sum(d["pendingCount"] for d in service["deployments"]), service
        assert service["runningCount"] == sum(d["runningCount"] for d in service["deployments"]), service
        return service

    wait_for(lambda: agrees()["runningCount"] == 2, what="2 running tasks")
    lab.ecs.update_service(cluster=cluster, service="web", taskDefinition=lab.task_definition(unique("web2")))
    wait_for(lambda: agrees()["pendingCount"] > 0, what="the new revision's pending tasks")
    wait_for(lambda: len(agrees()["deployments"]) == 1 and agrees()["runningCount"] == 2, seconds=30,
             what="the rollout's end")


# ---- ECS: what the agent registers

@pytest.mark.parametrize("instance_type, cpu, memory, architecture", [
    ("t3.micro", 2048, 998, "x86_64"),    # 2 vCPUs, 1024 MiB installed
    ("t2.micro", 1024, 998, "x86_64"),    # 1 vCPU
    ("t3.medium", 2048, 3992, "x86_64"),  # 4096 MiB
])
def test_a_container_instance_registers_its_types_resources_and_attributes(lab, instance_type, cpu, memory,
                                                                           architecture):
    """The agent registers vCPUs × 1024 CPU units and the memory the kernel reports (memory-management.html: an
    m4.large's 8192 MiB installed are 7985 MiB for tasks; the same share here), its reserved ports, no UDP port, and
    the built-in attributes (task-placement-constraints.html#attributes) with its capabilities. Before: one table of
    guesses (t2.micro 983, t3.medium 3828) and moto's four attributes."""
    cluster = unique("reg")
    ci = lab.cluster_with_instance(cluster, instance_type)
    instance = lab.ec2.describe_instances(InstanceIds=[ci["ec2InstanceId"]])["Reservations"][0]["Instances"][0]

    registered = {r["name"]: r for r in ci["registeredResources"]}
    assert registered["CPU"]["integerValue"] == cpu
    assert registered["MEMORY"]["integerValue"] == memory
    assert sorted(registered["PORTS"]["stringSetValue"], key=int) == ["22", "2375", "2376", "51678", "51679", "51680"]
    assert registered["PORTS_UDP"]["stringSetValue"] == []
    attributes = {a["name"]: a.get("value") for a in ci["attributes"]}
    assert {name: attributes.get(name) for name in ("ecs.instance-type", "ecs.availability-zone", "ecs.ami-id",
                                                     "ecs.os-type", "ecs.os-family", "ecs.cpu-architecture",
                                                     "ecs.vpc-id", "ecs.subnet-id")} == {
        "ecs.instance-type": instance_type, "ecs.availability-zone": instance["Placement"]["AvailabilityZone"],
        "ecs.ami-id": instance["ImageId"], "ecs.os-type": "linux", "ecs.os-family": "LINUX",
        "ecs.cpu-architecture": architecture, "ecs.vpc-id": instance["VpcId"], "ecs.subnet-id": instance["SubnetId"]}
    assert "com.amazonaws.ecs.capability.logging-driver.awslogs" in attributes
    assert "ecs.capability.execution-role-awslogs" in attributes
    assert attributes["ecs.capability.execution-role-awslogs"] is None  # a capability has no value
