"""Each test module gets its own emulator, started and stopped with scripts/emulator exactly as a person would;
tests talk to it only through the AWS API, with boto3."""

import os
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

ROOT = Path(__file__).resolve().parents[3]
EMULATOR = str(ROOT / "scripts" / "emulator")


def start_emulator(*args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run([EMULATOR, "start", *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def stop_emulator(url: str) -> None:
    subprocess.run([EMULATOR, "stop", "--port", url.rsplit(":", 1)[1]], check=True, capture_output=True)


# The clock's two long phases of a load balancer (provisioning, and its network interfaces outliving it), at 20 AWS
# seconds instead of 150 and 90, so that the many load balancers of these tests do not each cost 15 s; every other
# phase runs as the table says. test_clock.py checks every row at its own length.
SHORT_ALB_PHASES = {"ECSLAB_CLOCK_ALB_PROVISIONING": "20", "ECSLAB_CLOCK_ALB_ENI_LINGER": "20"}


@pytest.fixture(scope="module")
def endpoint() -> Any:
    url = start_emulator(env={**os.environ, **SHORT_ALB_PHASES})
    yield url
    stop_emulator(url)


def clients(endpoint: str) -> Callable[[str], Any]:
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    return lambda service: session.client(service, endpoint_url=endpoint)


@pytest.fixture(scope="module")
def aws(endpoint: str) -> Callable[[str], Any]:
    return clients(endpoint)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def wait_for(check: Callable[[], Any], seconds: float = 20, what: str = "condition") -> Any:
    """Poll until check() returns something truthy; fail with what was last seen."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; last: {last!r}")


def retrying(call: Callable[[], Any], *codes: str, seconds: float = 20) -> Any:
    """Call until it stops failing with one of codes: what a careful client does where AWS is eventually consistent
    (a group, instance or instance profile that is not visible yet)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except ClientError as e:
            if e.response["Error"]["Code"] not in codes or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def seen_group(ec2: Any, group: str) -> str:
    """The group, once EC2 shows it: a new group is unknown for a moment (consistency.py), to RunInstances and
    CreateLoadBalancer too, so a careful client waits for it as on AWS."""
    retrying(lambda: ec2.describe_security_groups(GroupIds=[group]), "InvalidGroup.NotFound")
    return group


def user_data(cluster: str) -> str:
    """Plain text: boto3, like the AWS CLI, Base64-encodes UserData itself."""
    return f"#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER={cluster}\nEOF\n"


AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


class Lab:
    """Builds pieces of the ECS lab with plain boto3 calls, as a person would against real AWS."""

    def __init__(self, aws: Callable[[str], Any]):
        self.ec2, self.ecs, self.elb = aws("ec2"), aws("ecs"), aws("elbv2")
        self.ssm, self.logs, self.iam = aws("ssm"), aws("logs"), aws("iam")

    def network(self, instance_type: str = "t3.micro") -> tuple[str, list[str]]:
        """The default VPC and two default subnets in zones that offer instance_type (us-east-1e has no t3)."""
        vpc = self.ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        offered = {o["Location"] for o in self.ec2.describe_instance_type_offerings(
            LocationType="availability-zone",
            Filters=[{"Name": "instance-type", "Values": [instance_type]}])["InstanceTypeOfferings"]}
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                     {"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
        by_az: dict[str, str] = {}
        for s in subnets:
            if s["AvailabilityZone"] in offered:
                by_az.setdefault(s["AvailabilityZone"], s["SubnetId"])
        return vpc, [by_az[zone] for zone in sorted(by_az)][:2]

    def cluster_with_instance(self, cluster: str, instance_type: str = "t3.micro") -> dict[str, Any]:
        self.ecs.create_cluster(clusterName=cluster)
        vpc, subnets = self.network(instance_type)
        ami = self.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
        instance = self.ec2.run_instances(ImageId=ami, InstanceType=instance_type, MinCount=1, MaxCount=1,
                                          SubnetId=subnets[0], UserData=user_data(cluster))["Instances"][0]
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[instance["InstanceId"]],
                                                     WaiterConfig={"Delay": 1, "MaxAttempts": 20})
        return wait_for(lambda: self.container_instance(cluster, instance["InstanceId"]), what="registration")

    def container_instance(self, cluster: str, instance_id: str) -> dict[str, Any] | None:
        arns = self.ecs.list_container_instances(cluster=cluster, filter=f"ec2InstanceId in ['{instance_id}']")
        if not arns["containerInstanceArns"]:
            return None
        return self.ecs.describe_container_instances(cluster=cluster, containerInstances=arns[
            "containerInstanceArns"])["containerInstances"][0]

    def task_definition(self, family: str, image: str = "public.ecr.aws/nginx/nginx:stable",
                        memory: int = 128, reservation: int = 64) -> str:
        return self.ecs.register_task_definition(
            family=family, networkMode="bridge", requiresCompatibilities=["EC2"],
            containerDefinitions=[{"name": "web", "image": image, "essential": True, "cpu": 128,
                                   "memory": memory, "memoryReservation": reservation,
                                   "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}],
        )["taskDefinition"]["taskDefinitionArn"]

    def logged_task_definition(self, group: str) -> str:
        """nginx whose access log (health checks included) goes to a new log group, group."""
        self.logs.create_log_group(logGroupName=group)
        return self.ecs.register_task_definition(
            family=unique("web"), networkMode="bridge", requiresCompatibilities=["EC2"],
            containerDefinitions=[{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "essential": True,
                                   "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 0}],
                                   "logConfiguration": {"logDriver": "awslogs", "options": {
                                       "awslogs-group": group, "awslogs-region": "us-east-1",
                                       "awslogs-stream-prefix": "ecs"}}}])["taskDefinition"]["taskDefinitionArn"]

    def load_balancer(self, name: str, open_instances: bool = True) -> tuple[str, str]:
        """An ALB whose group lets in port 80 from anywhere, listening on 80 and forwarding to a new target group;
        with open_instances, the VPC's default group (that of cluster_with_instance's instances) lets the ALB's group
        in on ECS's dynamic host ports, as the lab's instance group does."""
        vpc, subnets = self.network()
        sg = seen_group(self.ec2, self.ec2.create_security_group(GroupName=unique(name + "-sg"), Description="alb",
                                                                 VpcId=vpc)["GroupId"])
        self.authorize(sg, [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        if open_instances:
            self.authorize(self.default_group(vpc), self.from_group(sg))
        lb = self.elb.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[sg], Scheme="internet-facing",
                                           Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = self.elb.create_target_group(Name=name + "-tg", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance",
                                          HealthCheckPath="/", HealthCheckIntervalSeconds=5,
                                          HealthCheckTimeoutSeconds=4, HealthyThresholdCount=2,
                                          UnhealthyThresholdCount=2)["TargetGroups"][0]["TargetGroupArn"]
        self.elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "5"}])
        self.elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                                 DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        return lb, tg

    def authorize(self, group: str, permissions: list[dict[str, Any]]) -> None:
        """Ingress rules, once the group (and any group its rules name) is visible: a new one is not at once."""
        retrying(lambda: self.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=permissions),
                 "InvalidGroup.NotFound")

    @staticmethod
    def from_group(source: str, ports: tuple[int, int] = (32768, 65535)) -> list[dict[str, Any]]:
        """TCP on ports from the members of source: the rule the lab gives its instances for the ALB's group."""
        return [{"IpProtocol": "tcp", "FromPort": ports[0], "ToPort": ports[1],
                 "UserIdGroupPairs": [{"GroupId": source}]}]

    def default_group(self, vpc: str) -> str:
        """The VPC's default group: an instance launched without a group is in it."""
        return self.ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                          {"Name": "group-name", "Values": ["default"]}]
                                                 )["SecurityGroups"][0]["GroupId"]

    def service(self, cluster: str, name: str, task_definition: str, desired: int, target_group: str | None = None,
                breaker: bool = True) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        if target_group:
            kwargs["loadBalancers"] = [{"targetGroupArn": target_group, "containerName": "web", "containerPort": 80}]
        return self.ecs.create_service(
            cluster=cluster, serviceName=name, taskDefinition=task_definition, desiredCount=desired, launchType="EC2",
            deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 100,
                                     "deploymentCircuitBreaker": {"enable": breaker, "rollback": breaker}},
            **kwargs)["service"]

    def describe_service(self, cluster: str, name: str) -> dict[str, Any]:
        return self.ecs.describe_services(cluster=cluster, services=[name])["services"][0]

    def target_states(self, target_group: str) -> list[tuple[str, int, str]]:
        health = self.elb.describe_target_health(TargetGroupArn=target_group)["TargetHealthDescriptions"]
        return [(h["Target"]["Id"], h["Target"]["Port"], h["TargetHealth"]["State"]) for h in health]


@pytest.fixture
def lab(aws: Callable[[str], Any]) -> Lab:
    return Lab(aws)


