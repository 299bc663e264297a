"""ECSLAB_EMULATOR_NO_AGENT: no instance registers itself; one a client registers, as a real agent does, gets the
resources it reported and runs tasks."""

import json
import os
from typing import Any, Callable

import pytest

from conftest import AMI_PARAMETER, SHORT_ALB_PHASES, Lab, clients, start_emulator, stop_emulator, unique, \
    user_data, wait_for

# The agent would register on its first look at a running instance: whatever it skips, it skipped on purpose.
AGENT_AT_ONCE = {"ECSLAB_CLOCK_AGENT_REGISTRATION": "0"}


@pytest.fixture(scope="module")
def aws() -> Any:
    url = start_emulator(env={**os.environ, **SHORT_ALB_PHASES, **AGENT_AT_ONCE, "ECSLAB_EMULATOR_NO_AGENT": "1"})
    yield clients(url)
    stop_emulator(url)


def running_instance(lab: Lab, cluster: str) -> dict[str, Any]:
    _, subnets = lab.network()
    image = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    instance = lab.ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnets[0], UserData=user_data(cluster))["Instances"][0]
    lab.ec2.get_waiter("instance_running").wait(InstanceIds=[instance["InstanceId"]],
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    return instance


def test_instances_never_register_themselves_and_a_client_registers_one_with_its_resources(aws: Callable[[str], Any]):
    lab = Lab(aws)
    cluster = unique("agentless")
    lab.ecs.create_cluster(clusterName=cluster)
    left_alone = running_instance(lab, cluster)
    registered = running_instance(lab, cluster)

    document = {"instanceId": registered["InstanceId"], "region": "us-east-1", "instanceType": "t3.micro",
                "imageId": registered["ImageId"], "availabilityZone": registered["Placement"]["AvailabilityZone"]}
    reported = [{"name": "CPU", "type": "INTEGER", "integerValue": 2048},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 998},
                {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]},
                {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}]
    ci = lab.ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=json.dumps(document),
                                             totalResources=reported)["containerInstance"]
    assert {r["name"]: r.get("integerValue") for r in ci["registeredResources"]
            if r["type"] == "INTEGER"} == {"CPU": 2048, "MEMORY": 998}

    # A task the companion started on it: by then the agent has looked at both running instances (it looks first,
    # each tick), and registered neither.
    task = lab.ecs.start_task(cluster=cluster, taskDefinition=lab.task_definition(unique("web")),
                              containerInstances=[ci["containerInstanceArn"]])["tasks"][0]
    wait_for(lambda: lab.ecs.describe_tasks(cluster=cluster, tasks=[task["taskArn"]])["tasks"][0]["lastStatus"]
             == "RUNNING", what="the task RUNNING")
    assert lab.container_instance(cluster, left_alone["InstanceId"]) is None
    assert lab.ecs.list_container_instances(cluster=cluster)["containerInstanceArns"] == [ci["containerInstanceArn"]]
    remaining = {r["name"]: r.get("integerValue") for r in lab.container_instance(
        cluster, registered["InstanceId"])["remainingResources"] if r["type"] == "INTEGER"}
    assert remaining == {"CPU": 2048 - 128, "MEMORY": 998 - 64}
