"""The ECS agent, the service scheduler and the load balancer's health checks, seen through the AWS API."""

from conftest import unique, wait_for


def test_an_instance_registers_once_with_its_types_resources(lab):
    cluster = unique("agent")
    ci = lab.cluster_with_instance(cluster)
    assert ci["status"] == "ACTIVE" and ci["agentConnected"] is True
    registered = {r["name"]: r.get("integerValue") for r in ci["registeredResources"]}
    assert registered["CPU"] == 2048 and 850 <= registered["MEMORY"] < 1024  # t3.micro: below its nominal 1 GiB

    # The agent keeps running; it never registers the same instance twice.
    import time
    time.sleep(1)
    assert len(lab.ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]) == 1
    again = lab.ecs.register_container_instance(
        cluster=cluster, instanceIdentityDocument='{"instanceId": "%s"}' % ci["ec2InstanceId"])
    assert again["containerInstance"]["containerInstanceArn"] == ci["containerInstanceArn"]
    assert lab.describe_service  # fixture sanity


def test_a_terminated_instance_leaves_the_cluster(lab):
    cluster = unique("term")
    ci = lab.cluster_with_instance(cluster)
    lab.ec2.terminate_instances(InstanceIds=[ci["ec2InstanceId"]])
    wait_for(lambda: lab.ecs.describe_container_instances(cluster=cluster, containerInstances=[
        ci["containerInstanceArn"]])["containerInstances"][0]["status"] == "INACTIVE", what="INACTIVE")
    assert lab.ecs.list_container_instances(cluster=cluster, status="ACTIVE")["containerInstanceArns"] == []


def test_a_service_gets_running_tasks_with_dynamic_ports_and_healthy_targets(lab):
    cluster = unique("svc")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("lb"))
    td = lab.task_definition(unique("web"))
    lab.service(cluster, "web", td, 2, tg)

    lab.ecs.get_waiter("services_stable").wait(cluster=cluster, services=["web"],
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    svc = lab.describe_service(cluster, "web")
    assert (svc["desiredCount"], svc["runningCount"], svc["pendingCount"]) == (2, 2, 0)
    # As on AWS, the rollout completes once the new targets pass their health checks, which may be after
    # the services-stable waiter (it only compares counts) succeeds.
    svc = wait_for(lambda: [s for s in [lab.describe_service(cluster, "web")]
                            if s["deployments"][0]["rolloutState"] == "COMPLETED"], what="COMPLETED")[0]
    assert [(d["status"], d["rolloutState"]) for d in svc["deployments"]] == [("PRIMARY", "COMPLETED")]
    assert svc["deploymentConfiguration"]["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    messages = [e["message"] for e in svc["events"]]
    assert any("has reached a steady state." in m for m in messages), messages
    assert any("has started" in m for m in messages), messages

    arns = lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"]
    tasks = lab.ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"]
    assert [t["lastStatus"] for t in tasks] == ["RUNNING", "RUNNING"]
    ports = [t["containers"][0]["networkBindings"][0]["hostPort"] for t in tasks]
    assert len(set(ports)) == 2 and all(32768 <= p <= 60999 for p in ports)
    # Describing does not move tasks on by itself.
    assert [t["lastStatus"] for t in lab.ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"]] == ["RUNNING"] * 2

    targets = lab.target_states(tg)
    assert sorted(p for _, p, _ in targets) == sorted(ports)
    assert {s for _, _, s in targets} == {"healthy"}
    lab.elb.get_waiter("target_in_service").wait(
        TargetGroupArn=tg, Targets=[{"Id": i, "Port": p} for i, p, _ in targets],
        WaiterConfig={"Delay": 1, "MaxAttempts": 10})


def test_targets_start_initial_then_become_healthy(lab):
    cluster = unique("hc")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("hc"))
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1, tg)
    seen = []

    def healthy():
        states = [s for _, _, s in lab.target_states(tg)]
        seen.extend(states)
        return states == ["healthy"]

    wait_for(healthy, what="healthy target")
    assert "initial" in seen, seen
    assert seen.index("initial") < seen.index("healthy")


def test_scaling_out_and_in_drains_targets(lab):
    cluster = unique("scale")
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique("sc"))
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1, tg)
    waiter = lab.ecs.get_waiter("services_stable")
    waiter.wait(cluster=cluster, services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    update = lab.ecs.update_service(cluster=cluster, service="web", desiredCount=4)["service"]
    assert update["runningCount"] == 1  # not simply copied from desiredCount
    wait_for(lambda: lab.describe_service(cluster, "web")["runningCount"] == 4, what="4 running")
    waiter.wait(cluster=cluster, services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    wait_for(lambda: [s for _, _, s in lab.target_states(tg)] == ["healthy"] * 4, what="4 healthy")
    assert len({p for _, p, _ in lab.target_states(tg)}) == 4

    lab.ecs.update_service(cluster=cluster, service="web", desiredCount=1)
    wait_for(lambda: sorted(s for _, _, s in lab.target_states(tg)).count("draining") == 3, what="3 draining")
    wait_for(lambda: lab.target_states(tg) and [s for _, _, s in lab.target_states(tg)] == ["healthy"],
             what="drained targets gone")
    wait_for(lambda: lab.describe_service(cluster, "web")["runningCount"] == 1, what="1 running")
    stopped = lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="STOPPED")["taskArns"]
    assert len(stopped) == 3
    reasons = {t["stoppedReason"] for t in lab.ecs.describe_tasks(cluster=cluster, tasks=stopped)["tasks"]}
    assert all("Scaling activity" in r for r in reasons), reasons


def test_an_image_that_cannot_be_pulled_fails_the_deployment(lab):
    cluster = unique("pull")
    lab.cluster_with_instance(cluster)
    td = lab.task_definition(unique("bad"), image="invalid.example/nginx:none")
    lab.service(cluster, "web", td, 1)

    wait_for(lambda: lab.describe_service(cluster, "web")["deployments"][0]["rolloutState"] == "FAILED",
             what="deployment FAILED")
    svc = lab.describe_service(cluster, "web")
    assert svc["deployments"][0]["failedTasks"] >= 3
    assert any("deployment failed" in e["message"] for e in svc["events"])
    stopped = lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="STOPPED")["taskArns"]
    task = lab.ecs.describe_tasks(cluster=cluster, tasks=stopped[:1])["tasks"][0]
    assert task["stopCode"] == "TaskFailedToStart"
    # On EC2 the pull error is the container's reason; the task only says its essential container exited.
    assert task["stoppedReason"] == "Essential container in task exited"
    assert task["containers"][0]["reason"].startswith("CannotPullContainerError")


