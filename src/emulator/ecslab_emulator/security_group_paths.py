"""Security groups on the data plane: which connections get through, as a VPC's security groups would let them.

Every stand-in listens on 127.0.0.1, so no packet filter stands between a client, a load balancer and a task's host
port; this module decides instead, from moto's EC2 backend as it is at each new connection (AWS applies a changed
rule to new connections):

- a load balancer reaches a target (health checks, forwarded requests) when one of the instance's groups allows TCP
  on that port from one of the load balancer's groups, or from a CIDR that holds every subnet of the load balancer
  (its nodes' addresses), and the load balancer's groups let it out (groups are stateful: the answer needs no rule);
- a client reaches the listener when one of the load balancer's groups allows TCP on the listener's port from
  anywhere: the emulator's client stands for one on the internet, whose address no narrower rule is known to hold.

What is not allowed is dropped, not refused: a health check times out (Target.Timeout), a request forwarded to the
target gets the load balancer's 504, a client hears nothing. Documented in docs/emulator.md.
"""

import ipaddress
import select
import socket
import time
from typing import Any, NoReturn

from . import clock

# A client the load balancer's groups drop hears nothing for this long (wall seconds, not scaled: a client's own
# timeout, which ends the wait first as on AWS, is not compressed by the emulator's clock), then the connection closes.
CLIENT_SILENCE_SECONDS = 60.0
# The load balancer gives up connecting to a target after 10 s and answers 504 (ELB troubleshooting, HTTP 504).
TARGET_CONNECT_TIMEOUT_AWS_SECONDS = 10.0


def _covers(rule: Any, port: int) -> bool:
    """The rule is for TCP on port: all traffic (-1), or TCP with port in FromPort..ToPort."""
    protocol = str(rule.ip_protocol or "").lower()
    if protocol in ("-1", "all"):
        return True
    return protocol in ("tcp", "6") and rule.from_port is not None and rule.from_port <= port <= rule.to_port


def _cidr(rule: Any) -> Any:
    block = rule.ip_range.get("CidrIp") or rule.ip_range.get("CidrIpv6")
    return ipaddress.ip_network(block, strict=False) if block else None


def _groups(ec2: Any, group_ids: list[str], vpc_id: str | None) -> list[Any]:
    """The groups by id; none given means the VPC's default group, as AWS gives an instance or a load balancer
    created without one (moto leaves the list empty)."""
    if not group_ids:
        default = ec2.get_default_security_group(vpc_id) if vpc_id else None
        return [default] if default is not None else []
    return [g for group_id in group_ids if (g := ec2.get_security_group_from_id(group_id)) is not None]


def _instance_groups(ec2: Any, instance: Any) -> list[Any]:
    return _groups(ec2, [g.id for g in instance.security_groups], instance.vpc_id)


def _load_balancer_groups(ec2: Any, lb: Any) -> list[Any]:
    return _groups(ec2, list(lb.security_groups or []), lb.vpc_id)


def _from_load_balancer(rule: Any, lb: Any, lb_group_ids: set[str]) -> bool:
    """The rule's source is one of the load balancer's groups, or a CIDR holding every one of its subnets."""
    if rule.source_group.get("GroupId") in lb_group_ids:
        return True
    cidr = _cidr(rule)
    subnets = [ipaddress.ip_network(s.cidr_block) for s in lb.subnets]
    return cidr is not None and cidr.version == 4 and bool(subnets) and all(s.subnet_of(cidr) for s in subnets)


def _to_instance(rule: Any, instance: Any, instance_group_ids: set[str]) -> bool:
    """The rule's destination is one of the instance's groups, or a CIDR holding its private address."""
    if rule.source_group.get("GroupId") in instance_group_ids:
        return True
    cidr = _cidr(rule)
    return cidr is not None and cidr.version == 4 and ipaddress.ip_address(instance.private_ip) in cidr


def load_balancer_reaches(ec2: Any, lb: Any, target_id: str, port: int) -> bool:
    """A connection from the load balancer's nodes to target_id:port gets through both sides' groups."""
    instance = ec2.get_instance_by_id(target_id) if target_id.startswith("i-") else None
    if instance is None:
        return True  # an IP target: the lab registers instances; IP targets are not filtered
    lb_groups = _load_balancer_groups(ec2, lb)
    instance_groups = _instance_groups(ec2, instance)
    lb_ids, instance_ids = {g.id for g in lb_groups}, {g.id for g in instance_groups}
    lets_in = any(_covers(r, port) and _from_load_balancer(r, lb, lb_ids)
                  for g in instance_groups for r in g.ingress_rules)
    lets_out = any(_covers(r, port) and _to_instance(r, instance, instance_ids)
                   for g in lb_groups for r in g.egress_rules)
    return lets_in and lets_out


def health_check_reaches(elbv2: Any, tg: Any, target_id: str, port: int) -> bool:
    """Every load balancer that uses the group checks the target; each must get through."""
    lbs = [lb for arn in tg.load_balancer_arns if (lb := elbv2.load_balancers.get(arn)) is not None]
    return all(load_balancer_reaches(elbv2.ec2_backend, lb, target_id, port) for lb in lbs)


def unanswered_health_check(timeout: float) -> tuple[None, str]:
    """A health check the groups drop: no answer until its timeout, then Target.Timeout (data_plane.probe's shape)."""
    time.sleep(timeout)
    return None, "timeout"


def target_connect_timeout() -> float:
    """How long the load balancer tries to connect to a target whose groups drop it, before its 504."""
    return max(clock.scaled(TARGET_CONNECT_TIMEOUT_AWS_SECONDS), 1.0)


def client_reaches(ec2: Any, lb: Any) -> bool:
    """A client on the internet gets to the HTTP listener (the one load_balancing.route serves)."""
    listener = next((listener for listener in lb.listeners.values() if listener.protocol == "HTTP"), None)
    if listener is None:
        return True  # no listener to filter for: the route answers for it
    # An IPv6 client reaches only a dualstack load balancer; the emulator's client comes over IPv4 otherwise.
    versions = (4, 6) if str(lb.ip_address_type or "").startswith("dualstack") else (4,)
    return any(_covers(r, int(listener.port)) and (cidr := _cidr(r)) is not None and cidr.prefixlen == 0
               and cidr.version in versions
               for g in _load_balancer_groups(ec2, lb) for r in g.ingress_rules)


def drop_client(environ: dict[str, Any]) -> NoReturn:
    """No answer, as to a connection the load balancer's groups drop: silence until the client gives up, at most
    CLIENT_SILENCE_SECONDS, then the connection closes without a byte. Raised as a dropped connection, which the
    server (werkzeug) ends quietly without writing a response."""
    sock = environ.get("werkzeug.socket")
    deadline = time.monotonic() + CLIENT_SILENCE_SECONDS
    while sock is not None and time.monotonic() < deadline and not _client_gone(sock):
        pass
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client has gone already
    raise ConnectionAbortedError("dropped by the load balancer's security groups")


def _client_gone(sock: socket.socket) -> bool:
    """Waits up to half a second; True once the client has closed its side."""
    readable, _, _ = select.select([sock], [], [], 0.5)
    if not readable:
        return False
    try:
        if sock.recv(1, socket.MSG_PEEK) == b"":
            return True
    except OSError:
        return True
    time.sleep(0.5)  # it sent more (a body): keep waiting without spinning
    return False
