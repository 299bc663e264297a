package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.TaskInfo;
import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.WaitFailedException;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceWatchTest {
    @Test
    void a_pull_error_is_decisive_in_the_task_or_in_a_container_reason() {
        assertTrue(ServiceWatch.decisive("CannotPullContainerError: pull image manifest has been retried"));
        // On EC2 the task says "Essential container in task exited"; the container says why ("name: reason").
        assertTrue(ServiceWatch.decisive("web: CannotPullContainerError: ref not found"));
        assertTrue(ServiceWatch.decisive("web: CannotStartContainerError: exec format error"));
    }

    @Test
    void a_stop_that_a_retry_may_fix_is_not() {
        assertFalse(ServiceWatch.decisive("Essential container in task exited"));
        assertFalse(ServiceWatch.decisive("Scaling activity initiated by (deployment ecs-svc/1)"));
        assertFalse(ServiceWatch.decisive("web: Task failed ELB health checks in (target-group arn)"));
    }

    @TempDir
    Path dir;

    private static ServiceInfo service(String rollout) {
        DeploymentInfo primary = new DeploymentInfo("ecs-svc/1", "PRIMARY", rollout, "ECS deployment ecs-svc/1: "
                + rollout, "arn:td/ecslab-x-web:1", 1, 0, 0, 3, Instant.now());
        return new ServiceInfo("arn:svc", "ecslab-x-web", "arn:cluster", "ACTIVE", 1, 0, 0, "arn:td/ecslab-x-web:1",
                List.of("arn:tg"), List.of(primary), List.of(), Instant.now(), Map.of());
    }

    @Test
    void a_task_that_cannot_pull_its_image_ends_the_wait_at_once() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.on("ecs.findService", args -> Optional.of(service("IN_PROGRESS")));
        AtomicInteger looks = new AtomicInteger();
        // none stopped before the wait; one at its first look
        lab.aws.on("ecs.listTasks", args -> looks.getAndIncrement() == 0 ? List.of() : List.of("arn:task/x/t1"));
        lab.aws.on("ecs.describeTasks", args -> List.of(new TaskInfo("arn:task/x/t1", "STOPPED", "STOPPED",
                "TaskFailedToStart", "Essential container in task exited",
                List.of("web: CannotPullContainerError: ref not found"), null, "arn:td/ecslab-x-web:1", List.of(),
                null, Instant.now())));
        LabContext ctx = lab.context();

        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> new ServiceWatch(ctx, "service").untilSteady(1, "arn:tg"));

        assertFalse(e.timedOut());
        assertTrue(e.getMessage().contains("CannotPullContainerError"), e.getMessage());
        assertEquals(2, lab.aws.callNames("ecs.findService").size(), "one look before the wait, one in it");
    }

    @Test
    void a_failed_deployment_ends_the_wait_at_once() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.on("ecs.findService", args -> Optional.of(service("FAILED")));
        lab.aws.on("ecs.listTasks", args -> List.of());
        LabContext ctx = lab.context();

        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> new ServiceWatch(ctx, "service").untilSteady(1, "arn:tg"));

        assertFalse(e.timedOut());
        assertTrue(e.getMessage().contains("deployment ecs-svc/1 FAILED"), e.getMessage());
        assertEquals(2, lab.aws.callNames("ecs.findService").size());
    }

    private static DeploymentInfo deployment(String id, String status, String rollout, int revision) {
        return new DeploymentInfo(id, status, rollout, "FAILED".equals(rollout) ? "ECS deployment circuit breaker: "
                + "tasks failed to start." : rollout, "arn:td/ecslab-x-web:" + revision, 1, 1, 0, 0, Instant.now());
    }

    private static ServiceInfo service(DeploymentInfo... deployments) {
        return new ServiceInfo("arn:svc", "ecslab-x-web", "arn:cluster", "ACTIVE", 1, 1, 0,
                deployments[0].taskDefinitionArn(), List.of("arn:tg"), List.of(deployments), List.of(), Instant.now(),
                Map.of());
    }

    @Test
    void a_deployment_the_circuit_breaker_rolled_back_fails_once_the_rollback_is_done() {
        UnitLab lab = new UnitLab(dir);
        DeploymentInfo ours = deployment("ecs-svc/2", "PRIMARY", "IN_PROGRESS", 2);
        List<ServiceInfo> looks = List.of(service(ours),
                service(deployment("ecs-svc/3", "PRIMARY", "IN_PROGRESS", 1), deployment("ecs-svc/2", "ACTIVE",
                        "FAILED", 2)),
                // the failed deployment has left the list by now, as it can on AWS
                service(deployment("ecs-svc/3", "PRIMARY", "COMPLETED", 1)));
        AtomicInteger n = new AtomicInteger();
        lab.aws.on("ecs.findService", args -> Optional.of(looks.get(Math.min(n.getAndIncrement(), 2))));
        lab.aws.on("ecs.listTasks", args -> List.of());
        LabContext ctx = lab.context();
        ServiceWatch watch = new ServiceWatch(ctx, "service");

        WaitFailedException e = assertThrows(WaitFailedException.class, () -> watch.untilDeployed(ours, "arn:tg"));

        assertFalse(e.timedOut());
        assertEquals("rolled back to revision 1: deployment ecs-svc/2 FAILED: ECS deployment circuit breaker: tasks "
                + "failed to start.", e.getMessage());
    }

    @Test
    void tasks_ecs_cannot_place_end_the_wait_with_its_event_once_nothing_would_make_room() {
        UnitLab lab = new UnitLab(dir);
        String event = "(service ecslab-x-web) was unable to place a task because no container instance met all of "
                + "its requirements. The closest matching (container-instance 1234) is already using a port required "
                + "by your task. For more information, see the Troubleshooting section of the Amazon ECS Developer "
                + "Guide.";
        DeploymentInfo primary = new DeploymentInfo("ecs-svc/1", "PRIMARY", "IN_PROGRESS", "", "arn:td/ecslab-x-web:1",
                2, 1, 0, 0, Instant.now());
        ServiceInfo before = new ServiceInfo("arn:svc", "ecslab-x-web", "arn:cluster", "ACTIVE", 2, 1, 0,
                "arn:td/ecslab-x-web:1", List.of("arn:tg"), List.of(primary), List.of(), Instant.now(), Map.of());
        ServiceInfo after = new ServiceInfo("arn:svc", "ecslab-x-web", "arn:cluster", "ACTIVE", 2, 1, 0,
                "arn:td/ecslab-x-web:1", List.of("arn:tg"), List.of(primary),
                List.of(new EcsGateway.ServiceEvent("e1", Instant.now(), event)), Instant.now(), Map.of());
        AtomicInteger looks = new AtomicInteger();
        lab.aws.on("ecs.findService", args -> Optional.of(looks.getAndIncrement() == 0 ? before : after));
        lab.aws.on("ecs.listTasks", args -> "RUNNING".equals(args[2]) ? List.of("arn:task/x/t1") : List.of());
        lab.aws.on("ecs.describeTasks", args -> List.of(new TaskInfo("arn:task/x/t1", "RUNNING", "RUNNING", null,
                null, List.of(), "arn:ci/1", "arn:td/ecslab-x-web:1",
                List.of(new EcsGateway.HostBinding("web", 80, 8080)), Instant.now(), null)));
        lab.aws.on("ecs.listContainerInstances", args -> List.of(new EcsGateway.ContainerInstanceInfo("arn:ci/1",
                "i-1", "ACTIVE", null, true, 2048, 904, 1920, 840, 1, 0, Set.of(22))));
        lab.aws.on("elb.describeTargetHealth", args -> List.of(new ElbGateway.TargetHealth("i-1", 8080, "healthy",
                null, null)));
        LabContext ctx = lab.context();

        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> new ServiceWatch(ctx, "scale").untilSteady(2, "arn:tg"));

        assertFalse(e.timedOut());
        assertTrue(e.getMessage().startsWith("ECS cannot place the missing tasks: " + event + " (running 1, desired 2"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing is starting or stopping that would make room)"), e.getMessage());
    }
}
