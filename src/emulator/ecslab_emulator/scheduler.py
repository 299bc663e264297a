"""The ECS service scheduler's part: brings each service's running tasks to its desired count, placing them on
container instances with enough CPU and memory left, gives bridge-mode tasks dynamic host ports, registers them in
the service's target group, drains and stops surplus tasks, and moves deployments IN_PROGRESS → COMPLETED — or
FAILED, with the circuit breaker — telling what happened in the service's events as ECS does."""

import math
from typing import Any

from moto.core.utils import utcnow
from moto.ec2.models import ec2_backends
from moto.ecs.models import ContainerInstance, EC2ContainerServiceBackend, Service, Task, ecs_backends
from moto.elbv2.models import elbv2_backends
from moto.moto_api._internal import mock_random

from . import clock, data_plane, load_balancing
from .agent import add_to_resource, resource
from .backends import loaded
from .companion_tables import companion_state, task_state
from .deployments import deployment_of, new_deployment, primary, take_over

# Documented failure marker: images under this registry cannot be pulled (docs/emulator.md).
UNPULLABLE_REGISTRY = "invalid.example/"
# A task of an image under data_plane.EXITING_REGISTRY runs this long before its container exits (seconds, compressed).
EXIT_AFTER_SECONDS = 5
# ECS omits a duplicate service event until its cause is resolved or this long has passed (seconds, compressed):
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
DUPLICATE_EVENT_OMITTED_FOR = 6 * 3600
DYNAMIC_PORTS = range(32768, 61000)


def add_event(service: Service, message: str) -> None:
    service.events.insert(0, {"id": str(mock_random.uuid4()), "createdAt": utcnow(),
                              "message": f"(service {service.name}) {message}"})
    del service.events[100:]


def service_tasks(ecs: EC2ContainerServiceBackend, service: Service) -> list[Task]:
    group = f"service:{service.name}"
    return [t for t in ecs.tasks.get(service.cluster_name, {}).values() if t.group == group]


def task_needs(task_definition: Any) -> tuple[int, int]:
    """CPU units and MiB a task reserves: task-level sizes if set, else the sum over its containers, where
    memoryReservation (the soft limit) counts when given, else memory."""
    containers = task_definition.container_definitions
    cpu = int(task_definition.cpu) if task_definition.cpu else sum(int(c.get("cpu") or 0) for c in containers)
    if task_definition.memory:
        memory = int(task_definition.memory)
    else:
        memory = sum(int(c.get("memoryReservation") or c.get("memory") or 0) for c in containers)
    return cpu, memory


def _used_ports(ci: ContainerInstance) -> set[int]:
    ports = next((r for r in ci.remaining_resources if r["name"] == "PORTS"), None)
    return {int(p) for p in (ports or {}).get("stringSetValue", [])}


def _set_port(ci: ContainerInstance, port: int, used: bool) -> None:
    ports = next(r for r in ci.remaining_resources if r["name"] == "PORTS")
    values = set(ports.get("stringSetValue", []))
    (values.add if used else values.discard)(str(port))
    ports["stringSetValue"] = sorted(values, key=int)


# ---- a task's lifecycle on its container instance, for service tasks and standalone ones (standalone_tasks.py)

def instance_of(ecs: Any, task: Task) -> ContainerInstance | None:
    if not task.container_instance_arn:
        return None
    return ecs.container_instances.get(task.cluster_name, {}).get(task.container_instance_arn.split("/")[-1])


def start(ecs: Any, task: Task) -> bool:
    """The agent pulls the image and starts the container: RUNNING and serving, or STOPPED when the image cannot be
    pulled (False)."""
    container = task.containers[0]
    if (container.image or "").startswith(UNPULLABLE_REGISTRY):
        # On EC2 the pull error is in the container's reason; the task only says its essential container exited
        # (issue 10: read containers[].reason as well as stoppedReason).
        container.reason = (f"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to "
                            f"resolve ref {container.image}: {container.image}: not found")
        stopped(ecs, task, "TaskFailedToStart", "Essential container in task exited")
        return False
    task.last_status = "RUNNING"
    container.last_status = "RUNNING"
    task.started_at = utcnow()
    task.pull_started_at = task.pull_stopped_at = utcnow()
    task.connectivity = "CONNECTED"
    task.connectivity_at = utcnow()
    ci = instance_of(ecs, task)
    if ci is not None:
        ci.pending_tasks_count = max(0, ci.pending_tasks_count - 1)
        ci.running_tasks_count += 1
    serve(ecs, task)
    return True