def test_a_task_that_does_not_fit_is_not_placed_and_the_service_says_why(lab):
    cluster = unique("big")
    lab.cluster_with_instance(cluster)
    td = lab.task_definition(unique("big"), memory=4096, reservation=4096)
    lab.service(cluster, "web", td, 1)

    event = wait_for(lambda: [e["message"] for e in lab.describe_service(cluster, "web")["events"]
                              if "unable to place a task" in e["message"]], what="unable-to-place event")
    assert "insufficient memory available" in event[0]
    svc = lab.describe_service(cluster, "web")
    assert (svc["runningCount"], svc["pendingCount"]) == (0, 0)
    assert svc["deployments"][0]["rolloutState"] == "IN_PROGRESS"


def _fixed_port_task_definition(lab, family: str, host_port: int) -> str:
    return lab.ecs.register_task_definition(
        family=family, networkMode="bridge", requiresCompatibilities=["EC2"],
        containerDefinitions=[{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "essential": True,
                               "cpu": 128, "memory": 128, "memoryReservation": 64,
                               "portMappings": [{"containerPort": 80, "hostPort": host_port, "protocol": "tcp"}]}],
    )["taskDefinition"]["taskDefinitionArn"]


def _unable_to_place(lab, cluster: str) -> list[str]:
    return [e["message"] for e in lab.describe_service(cluster, "web")["events"] if "unable to place" in e["message"]]


def test_a_fixed_host_port_gives_one_task_per_instance_and_the_service_says_a_port_is_in_use(lab):
    cluster = unique("port")
    ci = lab.cluster_with_instance(cluster)
    lab.service(cluster, "web", _fixed_port_task_definition(lab, unique("port"), 18080), 2)

    wait_for(lambda: lab.describe_service(cluster, "web")["runningCount"] == 1, what="the first task running")
    events = _unable_to_place(lab, cluster)
    instance_id = ci["containerInstanceArn"].split("/")[-1]
    assert events == [f"(service web) was unable to place a task because no container instance met all of its "
                      f"requirements. The closest matching (container-instance {instance_id}) "
                      f"is already using a port required by your task. For more information, see the Troubleshooting "
                      f"section of the Amazon ECS Developer Guide."], events  # said once, not repeated
    assert lab.describe_service(cluster, "web")["pendingCount"] == 0


