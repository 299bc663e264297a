"""The ECS agent's part: an instance whose user data writes ECS_CLUSTER=<name> to /etc/ecs/ecs.config (see
user_data.py for the forms understood) registers once as an ACTIVE container instance of that cluster when the
cluster exists, with its type's registered CPU and memory; without ECS_CLUSTER it joins the cluster named `default`
if there is one. When its instance starts shutting down the agent disconnects and the tasks stop; once the instance is
terminated ECS deregisters its container instance (INACTIVE) — but not when the agent was disconnected before, or the
instance stopped: "stopped container instances or instances with disconnected agents aren't automatically
deregistered when terminated" (API_DeregisterContainerInstance). Those stay ACTIVE, agentConnected false, and hold
their cluster (ClusterContainsContainerInstancesException) until someone deregisters them.

A test stops an instance's agent (as `systemctl stop ecs` would) by tagging the instance AGENT_STOPPED_TAG: from the
next tick its container instance is disconnected, gets no new tasks, and its running tasks go on until the instance
goes.

ECSLAB_EMULATOR_NO_AGENT=1 turns the agent off, as where no instance runs one (LocalStack boots no ECS-optimized AMI):
instances never register themselves; a client registers them with RegisterContainerInstance, as a real agent does.
What ECS does itself (an instance going: its tasks stop; terminated: its container instance INACTIVE) goes on.
Off by default: a setting a test asks for, not how AWS behaves."""

import logging
import os
from typing import Any

from moto.ec2.models import ec2_backends
from moto.ec2.models.instance_types import INSTANCE_TYPES
from moto.ecs.models import ContainerInstance, EC2ContainerServiceBackend, ecs_backends

from . import clock
from .backends import loaded
from .companion_tables import task_state
from .ssm_parameters import ecs_ami_document
from .user_data import cluster_from_user_data, decode_ec2_user_data

log = logging.getLogger("ecslab_emulator")


# The agent registers vCPUs × 1024 CPU units and the memory the kernel reports, less ECS_RESERVED_MEMORY: less than
# the type's installed memory, "because of platform memory overhead and memory occupied by the system kernel". AWS's
# worked example, an m4.large with 8192 MiB installed, has 8373026816 bytes (7985 MiB) for tasks
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html); the same share is taken of
# every type's installed memory, from moto's instance-type data (t3.micro: 998 of 1024 MiB).
KERNEL_MEMORY_SHARE = 7985 / 8192
# ECS_RESERVED_MEMORY is 0 unless /etc/ecs/ecs.config sets it
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html); the emulator reads no setting
# there but ECS_CLUSTER.
RESERVED_MEMORY = 0

# The agent's cluster when ECS_CLUSTER is not set. The real agent then creates `default` itself if it is missing
# (with the instance role's ecs:CreateCluster); the emulator models no instance credentials, so it only joins an
# existing `default`.
DEFAULT_CLUSTER = "default"


# The host ports an instance reserves from the start: SSH, Docker's two and the agent's three (PortMapping, hostPort:
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html). moto lists 51678-51679 only.
RESERVED_PORTS = ["22", "2375", "2376", "51678", "51679", "51680"]

# Tag key and value that stop an instance's agent (module docstring); an emulator convention, like invalid.example/.
AGENT_STOPPED_TAG = ("ecslab-emulator:agent", "stopped")


def agent_off() -> bool:
    """ECSLAB_EMULATOR_NO_AGENT (module docstring), read at each look so a test's emulator decides at its start."""
    return os.environ.get("ECSLAB_EMULATOR_NO_AGENT", "") not in ("", "0", "false")


# What the agent reports besides the built-in attributes moto sets (ecs.ami-id, ecs.availability-zone,
# ecs.instance-type, ecs.os-type): the other built-in ones
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html#attributes) and the
# capabilities of the ECS-optimized AMI's agent that the lab's task definitions use (awslogs, IAM roles for tasks,
# container health checks, awsvpc).
CAPABILITIES = (
    "com.amazonaws.ecs.capability.logging-driver.awslogs", "com.amazonaws.ecs.capability.logging-driver.json-file",
    "com.amazonaws.ecs.capability.ecr-auth", "com.amazonaws.ecs.capability.task-iam-role",
    "com.amazonaws.ecs.capability.task-iam-role-network-host", "ecs.capability.execution-role-awslogs",
    "ecs.capability.execution-role-ecr-pull", "ecs.capability.container-health-check", "ecs.capability.task-eni",
)


def _instance_type(instance_type: str) -> dict[str, Any]:
    return INSTANCE_TYPES[instance_type]  # RunInstances refuses a type moto does not know


def registered_resources(instance_type: str) -> tuple[int, int]:
    info = _instance_type(instance_type)
    memory = int(info["MemoryInfo"]["SizeInMiB"] * KERNEL_MEMORY_SHARE) - RESERVED_MEMORY
    return int(info["VCpuInfo"]["DefaultVCpus"]) * 1024, memory


def reported_attributes(instance: Any) -> dict[str, str | None]:
    architectures = _instance_type(instance.instance_type)["ProcessorInfo"]["SupportedArchitectures"]
    reported: dict[str, str | None] = {
        "ecs.os-family": "LINUX",
        "ecs.cpu-architecture": "arm64" if "arm64" in architectures else "x86_64",
        "ecs.vpc-id": instance.vpc_id,
        "ecs.subnet-id": instance.subnet_id,
    }
    return reported | dict.fromkeys(CAPABILITIES)


_cluster_of: dict[str, str] = {}  # instance id: the cluster its user data names, read once


