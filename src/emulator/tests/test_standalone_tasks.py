"""Standalone tasks (RunTask, StartTask, StopTask) live as the ECS agent runs them, as the AWS CLI tutorial
"Creating an Amazon ECS Linux task for the EC2 launch type" shows them, and boto3's task waiters work on them."""

import http.client

import pytest
from botocore.exceptions import ClientError, WaiterError

from conftest import unique, wait_for

NGINX = "public.ecr.aws/nginx/nginx:stable"
BUSYBOX = "public.ecr.aws/docker/library/busybox:latest"
WAIT = {"Delay": 1, "MaxAttempts": 15}


def register(lab, image: str, command: list[str] | None = None, ports: bool = False) -> str:
    container = {"name": "main", "image": image, "cpu": 10, "memory": 64, "memoryReservation": 32, "essential": True}
    if command:
        container["command"] = command
    if ports:
        container["portMappings"] = [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]
    return lab.ecs.register_task_definition(family=unique("standalone"), containerDefinitions=[container])[
        "taskDefinition"]["taskDefinitionArn"]


def run(lab, cluster: str, task_definition: str) -> dict:
    answer = lab.ecs.run_task(cluster=cluster, taskDefinition=task_definition, count=1)
    assert answer["failures"] == []
    return answer["tasks"][0]


def describe(lab, cluster: str, arn: str) -> dict:
    return lab.ecs.describe_tasks(cluster=cluster, tasks=[arn])["tasks"][0]


def remaining(lab, cluster: str, ci: dict) -> dict:
    described = lab.ecs.describe_container_instances(cluster=cluster, containerInstances=[ci["containerInstanceArn"]])
    instance = described["containerInstances"][0]
    values = {r["name"]: r.get("integerValue") for r in instance["remainingResources"]}
    ports = next(r for r in instance["remainingResources"] if r["name"] == "PORTS")["stringSetValue"]
    return {"CPU": values["CPU"], "MEMORY": values["MEMORY"], "PORTS": sorted(ports, key=int),
            "running": instance["runningTasksCount"], "pending": instance["pendingTasksCount"]}


def get(port: int) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def cluster_with_instance(lab):
    cluster = unique("standalone")
    return cluster, lab.cluster_with_instance(cluster)


def test_run_task_answers_pending_then_the_task_runs_and_its_nginx_answers(lab, cluster_with_instance):
    cluster, ci = cluster_with_instance
    before = remaining(lab, cluster, ci)
    task = run(lab, cluster, register(lab, NGINX, ports=True))

    # The tutorial's run-task output: PENDING on its way to RUNNING, nothing started yet.
    assert (task["lastStatus"], task["desiredStatus"], task["launchType"]) == ("PENDING", "RUNNING", "EC2")
    assert "startedAt" not in task and "pullStartedAt" not in task
    assert task["containers"][0]["lastStatus"] == "PENDING" and "exitCode" not in task["containers"][0]

    lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    task = describe(lab, cluster, task["taskArn"])
    container = task["containers"][0]
    assert task["desiredStatus"] == "RUNNING"
    assert task["startedAt"] and task["pullStartedAt"] and task["pullStoppedAt"]
    assert (container["lastStatus"], container["healthStatus"]) == ("RUNNING", "UNKNOWN")
    assert "exitCode" not in container
    port = container["networkBindings"][0]["hostPort"]
    assert 32768 <= port <= 60999
    status, headers, body = get(port)
    task_id = task["taskArn"].split("/")[-1]
    assert (status, headers["Server"], headers["X-Ecslab-Task"]) == (200, "nginx/1.27.5", task_id)
    assert b"Welcome to nginx!" in body
    # What the scheduler reserves for a service task: memoryReservation, and the port bound (moto: memory, and "0").
    assert remaining(lab, cluster, ci) == {**before, "CPU": before["CPU"] - 10, "MEMORY": before["MEMORY"] - 32,
                                           "PORTS": sorted(before["PORTS"] + [str(port)], key=int), "running": 1}


@pytest.mark.parametrize("command", [["sleep", "30"], ["sh", "-c", "sleep 30"]])
def test_a_sleep_ends_by_itself_and_its_resources_return(lab, cluster_with_instance, command):
    cluster, ci = cluster_with_instance
    before = remaining(lab, cluster, ci)
    task = run(lab, cluster, register(lab, BUSYBOX, command))

    lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    lab.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    task = describe(lab, cluster, task["taskArn"])
    assert (task["stopCode"], task["stoppedReason"]) == ("EssentialContainerExited",
                                                         "Essential container in task exited")
    assert task["desiredStatus"] == "STOPPED" and task["stoppedAt"] >= task["startedAt"]
    assert (task["containers"][0]["lastStatus"], task["containers"][0]["exitCode"]) == ("STOPPED", 0)
    assert remaining(lab, cluster, ci) == before
    assert lab.ecs.list_tasks(cluster=cluster)["taskArns"] == []
    assert lab.ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"] == [task["taskArn"]]