def serve(ecs: Any, task: Task) -> None:
    """The task's stand-in server starts answering on its host ports (data_plane.py)."""
    task_definition = ecs.describe_task_definition(task.task_definition_arn)
    container = task_definition.container_definitions[0]
    options = (container.get("logConfiguration") or {}).get("options") or {}
    log_target = None
    if (container.get("logConfiguration") or {}).get("logDriver") == "awslogs" and options.get("awslogs-group"):
        prefix = options.get("awslogs-stream-prefix")
        stream = f"{prefix}/{container['name']}/{task.id}" if prefix else task.id
        log_target = (ecs.account_id, options.get("awslogs-region") or ecs.region_name,
                      options["awslogs-group"], stream)
    site = data_plane.TaskSite(task.id, container.get("image", ""), log_target)
    for binding in getattr(task.containers[0], "network_bindings", []):
        data_plane.serve(binding["hostPort"], site)
    task_state(task).started = clock.now()


def stop_service_task(ecs: Any, elbv2: Any, task: Task, reason: str) -> None:
    """StopTask of a service's task: stopped as the scheduler stops one — desired STOPPED, its target draining, STOPPED
    once drained — but UserInitiated; the service, one task short, starts another (API_StopTask)."""
    task_state(task).stop_code = "UserInitiated"
    service = next((s for s in ecs.services.values() if task.group == f"service:{s.name}"
                    and s.cluster_name == task.cluster_name), None)
    mark_stopping(elbv2, service, task, reason)


def mark_stopping(elbv2: Any, service: Service | None, task: Task, reason: str) -> int:
    """Desired STOPPED: a running task's targets drain first (its service's, if it still has one); how many."""
    task.desired_status = "STOPPED"
    task.stopped_reason = reason
    task.stopping_at = utcnow()
    return deregister_targets(elbv2, service, task) if service is not None and task.last_status == "RUNNING" else 0


def deregister_targets(elbv2: Any, service: Service, task: Task) -> int:
    """The task's targets out of its service's target groups, where they drain; how many."""
    count = 0
    for lb in service.load_balancers:
        tg = elbv2.target_groups.get(lb.get("targetGroupArn"))
        if tg is not None:
            load_balancing.deregister(tg, task_state(task).instance_id, task_state(task).host_port)
            count += 1
    return count


def stopped(ecs: Any, task: Task, stop_code: str, reason: str) -> None:
    """The task is STOPPED: its CPU, memory and ports go back to its container instance, its server's port closes."""
    was_running = task.last_status == "RUNNING"
    task.last_status = "STOPPED"
    task.desired_status = "STOPPED"
    task.stop_code = stop_code
    task.stopped_reason = reason
    task.stopped_at = task.execution_stopped_at = utcnow()
    task.containers[0].last_status = "STOPPED"
    if was_running and stop_code == "ServiceSchedulerInitiated" and task.containers[0].exitCode is None:
        task.containers[0].exitCode = 0  # ECS stopped it (docker stop): nginx exits 0 on its stop signal
    bindings = getattr(task.containers[0], "network_bindings", [])
    ci = instance_of(ecs, task)
    if ci is not None:
        cpu, memory = int(task.resource_requirements["CPU"]), int(task.resource_requirements["MEMORY"])
        add_to_resource(ci.remaining_resources, "CPU", cpu)
        add_to_resource(ci.remaining_resources, "MEMORY", memory)
        for binding in bindings:
            _set_port(ci, binding["hostPort"], False)
        # once per task, not per port binding: a task without port mappings was never taken off the count
        if was_running:
            ci.running_tasks_count = max(0, ci.running_tasks_count - 1)
        else:
            ci.pending_tasks_count = max(0, ci.pending_tasks_count - 1)
    for binding in bindings:
        data_plane.close(binding["hostPort"])


