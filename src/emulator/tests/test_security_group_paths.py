"""Security groups filter the data plane: the load balancer reaches a task's host port only where the instance's
group lets its group (or its subnets' CIDR) in and its own group lets it out; a client reaches the listener only where
the load balancer's group lets in the internet. What they drop goes unanswered, as on AWS."""

import http.client
import socket
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import unique, wait_for

# Long enough that ECS does not replace the tasks whose targets these tests keep unhealthy on purpose.
LONG_GRACE_SECONDS = 3000


def get(endpoint: str, host: str, timeout: float = 10) -> tuple[int, dict[str, str], str]:
    url = urlparse(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request("GET", "/", headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        connection.close()


def dns_name(lab: Any, lb: str) -> str:
    return lab.elb.describe_load_balancers(LoadBalancerArns=[lb])["LoadBalancers"][0]["DNSName"]


def service_behind(lab: Any, cluster: str, task_definition: str, target_group: str) -> None:
    lab.ecs.create_service(
        cluster=cluster, serviceName="web", taskDefinition=task_definition, desiredCount=1, launchType="EC2",
        healthCheckGracePeriodSeconds=LONG_GRACE_SECONDS,
        loadBalancers=[{"targetGroupArn": target_group, "containerName": "web", "containerPort": 80}])


def target_health(lab: Any, tg: str) -> list[dict[str, Any]]:
    return [h["TargetHealth"] for h in lab.elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]]


def all_in(lab: Any, tg: str, state: str) -> list[dict[str, Any]] | None:
    health = target_health(lab, tg)
    return health if health and all(h["State"] == state for h in health) else None


def lab_with_closed_instances(lab: Any) -> tuple[str, str, str, str]:
    """A service of one nginx task behind an ALB whose group the instance's (the VPC's default group) does not let
    in: (cluster, load balancer, target group, the task's log group)."""
    cluster, group = unique("sgp"), "/ecs/" + unique("sgp")
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("lb"), open_instances=False)
    service_behind(lab, cluster, lab.logged_task_definition(group), tg)
    return cluster, lb, tg, group


def alb_group(lab: Any, lb: str) -> str:
    return lab.elb.describe_load_balancers(LoadBalancerArns=[lb])["LoadBalancers"][0]["SecurityGroups"][0]


def test_without_a_rule_for_the_albs_group_targets_time_out_and_no_request_reaches_the_task(lab, endpoint):
    _, lb, tg, group = lab_with_closed_instances(lab)

    health = wait_for(lambda: all_in(lab, tg, "unhealthy"), seconds=30, what="an unhealthy target")

    assert health == [{"State": "unhealthy", "Reason": "Target.Timeout", "Description": "Request timed out"}]
    # Every target unhealthy: the ALB fails open and forwards, but its connection times out too: its own 504.
    status, headers, _ = get(endpoint, dns_name(lab, lb))
    assert (status, headers["server"]) == (504, "awselb/2.0")
    assert "x-ecslab-task" not in headers
    # Neither the health checks nor the request reached nginx: its access log never got a line.
    assert lab.logs.describe_log_streams(logGroupName=group)["logStreams"] == []


def test_the_rule_added_later_lets_health_checks_through_and_the_target_turns_healthy(lab, endpoint):
    _, lb, tg, _ = lab_with_closed_instances(lab)
    wait_for(lambda: all_in(lab, tg, "unhealthy"), seconds=30, what="an unhealthy target")
    vpc = lab.network()[0]

    lab.authorize(lab.default_group(vpc), lab.from_group(alb_group(lab, lb)))

    wait_for(lambda: all_in(lab, tg, "healthy"), seconds=30, what="the target healthy once the rule is there")
    status, headers, body = get(endpoint, dns_name(lab, lb))
    assert status == 200 and "<title>Welcome to nginx!</title>" in body and headers["x-ecslab-task"]


def test_an_alb_group_that_lets_nothing_out_to_the_instance_leaves_targets_timing_out(lab):
    cluster, group = unique("sgp"), "/ecs/" + unique("sgp")
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("lb"))  # the instance's group lets the ALB's group in
    sg = alb_group(lab, lb)
    lab.ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    service_behind(lab, cluster, lab.logged_task_definition(group), tg)

    health = wait_for(lambda: all_in(lab, tg, "unhealthy"), seconds=30, what="an unhealthy target")
    assert [h["Reason"] for h in health] == ["Target.Timeout"]


def test_a_client_gets_no_answer_unless_the_albs_group_lets_in_the_internet_on_the_listeners_port(lab, endpoint):
    cluster = unique("sgp")
    lab.cluster_with_instance(cluster)
    lb, tg = lab.load_balancer(unique("lb"))
    service_behind(lab, cluster, lab.task_definition(unique("web")), tg)
    wait_for(lambda: all_in(lab, tg, "healthy"), seconds=30, what="a healthy target")
    host, sg = dns_name(lab, lb), alb_group(lab, lb)
    assert get(endpoint, host)[0] == 200
    anywhere = [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    lab.ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=anywhere)
    # Port 80 from the VPC and from the ALB's own group, other ports from anywhere: none of it is a client's way in.
    lab.authorize(sg, [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "172.31.0.0/16"}],
                        "UserIdGroupPairs": [{"GroupId": sg}]},
                       {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    with pytest.raises((socket.timeout, http.client.RemoteDisconnected, ConnectionError)):
        get(endpoint, host, timeout=3)

    lab.authorize(sg, anywhere)
    status, headers, body = get(endpoint, host)
    assert (status, headers["server"]) == (200, "nginx/1.27.5") and "<title>Welcome to nginx!</title>" in body
