package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.ServiceSpec;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.UsageException;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service step on a fake account: what it needs from the earlier steps, what it creates and records. */
class ServiceStepTest {
    @TempDir
    Path dir;

    @Test
    void preflight_of_service_alone_refuses_a_lab_without_its_cluster_and_says_what_to_run() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws);

        PreflightException e = assertThrows(PreflightException.class,
                () -> new ServiceStep(1, true).preflight(lab.context()));

        assertEquals("find cluster ecslab-x: it has no ACTIVE container instance", e.getMessage());
        assertEquals("run `ecslab cluster --lab x --region us-east-1` first", e.hint());
        assertEquals(List.of(), lab.aws.callNames("ecs.createService"));
    }

    @Test
    void preflight_of_service_alone_refuses_more_tasks_than_the_instance_holds() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws);
        FakeAccount.builtUpToTheService(lab.context());

        UsageException e = assertThrows(UsageException.class,
                () -> new ServiceStep(20, true).preflight(lab.context()));

        assertTrue(e.getMessage().startsWith("create ecslab-x-web to 20 tasks: the container instance holds at most "
                + "14"), e.getMessage());
    }

    @Test
    void within_up_preflight_leaves_the_prerequisites_to_the_steps_that_make_them() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws);

        new ServiceStep(1).preflight(lab.context());

        assertEquals(List.of(), lab.aws.calls());
    }

    @Test
    void apply_creates_the_service_behind_the_target_group_waits_until_it_is_steady_and_records_it() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        FakeAccount.builtUpToTheService(lab.context());
        LabContext ctx = lab.context();
        int before = lab.aws.calls().size();

        new ServiceStep(1, true).preflight(ctx);
        new ServiceStep(1, true).apply(ctx);

        ServiceSpec created = account.servicesCreated.get(0);
        assertEquals(List.of("ecslab-x", "ecslab-x-web", account.revisions.get(0).arn(), "1",
                account.targetGroup.arn(), "web", "80", "" + LabDesign.HEALTH_CHECK_GRACE_SECONDS), List.of(
                created.cluster(), created.name(), created.taskDefinitionArn(), "" + created.desiredCount(),
                created.targetGroupArn(), created.containerName(), "" + created.containerPort(),
                "" + created.healthCheckGracePeriodSeconds()));
        assertEquals(List.of(Kind.SERVICE + " " + account.service.arn()), ctx.createdThisRun().stream()
                .map(r -> r.kind() + " " + r.id()).toList());
        assertTrue(lab.aws.callNames("elb.describeTargetHealth").size() >= 1, "waited for healthy targets");
        List<String> reads = lab.aws.calls().subList(before, lab.aws.calls().size()).stream()
                .filter(c -> c.startsWith("elb.findTargetGroup")).toList();
        assertEquals(1, reads.size(), "what preflight found is what apply uses: " + reads);
    }

    @Test
    void a_second_run_adopts_the_service_and_has_nothing_to_roll_back() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        FakeAccount.builtUpToTheService(lab.context());
        new ServiceStep(1).apply(lab.context());
        LabContext second = lab.context();

        new ServiceStep(1).apply(second);

        assertEquals(1, account.servicesCreated.size());
        assertEquals(List.of(), second.createdThisRun());
        assertEquals(Optional.of(account.service.arn()), second.idOf(Kind.SERVICE));
    }

    /**
     * A service left by an earlier run deploying the latest revision: this run follows that deployment, and a
     * circuit-breaker rollback to the old revision fails the step, though the service is steady again.
     */
    @Test
    void a_deployment_an_earlier_run_left_in_progress_is_followed_and_its_rollback_fails_the_step() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        FakeAccount.builtUpToTheService(lab.context());
        new ServiceStep(1).apply(lab.context());
        ServiceInfo steady = account.service;
        String latest = steady.taskDefinitionArn();
        String old = latest.replaceAll(":\\d+$", ":0");
        Instant at = steady.createdAt();
        DeploymentInfo rolling = new DeploymentInfo("ecs-svc/2", "PRIMARY", "IN_PROGRESS", null, latest, 1, 0, 0, 1,
                at);
        DeploymentInfo serving = new DeploymentInfo("ecs-svc/1", "ACTIVE", "COMPLETED", null, old, 1, 1, 0, 0, at);
        account.service = with(steady, latest, List.of(rolling, serving));
        // The next look finds the breaker's work done: rolled back, the service steady again on the old revision.
        lab.aws.on("elb.describeTargetHealth", a -> {
            account.service = with(steady, old, List.of(new DeploymentInfo("ecs-svc/3", "PRIMARY", "COMPLETED",
                    null, old, 1, 1, 0, 0, at)));
            return account.targetHealth();
        });

        StepFailedException failed = assertThrows(StepFailedException.class,
                () -> new ServiceStep(1).apply(lab.context()));

        assertTrue(failed.getMessage().contains("deploy ecslab-x-web:1 to service ecslab-x-web: rolled back to "
                + "revision 0"), failed.getMessage());
    }

    private static ServiceInfo with(ServiceInfo s, String taskDefinition, List<DeploymentInfo> deployments) {
        return new ServiceInfo(s.arn(), s.name(), s.clusterArn(), s.status(), 1, 1, 0, taskDefinition,
                s.targetGroupArns(), deployments, List.of(), s.createdAt(), s.tags());
    }
}