def bind_ports(ci: ContainerInstance, task: Task, task_definition: Any) -> int:
    """bridge mode: hostPort 0 (or none) gets a free port from the Linux ephemeral range (docs/aws.md §3)."""
    used = _used_ports(ci)
    first_host_port = 0
    bindings = []
    for c in task_definition.container_definitions:
        for mapping in c.get("portMappings", []):
            host_port = int(mapping.get("hostPort") or 0)
            if host_port == 0 and task_definition.network_mode in (None, "bridge"):
                # Free on the instance and on this machine: the task's stand-in server listens there.
                host_port = next(p for p in DYNAMIC_PORTS if p not in used and data_plane.reserve(p))
            else:
                host_port = host_port or int(mapping["containerPort"])
                # A static port this machine cannot give (in use, or below 1024) gets no server: its health
                # checks fail, as a container that cannot bind its port would (docs/emulator.md).
                data_plane.reserve(host_port)
            used.add(host_port)
            _set_port(ci, host_port, True)
            bindings.append({"bindIP": "0.0.0.0", "containerPort": int(mapping["containerPort"]),
                             "hostPort": host_port, "protocol": mapping.get("protocol", "tcp")})
            first_host_port = first_host_port or host_port
    container = task.containers[0]
    container.network_bindings = bindings
    container.container_arn = f"{task.task_arn.replace(':task/', ':container/')}/{mock_random.uuid4()}"
    container.task_arn = task.task_arn
    return first_host_port