def test_the_exits_marker_ends_with_exit_code_1(lab, cluster_with_instance):
    cluster, _ = cluster_with_instance
    task = run(lab, cluster, register(lab, "exits.example/app:1"))

    lab.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    task = describe(lab, cluster, task["taskArn"])
    assert task["stopCode"] == "EssentialContainerExited" and task["containers"][0]["exitCode"] == 1


def test_stop_task_kills_a_sleep_at_the_stop_timeout(lab, cluster_with_instance):
    cluster, ci = cluster_with_instance
    before = remaining(lab, cluster, ci)
    task = run(lab, cluster, register(lab, BUSYBOX, ["sleep", "3600"]))
    lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)

    answer = lab.ecs.stop_task(cluster=cluster, task=task["taskArn"])["task"]
    # Asked to stop, still running: sleep, PID 1 in its container, ignores docker stop's SIGTERM.
    assert (answer["desiredStatus"], answer["lastStatus"]) == ("STOPPED", "RUNNING")
    assert (answer["stopCode"], answer["stoppedReason"]) == ("UserInitiated", "Task stopped by user")

    lab.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    task = describe(lab, cluster, task["taskArn"])
    assert (task["stopCode"], task["stoppedReason"]) == ("UserInitiated", "Task stopped by user")
    assert task["containers"][0]["exitCode"] == 137  # SIGKILL at the stop timeout
    assert remaining(lab, cluster, ci) == before


def test_stop_task_of_nginx_stops_it_with_the_reason_given_and_closes_its_port(lab, cluster_with_instance):
    cluster, _ = cluster_with_instance
    task = run(lab, cluster, register(lab, NGINX, ports=True))
    lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    port = describe(lab, cluster, task["taskArn"])["containers"][0]["networkBindings"][0]["hostPort"]

    lab.ecs.stop_task(cluster=cluster, task=task["taskArn"].split("/")[-1], reason="done with the tutorial")
    lab.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    task = describe(lab, cluster, task["taskArn"])
    assert (task["stopCode"], task["stoppedReason"]) == ("UserInitiated", "done with the tutorial")
    assert task["containers"][0]["exitCode"] == 0  # nginx exits on SIGTERM
    with pytest.raises(ConnectionRefusedError):
        get(port)
    # Stopping it again answers the stopped task as it is.
    again = lab.ecs.stop_task(cluster=cluster, task=task["taskArn"], reason="again")["task"]
    assert (again["lastStatus"], again["stoppedReason"]) == ("STOPPED", "done with the tutorial")


def test_the_tasks_running_waiter_fails_on_a_task_that_stops(lab, cluster_with_instance):
    cluster, _ = cluster_with_instance
    task = run(lab, cluster, register(lab, "invalid.example/none:1"))

    with pytest.raises(WaiterError, match="failure state"):
        lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    task = describe(lab, cluster, task["taskArn"])
    assert task["stopCode"] == "TaskFailedToStart"
    assert task["containers"][0]["reason"].startswith("CannotPullContainerError")


def test_start_task_runs_on_the_container_instance_named(lab, cluster_with_instance):
    cluster, ci = cluster_with_instance
    task = lab.ecs.start_task(cluster=cluster, taskDefinition=register(lab, BUSYBOX, ["sleep", "3600"]),
                              containerInstances=[ci["containerInstanceArn"]])["tasks"][0]
    assert (task["lastStatus"], task["containerInstanceArn"]) == ("PENDING", ci["containerInstanceArn"])

    lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    lab.ecs.stop_task(cluster=cluster, task=task["taskArn"])
    lab.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[task["taskArn"]], WaiterConfig=WAIT)
    assert describe(lab, cluster, task["taskArn"])["containers"][0]["exitCode"] == 137


def test_stop_task_of_a_services_task_drains_it_and_the_service_replaces_it(lab):
    cluster = unique("stop")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("lb"))
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1, tg)
    lab.ecs.get_waiter("services_stable").wait(cluster=cluster, services=["web"], WaiterConfig=WAIT)
    [stopped] = lab.ecs.list_tasks(cluster=cluster, serviceName="web")["taskArns"]

    answer = lab.ecs.stop_task(cluster=cluster, task=stopped, reason="tutorial: watch the service replace it")

    assert answer["task"]["desiredStatus"] == "STOPPED"
    lab.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[stopped], WaiterConfig=WAIT)
    task = describe(lab, cluster, stopped)
    assert (task["stopCode"], task["stoppedReason"]) == ("UserInitiated", "tutorial: watch the service replace it")
    replacement = wait_for(lambda: [t for t in lab.ecs.list_tasks(cluster=cluster, serviceName="web")["taskArns"]
                                    if t != stopped], what="a replacement task")
    lab.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=replacement, WaiterConfig=WAIT)


def test_stop_task_of_a_task_the_cluster_does_not_have_is_refused(lab):
    cluster = unique("stop")
    lab.ecs.create_cluster(clusterName=cluster)
    with pytest.raises(ClientError) as refused:
        lab.ecs.stop_task(cluster=cluster, task="0123456789abcdef0123456789abcdef")
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    assert refused.value.response["Error"]["Message"] == "The referenced task was not found."
