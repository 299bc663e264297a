"""Each row of the emulator's clock (ecslab_emulator/clock.py), seen through the AWS API with boto3, at a small time
scale: a phase is not over before its time, and is over soon after."""

import os
import subprocess
import time
from typing import Any, Callable

import pytest

from conftest import EMULATOR, Lab, clients, seen_group, start_emulator, stop_emulator, unique, wait_for

SCALE = 0.02  # 150 AWS seconds of ALB provisioning → 3 s here


@pytest.fixture(scope="module")
def lab() -> Any:
    url = start_emulator(env={**os.environ, "ECSLAB_EMULATOR_TIME_SCALE": str(SCALE)})
    yield Lab(clients(url))
    stop_emulator(url)


def lasted(check: Callable[[], bool], seconds: float) -> float:
    """Seconds until check() holds (polling every 50 ms)."""
    start = time.monotonic()
    wait_for(check, seconds=seconds, what="the phase's end")
    return time.monotonic() - start


# What a phase may run over, seen from a client: its polls and calls, which a machine busy with the rest of the suite
# (pytest-xdist workers, other emulators) delays by seconds. Never shorter is the strict side; the margin only
# tells a phase that ends from one that is padded or never ends.
LATE = 4.0


def between(took: float, aws_seconds: float) -> bool:
    """Not shorter than the phase (less a poll), and not much longer."""
    return aws_seconds * SCALE - 0.15 <= took <= aws_seconds * SCALE + LATE


def instance_state(lab: Lab, instance: str) -> str:
    return lab.ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["State"]["Name"]


def test_the_table_is_printed_with_the_scale_and_each_variable():
    out = subprocess.run([EMULATOR, "clock"], check=True, capture_output=True, text=True,
                         env={**os.environ, "ECSLAB_EMULATOR_TIME_SCALE": "0.2",
                              "ECSLAB_CLOCK_ALB_PROVISIONING": "100"}).stdout
    assert "time scale 0.2" in out
    row = next(line for line in out.splitlines() if line.startswith("ALB provisioning"))
    assert row.split()[-3:] == ["100", "20.00", "ECSLAB_CLOCK_ALB_PROVISIONING"], row
    for variable in ("INSTANCE_PENDING", "AGENT_REGISTRATION", "TASK_START", "INSTANCE_SHUTTING_DOWN",
                     "ALB_ENI_LINGER"):
        assert f"ECSLAB_CLOCK_{variable}" in out


def test_an_instance_is_pending_20_s_and_its_agent_registers_40_s_after_running(lab):
    cluster = unique("clk")
    lab.ecs.create_cluster(clusterName=cluster)
    started = time.monotonic()
    registered = lab.cluster_with_instance(cluster)
    took = time.monotonic() - started
    # pending 20 s, then registration 40 s after running: 60 AWS seconds in all
    assert 60 * SCALE - 0.2 <= took <= 60 * SCALE + LATE, took
    assert registered["status"] == "ACTIVE" and registered["agentConnected"]


def test_an_alb_provisions_150_s_and_its_targets_are_checked_only_once_it_is_active(lab):
    vpc, subnets = lab.network()
    sg = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=unique("clk"), Description="alb",
                                                           VpcId=vpc)["GroupId"])
    lb = lab.elb.create_load_balancer(Name=unique("clk"), Subnets=subnets, SecurityGroups=[sg])[
        "LoadBalancers"][0]
    assert lb["State"]["Code"] == "provisioning"

    def active() -> bool:
        return lab.elb.describe_load_balancers(LoadBalancerArns=[lb["LoadBalancerArn"]])[
            "LoadBalancers"][0]["State"]["Code"] == "active"

    took = lasted(active, 10)
    assert between(took, 150), took


def test_a_task_starts_in_10_s(lab):
    cluster = unique("clk")
    lab.cluster_with_instance(cluster)
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1)

    def task() -> Any:
        arns = lab.ecs.list_tasks(cluster=cluster, serviceName="web")["taskArns"]
        return lab.ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"][0] if arns else None

    first = wait_for(task, seconds=5, what="a task")
    assert first["lastStatus"] in ("PROVISIONING", "PENDING")
    started = wait_for(lambda: (t := task()) and t["lastStatus"] == "RUNNING" and t, seconds=5, what="RUNNING")
    assert 10 * SCALE - 0.05 <= (started["startedAt"] - started["createdAt"]).total_seconds() <= 10 * SCALE + 1


def test_an_instance_shuts_down_40_s_and_only_then_its_container_instance_is_inactive(lab):
    cluster = unique("clk")
    ci = lab.cluster_with_instance(cluster)
    instance = ci["ec2InstanceId"]
    lab.ec2.terminate_instances(InstanceIds=[instance])
    started = time.monotonic()
    seen = []
    while instance_state(lab, instance) != "terminated" and time.monotonic() - started < 5:
        now = lab.ecs.describe_container_instances(cluster=cluster, containerInstances=[
            ci["containerInstanceArn"]])["containerInstances"][0]
        seen.append((now["status"], now["agentConnected"]))
        time.sleep(0.05)
    took = time.monotonic() - started

    assert between(took, 40), took
    # While it shuts down the agent is gone but the container instance is still registered ...
    assert ("ACTIVE", False) in seen, seen
    assert ("INACTIVE", False) not in seen, seen
    # ... and once it is terminated, it is deregistered.
    wait_for(lambda: lab.ecs.describe_container_instances(cluster=cluster, containerInstances=[
        ci["containerInstanceArn"]])["containerInstances"][0]["status"] == "INACTIVE", seconds=2,
             what="INACTIVE once terminated")


def test_a_deleted_albs_network_interfaces_hold_its_security_group_90_s(lab):
    vpc, subnets = lab.network()
    sg = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=unique("clk"), Description="alb",
                                                           VpcId=vpc)["GroupId"])
    time.sleep(2 * SCALE + 0.1)  # the new group's own visibility window
    lb = lab.elb.create_load_balancer(Name=unique("clk"), Subnets=subnets, SecurityGroups=[sg])[
        "LoadBalancers"][0]["LoadBalancerArn"]
    lab.elb.delete_load_balancer(LoadBalancerArn=lb)

    def deleted() -> bool:
        try:
            lab.ec2.delete_security_group(GroupId=sg)
            return True
        except lab.ec2.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "DependencyViolation", e
            return False

    took = lasted(deleted, 10)
    assert between(took, 90), took