class Scheduler:
    def tick(self) -> None:
        for account_id, region, ecs in loaded(ecs_backends):
            ec2 = ec2_backends[account_id][region]
            elbv2 = elbv2_backends[account_id][region]
            for service in list(ecs.services.values()):
                if service.status in ("ACTIVE", "DRAINING") and service.task_definition:
                    self._reconcile(ecs, ec2, elbv2, service)
            self._advance_orphans(ecs, elbv2)
            self._count(ecs)

    # ---- one service

    def _reconcile(self, ecs: Any, ec2: Any, elbv2: Any, service: Service) -> None:
        state = companion_state(service)
        deployment = primary(service)
        if deployment is None:
            deployment = new_deployment(service, service.task_definition)
            service.deployments.insert(0, deployment)
        tasks = service_tasks(ecs, service)
        for task in tasks:
            self._advance(ecs, elbv2, service, task)

        wanted = service.desired_count if service.status == "ACTIVE" else 0
        live = [t for t in tasks if t.desired_status == "RUNNING"]
        # by deployment, not task definition: a forced deployment has the same one as those it replaces
        current = [t for t in live if deployment_of(service, t) is deployment]
        old = [t for t in live if deployment_of(service, t) is not deployment]
        failed = deployment["rolloutState"] == "FAILED"

        if len(current) < wanted and not failed:
            self._launch(ecs, ec2, service, deployment, wanted - len(current))
        elif len(current) > wanted:
            # pending tasks go first, then the newest running ones
            surplus = sorted(current, key=lambda t: (t.last_status == "RUNNING", -task_state(t).created))
            self._stop(elbv2, service, surplus[: len(current) - wanted], "Scaling activity initiated by (deployment "
                       + deployment["id"] + ")")
        if old:
            self._retire_old(ec2, elbv2, service, deployment, current, old, wanted)

        tasks = service_tasks(ecs, service)
        running = [t for t in tasks if t.last_status == "RUNNING" and t.desired_status == "RUNNING"]
        pending = [t for t in tasks if t.last_status in ("PROVISIONING", "PENDING") and t.desired_status == "RUNNING"]
        service.running_count = len(running)
        service.pending_count = len(pending)
        for d in service.deployments:
            mine = [t for t in running + pending if deployment_of(service, t) is d]
            d["runningCount"] = sum(1 for t in mine if t.last_status == "RUNNING")
            d["pendingCount"] = sum(1 for t in mine if t.last_status != "RUNNING")
            d["desiredCount"] = wanted if d is deployment else 0
        # Finished older deployments leave the list, as on AWS.
        service.deployments[:] = [d for d in service.deployments
                                  if d is deployment or d["runningCount"] + d["pendingCount"] > 0]

        if service.status == "DRAINING":
            if not any(t.last_status != "STOPPED" for t in tasks):
                service.status = "INACTIVE"
            return
        steady = (not failed and len(running) == wanted and not pending and not old
                  and all(self._healthy(ec2, elbv2, service, t) for t in running))
        if steady and deployment["rolloutState"] == "IN_PROGRESS":
            deployment["rolloutState"] = "COMPLETED"
            deployment["rolloutStateReason"] = f"ECS deployment {deployment['id']} completed."
            deployment["updatedAt"] = utcnow()
        if steady and not state.steady:
            add_event(service, "has reached a steady state.")
        state.steady = steady
        if not steady and deployment["rolloutState"] == "COMPLETED" and len(running) != wanted:
            state.steady = False

    def _retire_old(self, ec2: Any, elbv2: Any, service: Service, deployment: dict[str, Any], current: list[Task],
                    old: list[Task], wanted: int) -> None:
        """Rolling update: older deployments' tasks that never started go at once; a running one stops only while
        minimumHealthyPercent of the desired count stays healthy, counting the new deployment's healthy tasks
        (docs/aws.md §6). A new revision that never gets healthy therefore never takes the old tasks down."""
        config = companion_state(service).deployment_configuration or {}
        floor = math.ceil(wanted * int(config.get("minimumHealthyPercent", 100)) / 100)
        healthy_new = [t for t in current if t.last_status == "RUNNING" and self._healthy(ec2, elbv2, service, t)]
        old_running = sorted((t for t in old if t.last_status == "RUNNING"), key=lambda t: task_state(t).created)
        stop = [t for t in old if t.last_status != "RUNNING"]
        stop += old_running[: max(0, len(healthy_new) + len(old_running) - floor)]
        if stop:
            self._stop(elbv2, service, stop, "Scaling activity initiated by (deployment " + deployment["id"] + ")")

    def _healthy(self, ec2: Any, elbv2: Any, service: Service, task: Task) -> bool:
        for lb in service.load_balancers:
            tg = elbv2.target_groups.get(lb.get("targetGroupArn"))
            placed = task_state(task)
            if tg is None or not load_balancing.is_healthy(tg, placed.instance_id, placed.host_port, ec2):
                return False
        return True

    # ---- placing

    def _launch(self, ecs: Any, ec2: Any, service: Service, deployment: dict[str, Any], count: int) -> None:
        task_definition = ecs.describe_task_definition(deployment["taskDefinition"])
        cpu, memory = task_needs(task_definition)
        started = []
        for _ in range(count):
            placed = self._place(ecs, ec2, service, task_definition, cpu, memory, deployment)
            if placed is None:
                break
            started.append(placed)
        if started:
            add_event(service, f"has started {len(started)} tasks: "
                      + " ".join(f"(task {t.id})" for t in started) + ".")

    def _place(self, ecs: Any, ec2: Any, service: Service, task_definition: Any, cpu: int, memory: int,
               deployment: dict[str, Any]) -> Task | None:
        instances = [ci for ci in ecs.container_instances.get(service.cluster_name, {}).values()
                     if ci.status == "ACTIVE" and ci.agent_connected]
        static_ports = [int(p["hostPort"]) for c in task_definition.container_definitions
                        for p in c.get("portMappings", []) if int(p.get("hostPort") or 0) > 0]
        fits = [ci for ci in instances
                if resource(ci.remaining_resources, "CPU") >= cpu
                and resource(ci.remaining_resources, "MEMORY") >= memory
                and not (set(static_ports) & _used_ports(ci))]
        if not fits:
            self._unplaceable(service, instances, cpu, memory)
            return None
        companion_state(service).unplaceable = None  # the cause is resolved: the next failure is news again
        # binpack on memory: the fullest instance that still fits
        ci = min(fits, key=lambda c: resource(c.remaining_resources, "MEMORY"))
        cluster = ecs.clusters[service.cluster_name]
        tags = list(service.tags) if getattr(service, "propagate_tags", "NONE") == "SERVICE" else []
        task = Task(cluster, task_definition, ci.container_instance_arn, {"CPU": cpu, "MEMORY": memory}, backend=ecs,
                    group=f"service:{service.name}", launch_type="EC2", started_by=deployment["id"], tags=tags)
        task.last_status = "PROVISIONING"
        task_state(task).created = clock.now()
        task_state(task).instance_id = ci.ec2_instance_id
        task.availability_zone = ci.attributes.get("ecs.availability-zone")
        task.cpu, task.memory = str(cpu), str(memory)
        task.created_at = utcnow()
        add_to_resource(ci.remaining_resources, "CPU", -cpu)
        add_to_resource(ci.remaining_resources, "MEMORY", -memory)
        ci.pending_tasks_count += 1
        task_state(task).host_port = bind_ports(ci, task, task_definition)
        ecs.tasks.setdefault(cluster.name, {})[task.task_arn] = task
        return task

    def _unplaceable(self, service: Service, instances: list[ContainerInstance], cpu: int, memory: int) -> None:
        """The service event ECS writes when no instance meets a task's requirements, naming what the closest
        instance lacks (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html):
        CPU units, memory, or a host port another task (or the agent) holds."""
        if not instances:
            reason = "Reason: No Container Instances were found in your cluster."
        else:
            closest = max(instances, key=lambda c: resource(c.remaining_resources, "MEMORY"))
            if resource(closest.remaining_resources, "MEMORY") < memory:
                lacks = "has insufficient memory available."
            elif resource(closest.remaining_resources, "CPU") < cpu:
                lacks = "has insufficient CPU units available."
            else:
                lacks = "is already using a port required by your task."
            reason = f"The closest matching (container-instance {closest.id}) {lacks}"
        message = ("was unable to place a task because no container instance met all of its requirements. " + reason
                   + " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.")
        state = companion_state(service)
        if message == state.unplaceable and clock.now() - state.unplaceable_at < clock.scaled(
                DUPLICATE_EVENT_OMITTED_FOR):
            return
        state.unplaceable, state.unplaceable_at = message, clock.now()
        add_event(service, message)

    # ---- task lifecycle

    def _advance(self, ecs: Any, elbv2: Any, service: Service, task: Task) -> None:
        if task.last_status == "STOPPED":
            return
        container = task.containers[0]
        if task.desired_status == "RUNNING" and task.last_status in ("PROVISIONING", "PENDING"):
            if task.last_status == "PROVISIONING":
                task.last_status = "PENDING"
                container.last_status = "PENDING"
            if clock.now() - task_state(task).created < clock.lasts("task_start"):
                return
            if not start(ecs, task):
                self._task_failed(service, task)
                return
            self._register_targets(elbv2, service, task)
        elif task.desired_status == "RUNNING" and task.last_status == "RUNNING":
            self._watch_running(ecs, elbv2, service, task)
        elif task.desired_status == "STOPPED":
            if task_state(task).stop_now or self._drained(elbv2, service, task):
                stopped(ecs, task, task_state(task).stop_code or "ServiceSchedulerInitiated", task.stopped_reason)

    def _watch_running(self, ecs: Any, elbv2: Any, service: Service, task: Task) -> None:
        """A running task stops when its essential container exits, or — after the service's health check grace
        period — when the load balancer finds it unhealthy; ECS then replaces it, and the circuit breaker counts
        it."""
        container = task.containers[0]
        started = task_state(task).started
        running_for = clock.now() - (clock.now() if started is None else started)
        if (container.image or "").startswith(data_plane.EXITING_REGISTRY) and running_for >= clock.scaled(
                EXIT_AFTER_SECONDS):
            container.exitCode = 1  # moto's own attribute name
            container.reason = None
            deregister_targets(elbv2, service, task)
            stopped(ecs, task, "EssentialContainerExited", "Essential container in task exited")
            self._task_failed(service, task)
            return
        grace = float(getattr(service, "health_check_grace_period_seconds", None) or 0)
        if running_for < clock.scaled(grace):
            return
        for lb in service.load_balancers:
            tg = elbv2.target_groups.get(lb.get("targetGroupArn"))
            placed = task_state(task)
            target = load_balancing.targets_of(tg).get((placed.instance_id, placed.host_port)) if tg else None
            if target is not None and target.deregistered_at is None and target.health == "unhealthy":
                add_event(service, f"(task {task.id}) failed ELB health checks in (target-group {tg.arn})")
                self._stop(elbv2, service, [task], f"Task failed ELB health checks in (target-group {tg.arn})")
                self._task_failed(service, task)
                return

    def _advance_orphans(self, ecs: Any, elbv2: Any) -> None:
        """Tasks stopped because their instance went away, whose service no longer looks at them."""
        for tasks in ecs.tasks.values():
            for task in list(tasks.values()):
                if task_state(task).stop_now and task.last_status != "STOPPED":
                    stopped(ecs, task, "TaskFailedToStart" if task.last_status != "RUNNING" else
                            "EssentialContainerExited", task.stopped_reason)

    def _register_targets(self, elbv2: Any, service: Service, task: Task) -> None:
        registered = []
        for lb in service.load_balancers:
            tg = elbv2.target_groups.get(lb.get("targetGroupArn"))
            if tg is not None and task_state(task).host_port:
                load_balancing.register(tg, task_state(task).instance_id, task_state(task).host_port)
                registered.append(tg)
        for tg in registered:
            add_event(service, f"registered 1 targets in (target-group {tg.arn})")

    def _stop(self, elbv2: Any, service: Service, tasks: list[Task], reason: str) -> None:
        deregistered = sum(mark_stopping(elbv2, service, task, reason) for task in tasks)
        if deregistered:
            add_event(service, f"deregistered {deregistered} targets in (target-group "
                      + service.load_balancers[0].get("targetGroupArn") + ")")
        add_event(service, f"has stopped {len(tasks)} running tasks: "
                  + " ".join(f"(task {t.id})" for t in tasks) + ".")

    def _drained(self, elbv2: Any, service: Service, task: Task) -> bool:
        for lb in service.load_balancers:
            tg = elbv2.target_groups.get(lb.get("targetGroupArn"))
            if tg is not None:
                load_balancing.purge_drained(tg)
                if (task_state(task).instance_id, task_state(task).host_port) in load_balancing.targets_of(tg):
                    return False
        return True

    # ---- circuit breaker

    def _task_failed(self, service: Service, task: Task) -> None:
        deployment = deployment_of(service, task)
        if deployment is None:
            return
        deployment["failedTasks"] += 1
        config = companion_state(service).deployment_configuration or {}
        breaker = config.get("deploymentCircuitBreaker") or {}
        if not breaker.get("enable") or deployment["rolloutState"] != "IN_PROGRESS":
            return
        threshold = min(max(math.ceil(0.5 * service.desired_count), 3), 200)
        if deployment["failedTasks"] < threshold:
            return
        deployment["rolloutState"] = "FAILED"
        deployment["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start."
        deployment["updatedAt"] = utcnow()
        add_event(service, f"deployment {deployment['id']} deployment failed: tasks failed to start.")
        previous = next((d for d in service.deployments if d is not deployment and d["rolloutState"] == "COMPLETED"),
                        None)
        if breaker.get("rollback") and previous is not None:
            rollback = new_deployment(service, previous["taskDefinition"])
            deployment["status"] = "ACTIVE"
            # The rollback deployment takes over the tasks of the last completed one, which kept serving.
            take_over(rollback, previous)
            service.deployments.remove(previous)
            service.deployments.insert(0, rollback)
            service.task_definition = previous["taskDefinition"]
            add_event(service, f"rolling back to deployment {previous['id']}.")

    # ---- cluster counters

    @staticmethod
    def _count(ecs: Any) -> None:
        for cluster in ecs.clusters.values():
            tasks = ecs.tasks.get(cluster.name, {}).values()
            cluster.running_tasks_count = sum(1 for t in tasks if t.last_status == "RUNNING")
            cluster.pending_tasks_count = sum(1 for t in tasks if t.last_status in ("PROVISIONING", "PENDING"))
            cluster.active_services_count = sum(1 for s in ecs.services.values()
                                                if s.cluster_name == cluster.name and s.status == "ACTIVE")
            cluster.registered_container_instances_count = sum(
                1 for ci in ecs.container_instances.get(cluster.name, {}).values() if ci.status == "ACTIVE")
