"""What real accounts leave for the lab to survive: a container instance that outlives its terminated instance, and a
new security group RunInstances and CreateLoadBalancer do not see yet."""

import os
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, SHORT_ALB_PHASES, start_emulator, stop_emulator, unique, user_data, wait_for

# A quarter of AWS's pace: a new group's 2 s window is 0.5 s here, time for a create and a call on a busy machine;
# an instance registers in 15 s and terminates in 10 s.
SCALE = 0.25


@pytest.fixture(scope="module")
def endpoint() -> Any:
    url = start_emulator(env={**os.environ, **SHORT_ALB_PHASES, "ECSLAB_EMULATOR_TIME_SCALE": str(SCALE)})
    yield url
    stop_emulator(url)


def outcome(call) -> Any:
    try:
        return call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]


def within_window(scenario, tries: int = 3) -> Any:
    """The scenario's result, from a run that took less than the group's window (2 AWS s)."""
    for _ in range(tries):
        started = time.monotonic()
        seen = scenario()
        if time.monotonic() - started < 2 * SCALE:
            return seen
    pytest.fail("the calls never fitted in the window; the machine is too busy")


def launch(lab, cluster: str, subnet: str, tags: list[dict[str, str]] | None = None) -> str:
    image = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    extra = {"TagSpecifications": [{"ResourceType": "instance", "Tags": tags}]} if tags else {}
    return lab.ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet,
                                 UserData=user_data(cluster), **extra)["Instances"][0]["InstanceId"]


def describe(lab, cluster: str, arn: str) -> dict[str, Any]:
    return lab.ecs.describe_container_instances(cluster=cluster, containerInstances=[arn])["containerInstances"][0]


def test_a_terminated_instance_whose_agent_was_stopped_stays_active_until_deregistered(lab):
    """API_DeregisterContainerInstance: "If you terminate a running container instance, Amazon ECS automatically
    deregisters the instance from your cluster (stopped container instances or instances with disconnected agents
    aren't automatically deregistered when terminated)"."""
    cluster = unique("left")
    lab.ecs.create_cluster(clusterName=cluster)
    _, subnets = lab.network()
    stopped = launch(lab, cluster, subnets[0])
    connected = launch(lab, cluster, subnets[0])
    cis = {i: wait_for(lambda i=i: lab.container_instance(cluster, i), seconds=40, what="registration")
           for i in (stopped, connected)}
    assert all(ci["agentConnected"] for ci in cis.values())

    lab.ec2.create_tags(Resources=[stopped], Tags=[{"Key": "ecslab-emulator:agent", "Value": "stopped"}])
    wait_for(lambda: not describe(lab, cluster, cis[stopped]["containerInstanceArn"])["agentConnected"],
             what="the stopped agent disconnected")
    assert describe(lab, cluster, cis[connected]["containerInstanceArn"])["agentConnected"]

    lab.ec2.terminate_instances(InstanceIds=[stopped, connected])
    lab.ec2.get_waiter("instance_terminated").wait(InstanceIds=[stopped, connected],
                                                   WaiterConfig={"Delay": 1, "MaxAttempts": 40})
    wait_for(lambda: describe(lab, cluster, cis[connected]["containerInstanceArn"])["status"] == "INACTIVE",
             what="the connected one deregistered by ECS")
    time.sleep(1)  # several agent ticks after termination
    left = describe(lab, cluster, cis[stopped]["containerInstanceArn"])
    assert (left["status"], left["agentConnected"]) == ("ACTIVE", False)
    assert lab.ecs.list_container_instances(cluster=cluster, status="ACTIVE")["containerInstanceArns"] == [
        cis[stopped]["containerInstanceArn"]]
    assert outcome(lambda: lab.ecs.delete_cluster(cluster=cluster))[0] == "ClusterContainsContainerInstancesException"

    lab.ecs.deregister_container_instance(cluster=cluster, containerInstance=cis[stopped]["containerInstanceArn"],
                                          force=True)
    assert lab.ecs.list_container_instances(cluster=cluster, status="ACTIVE")["containerInstanceArns"] == []
    assert lab.ecs.delete_cluster(cluster=cluster)["cluster"]["status"] == "INACTIVE"


def test_run_instances_does_not_see_a_new_security_group_for_a_moment(lab):
    """EC2 eventual consistency: RunInstances with a group created moments ago answers InvalidGroup.NotFound, by
    SecurityGroupIds or on a network interface (as ecslab launches)."""
    vpc, subnets = lab.network()
    image = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]

    def run(group: str, nic: bool) -> Any:
        where: dict[str, Any] = ({"NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnets[0], "Groups": [group],
                                                         "AssociatePublicIpAddress": True}]}
                                 if nic else {"SubnetId": subnets[0], "SecurityGroupIds": [group]})
        return outcome(lambda: lab.ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                                     **where)["Instances"][0]["InstanceId"])

    for nic in (False, True):
        def create_and_run(nic: bool = nic) -> tuple[str, Any]:
            group = lab.ec2.create_security_group(GroupName=unique("sg"), Description="new", VpcId=vpc)["GroupId"]
            return group, run(group, nic)

        group, seen = within_window(create_and_run)
        assert seen == ("InvalidGroup.NotFound", f"The security group '{group}' does not exist in VPC '{vpc}'")
        time.sleep(2 * SCALE)
        launched = run(group, nic)
        assert isinstance(launched, str) and launched.startswith("i-"), launched


def test_create_load_balancer_does_not_see_a_new_security_group_for_a_moment(lab):
    """API_CreateLoadBalancer (ELBv2) Errors: InvalidSecurityGroup; ELB answers with EC2's words."""
    vpc, subnets = lab.network()
    name = unique("lb")

    def create(group: str) -> Any:
        return outcome(lambda: lab.elb.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[group],
                                                            Scheme="internet-facing", Type="application")[
            "LoadBalancers"][0]["LoadBalancerArn"])

    def create_group_and_balancer() -> tuple[str, Any]:
        group = lab.ec2.create_security_group(GroupName=unique("sg"), Description="new", VpcId=vpc)["GroupId"]
        return group, create(group)

    group, seen = within_window(create_group_and_balancer)
    assert seen == ("InvalidSecurityGroup", f"The security group '{group}' does not exist")
    assert outcome(lambda: lab.elb.describe_load_balancers(Names=[name]))[0] == "LoadBalancerNotFound"
    time.sleep(2 * SCALE)
    arn = create(group)
    assert isinstance(arn, str) and arn.startswith("arn:aws:elasticloadbalancing:"), arn