def test_the_agent_reserves_its_ports_and_a_task_asking_for_one_is_not_placed(lab):
    cluster = unique("reserved")
    ci = lab.cluster_with_instance(cluster)
    ports = next(r for r in ci["registeredResources"] if r["name"] == "PORTS")["stringSetValue"]
    assert sorted(ports, key=int) == ["22", "2375", "2376", "51678", "51679", "51680"]
    lab.service(cluster, "web", _fixed_port_task_definition(lab, unique("reserved"), 51680), 1)

    event = wait_for(lambda: _unable_to_place(lab, cluster), what="unable-to-place event")
    assert "is already using a port required by your task" in event[0]
    assert lab.describe_service(cluster, "web")["runningCount"] == 0


def _completed_on(lab, cluster: str, task_definition: str) -> bool:
    deployments = lab.describe_service(cluster, "web")["deployments"]
    return [(d["status"], d["rolloutState"], d["taskDefinition"]) for d in deployments] == [
        ("PRIMARY", "COMPLETED", task_definition)]


def _steady_service(lab, prefix: str, desired: int) -> tuple[str, str, str]:
    """A load-balanced service "web" whose first deployment is COMPLETED: (cluster, target group, its revision)."""
    cluster = unique(prefix)
    lab.cluster_with_instance(cluster)
    _, tg = lab.load_balancer(unique(prefix))
    first = lab.task_definition(unique(prefix + "-web"))
    lab.service(cluster, "web", first, desired, tg)
    wait_for(lambda: _completed_on(lab, cluster, first), what="first rollout COMPLETED")
    return cluster, tg, first


def test_a_new_revision_rolls_out_and_old_tasks_stop_only_once_new_ones_are_healthy(lab):
    cluster, tg, _ = _steady_service(lab, "roll", 2)
    old_tasks = set(lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"])

    second = lab.task_definition(unique("web2"), reservation=96)
    lab.ecs.update_service(cluster=cluster, service="web", taskDefinition=second)
    fewest_healthy = []

    def rolled() -> bool:
        fewest_healthy.append([s for _, _, s in lab.target_states(tg)].count("healthy"))
        return _completed_on(lab, cluster, second)

    wait_for(rolled, seconds=40, what="second rollout COMPLETED")
    # minimumHealthyPercent 100: never fewer healthy targets than the desired count during the rollout
    assert min(fewest_healthy) >= 2, fewest_healthy
    running = lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"]
    tasks = lab.ecs.describe_tasks(cluster=cluster, tasks=running)["tasks"]
    assert {t["taskDefinitionArn"] for t in tasks} == {second} and len(tasks) == 2
    assert old_tasks.isdisjoint(running)


def test_a_rollout_that_cannot_pull_its_image_is_rolled_back_while_the_old_task_keeps_serving(lab):
    cluster, tg, good = _steady_service(lab, "rback", 1)
    serving = lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"]

    bad = lab.task_definition(unique("bad"), image="invalid.example/nginx:none")
    lab.ecs.update_service(cluster=cluster, service="web", taskDefinition=bad)
    failed = wait_for(lambda: [d for d in lab.describe_service(cluster, "web")["deployments"]
                               if d["rolloutState"] == "FAILED"], what="deployment FAILED")[0]
    assert failed["taskDefinition"] == bad and failed["failedTasks"] >= 3
    assert "circuit breaker" in failed["rolloutStateReason"]

    wait_for(lambda: _completed_on(lab, cluster, good), what="rollback COMPLETED, failed deployment gone")
    svc = lab.describe_service(cluster, "web")
    assert svc["taskDefinition"] == good
    assert any("rolling back to deployment" in e["message"] for e in svc["events"])
    # The task that served before the deployment never stopped.
    assert lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"] == serving
    assert [s for _, _, s in lab.target_states(tg)] == ["healthy"]