def cluster_in_user_data(instance: Any) -> str:
    """The cluster the instance's agent registers with: moto keeps UserData as received (Base64 text); EC2 decodes
    it once before the instance sees it."""
    if instance.id not in _cluster_of:  # user data cannot change while the instance runs
        raw = decode_ec2_user_data(getattr(instance, "user_data", None))
        try:
            cluster = cluster_from_user_data(raw)
        except Exception:  # a parser bug must not stop the agent for every other instance
            log.exception("could not read the user data of %s", getattr(instance, "id", "?"))
            cluster = None
        _cluster_of[instance.id] = cluster or DEFAULT_CLUSTER
    return _cluster_of[instance.id]


def version_info(region: str, image_id: str) -> dict[str, str]:
    """What the agent reports: the agent and Docker versions of the ECS-optimized AMI the instance runs, as its SSM
    parameter names them ("Docker version 25.0.16" there, "DockerVersion: 25.0.16" here, as ECS answers)."""
    document = ecs_ami_document(region, image_id) or {}
    docker = str(document.get("ecs_runtime_version", "Docker version 25.0.16")).removeprefix("Docker version ")
    return {"agentVersion": str(document.get("ecs_agent_version", "1.107.0")), "agentHash": "ecslab00",
            "dockerVersion": f"DockerVersion: {docker}"}


def find_container_instance(ecs: EC2ContainerServiceBackend, ec2_instance_id: str) -> ContainerInstance | None:
    for instances in ecs.container_instances.values():
        for ci in instances.values():
            if ci.ec2_instance_id == ec2_instance_id:
                return ci
    return None


def _set_resource(resources: list[dict[str, Any]], name: str, value: int) -> None:
    for r in resources:
        if r["name"] == name:
            r["integerValue"] = value


def resource(resources: list[dict[str, Any]], name: str) -> int:
    return next((int(r["integerValue"]) for r in resources if r["name"] == name), 0)


def add_to_resource(resources: list[dict[str, Any]], name: str, delta: int) -> None:
    _set_resource(resources, name, resource(resources, name) + delta)


class Agent:
    def __init__(self) -> None:
        self._running_since: dict[str, float] = {}
        # instance id: whether ECS deregisters its container instance once it is terminated (its agent was connected
        # when the instance began shutting down), decided when it began to go
        self._deregister_when_terminated: dict[str, bool] = {}

    def tick(self) -> None:
        for account_id, region, ec2 in loaded(ec2_backends):
            ecs = ecs_backends[account_id][region]
            for reservation in list(ec2.reservations.values()):
                for instance in reservation.instances:
                    self._look_at(ecs, instance)

    def _look_at(self, ecs: EC2ContainerServiceBackend, instance: Any) -> None:
        cluster_name = cluster_in_user_data(instance)
        ci = find_container_instance(ecs, instance.id)
        if ci is not None and ci.status == "ACTIVE" and ci.agent_connected and _agent_stopped(instance):
            ci.agent_connected = False  # its tasks' containers go on running; ECS just no longer hears of them
        if instance.state == "running":
            since = self._running_since.setdefault(instance.id, clock.now())
            cluster = ecs.clusters.get(cluster_name)
            ready = clock.now() - since >= clock.lasts("agent_registration")
            if ci is None and ready and cluster is not None and cluster.status == "ACTIVE" and not agent_off():
                self._register(ecs, cluster_name, instance)
        elif ci is not None and ci.status == "ACTIVE":
            if instance.id not in self._deregister_when_terminated:
                self._deregister_when_terminated[instance.id] = (
                    instance.state in ("shutting-down", "terminated") and ci.agent_connected)
                self._lost(ecs, ci, instance)
            if instance.state == "terminated" and self._deregister_when_terminated[instance.id]:
                self._deregistered(ecs, ci)

    @staticmethod
    def _register(ecs: EC2ContainerServiceBackend, cluster_name: str, instance: Any) -> None:
        ci = ecs.register_container_instance(cluster_name, instance.id)
        cpu, memory = registered_resources(instance.instance_type)
        for resources in (ci.registered_resources, ci.remaining_resources):
            _set_resource(resources, "CPU", cpu)
            _set_resource(resources, "MEMORY", memory)
            next(r for r in resources if r["name"] == "PORTS")["stringSetValue"] = list(RESERVED_PORTS)
        ci.attributes.update(reported_attributes(instance))
        ci.version_info = version_info(ecs.region_name, instance.image_id)

    @staticmethod
    def _lost(ecs: EC2ContainerServiceBackend, ci: ContainerInstance, instance: Any) -> None:
        """The instance is going (shutting-down, stopping) or gone: its agent is disconnected and its tasks stop (ECS
        follows the instance's state from EC2 too, so they stop even when the agent was gone before)."""
        ci.agent_connected = False
        for task in ecs.tasks.get(ci.cluster_name, {}).values():
            if task.container_instance_arn == ci.container_instance_arn and task.last_status != "STOPPED":
                task.desired_status = "STOPPED"
                task.stopped_reason = f"Host EC2 (instance {instance.id}) {instance.state}."
                task_state(task).stop_now = True

    @staticmethod
    def _deregistered(ecs: EC2ContainerServiceBackend, ci: ContainerInstance) -> None:
        """Once the instance is terminated, ECS deregisters its container instance: INACTIVE."""
        ci.status = "INACTIVE"
        cluster = ecs.clusters.get(ci.cluster_name)
        if cluster is not None:
            cluster.registered_container_instances_count = max(0, cluster.registered_container_instances_count - 1)


def _agent_stopped(instance: Any) -> bool:
    key, value = AGENT_STOPPED_TAG
    return instance.ec2_backend.tags.get(instance.id, {}).get(key) == value
