"""ECS service deployments as AWS answers them, seen through the API: which UpdateService starts a deployment, how
its tasks replace the old ones, when an older deployment leaves the list, and the steady-state event.

AWS: API_UpdateService (forceNewDeployment "to start a new deployment with no service definition changes"),
API_Deployment (PRIMARY, "the most recent deployment"; ACTIVE, one that "still has running tasks" being replaced),
service event messages (duplicates omitted until the cause is resolved or six hours pass)."""

import time

from conftest import unique, wait_for

STABLE = {"Delay": 1, "MaxAttempts": 60}
STEADY = "has reached a steady state."


def _steady_service(lab, prefix: str, desired: int, target_group: str | None = None) -> tuple[str, str]:
    """A service "web" whose first deployment is COMPLETED: (cluster, its task definition)."""
    cluster = unique(prefix)
    lab.cluster_with_instance(cluster)
    task_definition = lab.task_definition(unique(prefix + "-web"))
    lab.service(cluster, "web", task_definition, desired, target_group)
    wait_for(lambda: _deployments(lab, cluster) == [("PRIMARY", "COMPLETED")], seconds=40, what="first rollout")
    return cluster, task_definition


def _deployments(lab, cluster: str) -> list[tuple[str, str]]:
    return [(d["status"], d["rolloutState"]) for d in lab.describe_service(cluster, "web")["deployments"]]


def _running_tasks(lab, cluster: str) -> set[str]:
    return set(lab.ecs.list_tasks(cluster=cluster, serviceName="web", desiredStatus="RUNNING")["taskArns"])


def _wait_stable(lab, cluster: str) -> None:
    lab.ecs.get_waiter("services_stable").wait(cluster=cluster, services=["web"], WaiterConfig=STABLE)


def _steady_events(lab, cluster: str) -> list[str]:
    return [e["id"] for e in lab.describe_service(cluster, "web")["events"] if e["message"].endswith(STEADY)]


def _rolled_over(lab, cluster: str, old_tasks: set[str], old_deployment: str, task_definition: str) -> None:
    """The new PRIMARY's tasks replaced every old one: the old tasks are STOPPED, the old deployment has left the
    list, and the one left is the new deployment, COMPLETED, on task_definition."""
    def done() -> bool:
        deployments = lab.describe_service(cluster, "web")["deployments"]
        return [(d["status"], d["rolloutState"], d["taskDefinition"]) for d in deployments] == [
            ("PRIMARY", "COMPLETED", task_definition)] and old_tasks.isdisjoint(_running_tasks(lab, cluster))

    wait_for(done, seconds=60, what="the new deployment alone, COMPLETED, its tasks only")
    _wait_stable(lab, cluster)
    svc = lab.describe_service(cluster, "web")
    assert [d["id"] for d in svc["deployments"]] != [old_deployment]
    running = _running_tasks(lab, cluster)
    assert len(running) == svc["desiredCount"] == svc["runningCount"]
    # a task whose target drains is RUNNING until the deregistration delay is over, then STOPPED
    wait_for(lambda: {t["lastStatus"] for t in lab.ecs.describe_tasks(cluster=cluster, tasks=sorted(old_tasks))[
        "tasks"]} == {"STOPPED"}, what="the old tasks STOPPED")
    new_tasks = lab.ecs.describe_tasks(cluster=cluster, tasks=sorted(running))["tasks"]
    assert {t["startedBy"] for t in new_tasks} == {svc["deployments"][0]["id"]}


def test_changing_only_the_desired_count_starts_no_deployment(lab):
    cluster, _ = _steady_service(lab, "count", 1)
    before = lab.describe_service(cluster, "web")["deployments"][0]["id"]

    answer = lab.ecs.update_service(cluster=cluster, service="web", desiredCount=2)["service"]
    assert [d["id"] for d in answer["deployments"]] == [before]
    assert answer["deployments"][0]["desiredCount"] == 2  # the PRIMARY's count changes with the service's

    wait_for(lambda: lab.describe_service(cluster, "web")["runningCount"] == 2, seconds=30, what="2 running")
    _wait_stable(lab, cluster)
    svc = lab.describe_service(cluster, "web")
    assert [(d["id"], d["status"], d["desiredCount"], d["runningCount"]) for d in svc["deployments"]] == [
        (before, "PRIMARY", 2, 2)]


def test_the_same_task_definition_without_force_starts_no_deployment(lab):
    cluster, task_definition = _steady_service(lab, "same", 1)
    before = lab.describe_service(cluster, "web")["deployments"][0]["id"]

    answer = lab.ecs.update_service(cluster=cluster, service="web", taskDefinition=task_definition)["service"]
    assert [(d["id"], d["status"]) for d in answer["deployments"]] == [(before, "PRIMARY")]


def test_force_new_deployment_replaces_every_task_with_the_same_task_definition(lab):
    _, tg = lab.load_balancer(unique("force"))
    cluster, task_definition = _steady_service(lab, "force", 2, tg)
    old_deployment = lab.describe_service(cluster, "web")["deployments"][0]["id"]
    old_tasks = _running_tasks(lab, cluster)

    answer = lab.ecs.update_service(cluster=cluster, service="web", forceNewDeployment=True)["service"]
    deployments = [(d["id"], d["status"], d["rolloutState"]) for d in answer["deployments"]]
    assert deployments[1:] == [(old_deployment, "ACTIVE", "COMPLETED")]  # the old PRIMARY keeps its id
    assert deployments[0][0] != old_deployment and deployments[0][1:] == ("PRIMARY", "IN_PROGRESS")

    _rolled_over(lab, cluster, old_tasks, old_deployment, task_definition)
    assert {s for _, _, s in lab.target_states(tg)} == {"healthy"}


def test_a_new_revision_replaces_every_task_and_leaves_one_deployment(lab):
    cluster, _ = _steady_service(lab, "revision", 2)
    old_deployment = lab.describe_service(cluster, "web")["deployments"][0]["id"]
    old_tasks = _running_tasks(lab, cluster)

    second = lab.task_definition(unique("revision-web2"))
    answer = lab.ecs.update_service(cluster=cluster, service="web", taskDefinition=second)["service"]
    assert [(d["status"], d["taskDefinition"]) for d in answer["deployments"]][0] == ("PRIMARY", second)

    _rolled_over(lab, cluster, old_tasks, old_deployment, second)


def test_the_steady_state_event_is_not_repeated_while_nothing_changes(lab):
    cluster, _ = _steady_service(lab, "events", 1)
    first = wait_for(lambda: _steady_events(lab, cluster), what="a steady-state event")
    lab.ecs.update_service(cluster=cluster, service="web", forceNewDeployment=True)
    wait_for(lambda: len(_deployments(lab, cluster)) == 1 and len(_steady_events(lab, cluster)) > len(first),
             seconds=40, what="steady again after the forced deployment")
    seen = _steady_events(lab, cluster)

    for _ in range(10):  # two seconds: ten scheduler ticks at least
        time.sleep(0.2)
        assert _steady_events(lab, cluster) == seen
