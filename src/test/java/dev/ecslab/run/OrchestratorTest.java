package dev.ecslab.run;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.error.ExitCode;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Need;
import dev.ecslab.lab.Step;
import dev.ecslab.report.StepName;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.FakeAws;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The orchestrator on fake gateways: independent steps overlap; a failure rolls back in dependency order. */
class OrchestratorTest {
    @TempDir
    Path dir;

    private static Step step(StepName name, List<Need> needs, Consumer<LabContext> apply) {
        return new Step() {
            @Override
            public StepName name() {
                return name;
            }

            @Override
            public String description() {
                return name.word();
            }

            @Override
            public List<Need> needs() {
                return needs;
            }

            @Override
            public void plan(LabContext ctx) {
            }

            @Override
            public void apply(LabContext ctx) {
                apply.accept(ctx);
            }
        };
    }

    @Test
    void independent_steps_run_at_the_same_time_and_a_dependent_one_after_both() {
        UnitLab lab = new UnitLab(dir);
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch bRunning = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean(true);
        AtomicBoolean afterBoth = new AtomicBoolean(false);
        AtomicBoolean aDone = new AtomicBoolean();
        AtomicBoolean bDone = new AtomicBoolean();
        // Each waits for the other to be running: run one after the other, they would not both see it.
        Step a = step(StepName.TASKDEF, List.of(), ctx -> {
            aRunning.countDown();
            overlapped.compareAndSet(true, await(bRunning));
            aDone.set(true);
        });
        Step b = step(StepName.ELB, List.of(), ctx -> {
            bRunning.countDown();
            overlapped.compareAndSet(true, await(aRunning));
            bDone.set(true);
        });
        Step c = step(StepName.SERVICE, List.of(Need.step(StepName.TASKDEF), Need.step(StepName.ELB)),
                ctx -> afterBoth.set(aDone.get() && bDone.get()));

        new Orchestrator().run(lab.context(), Verb.UP, List.of(a, b, c));

        assertTrue(overlapped.get(), "a and b overlapped");
        assertTrue(afterBoth.get(), "c started after a and b were done");
    }

    @Test
    void a_step_that_needs_a_point_inside_another_starts_there_while_the_other_goes_on() {
        UnitLab lab = new UnitLab(dir);
        CountDownLatch serviceRan = new CountDownLatch(1);
        AtomicBoolean elbWaitedForIt = new AtomicBoolean();
        // elb goes on (its wait for the ALB) only once the service has run: a service that waited for the whole
        // elb step would never start, and elb would report it did not see it.
        Step elb = step(StepName.ELB, List.of(), ctx -> {
            ctx.reached(Need.LISTENER);
            elbWaitedForIt.set(await(serviceRan));
        });
        Step service = step(StepName.SERVICE, List.of(Need.LISTENER), ctx -> serviceRan.countDown());

        new Orchestrator().run(lab.context(), Verb.UP, List.of(elb, service));

        assertTrue(elbWaitedForIt.get(), "the service started before elb ended");
    }

    @Test
    void a_step_that_fails_before_a_point_fails_what_needs_it_instead_of_leaving_it_waiting() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.emptyLab();
        AtomicBoolean serviceRan = new AtomicBoolean();
        Step elb = step(StepName.ELB, List.of(), ctx -> {
            throw FakeAws.refusal("create load balancer", "TooManyLoadBalancers", "no more");
        });
        Step service = step(StepName.SERVICE, List.of(Need.LISTENER), ctx -> serviceRan.set(true));

        StepFailedException e = assertThrows(StepFailedException.class,
                () -> new Orchestrator().run(lab.context(), Verb.UP, List.of(elb, service)));

        assertTrue(e.getMessage().startsWith("elb: create load balancer"), e.getMessage());
        assertFalse(serviceRan.get());
    }

    @Test
    void a_failure_rolls_back_what_the_run_created_in_dependency_order() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.emptyLab().allow("ecs.deleteService", "ecs.waitUntilServiceInactive", "elb.deleteTargetGroup",
                "ecs.deleteCluster");
        Step make = step(StepName.CLUSTER, List.of(), ctx -> {
            ctx.created("make", Kind.CLUSTER, "ecslab-x", "arn:cluster");
            ctx.created("make", Kind.TARGET_GROUP, "ecslab-x-tg", "arn:tg");
            ctx.created("make", Kind.SERVICE, "ecslab-x-web", "arn:svc");
        });
        Step boom = step(StepName.ELB, List.of(Need.step(StepName.CLUSTER)), ctx -> {
            throw FakeAws.refusal("create listener", "TooManyListeners", "no more");
        });

        StepFailedException e = assertThrows(StepFailedException.class,
                () -> new Orchestrator().run(lab.context(), Verb.ELB, List.of(make, boom)));

        assertTrue(e.getMessage().startsWith("elb: create listener: TooManyListeners"), e.getMessage());
        assertTrue(e.getMessage().endsWith("rolled back what this run created"), e.getMessage());
        // The target group and the cluster each wait for the service only: between them, either order.
        List<String> calls = lab.aws.callNames("ecs.delete", "ecs.wait", "elb.delete");
        assertEquals(List.of("ecs.deleteService", "ecs.waitUntilServiceInactive"), calls.subList(0, 2));
        assertEquals(Set.of("elb.deleteTargetGroup", "ecs.deleteCluster"), Set.copyOf(calls.subList(2, 4)));
        assertEquals(4, calls.size(), calls::toString);
    }

    @Test
    void a_rollback_never_deletes_what_carries_the_run_s_tags_under_a_name_ecslab_does_not_give() {
        UnitLab lab = new UnitLab(dir);
        LabContext ctx = lab.context();
        // Someone copied the run's tags onto their instance prod-db: the scan sees both, tagged alike.
        lab.aws.on("ec2.listInstancesByLab", args -> List.of(instance("i-lab", "ecslab-x-instance", ctx.runId()),
                instance("i-prod", "prod-db", ctx.runId())));
        lab.aws.emptyLab().allow("ec2.terminateInstance", "ec2.waitUntilTerminated");
        Step make = step(StepName.CLUSTER, List.of(),
                c -> c.created("cluster", Kind.INSTANCE, "ecslab-x-instance", "i-lab"));
        Step boom = step(StepName.ELB, List.of(Need.step(StepName.CLUSTER)), c -> {
            throw FakeAws.refusal("create cluster", "ServerException", "no");
        });

        StepFailedException e = assertThrows(StepFailedException.class,
                () -> new Orchestrator().run(ctx, Verb.CLUSTER, List.of(make, boom)));

        assertTrue(e.getMessage().endsWith("rolled back what this run created"), e.getMessage());
        assertEquals(List.of("ec2.terminateInstance i-lab", "ec2.waitUntilTerminated i-lab"),
                lab.aws.calls().stream().filter(c -> c.startsWith("ec2.terminate") || c.startsWith("ec2.wait"))
                        .toList());
    }

    private static Ec2Gateway.InstanceInfo instance(String id, String name, String runId) {
        return new Ec2Gateway.InstanceInfo(id, "running", "t3.micro", "subnet-1", "us-east-1a", null,
                Map.of("ecslab:lab", "x", "ecslab:run", runId, "Name", name), null);
    }

    @Test
    void an_access_denial_is_a_preflight_failure_before_anything_was_made_and_a_failed_step_after() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.emptyLab().allow("ecs.deleteCluster");
        Step denied = step(StepName.ELB, List.of(), ctx -> {
            throw FakeAws.refusal("create load balancer", "AccessDenied", "User: u is not authorized to perform: "
                    + "ec2:DescribeAccountAttributes on resource: *");
        });
        PreflightException before = assertThrows(PreflightException.class,
                () -> new Orchestrator().run(lab.context(), Verb.ELB, List.of(denied)));
        assertEquals(ExitCode.PREFLIGHT, before.exitCode());
        assertTrue(before.getMessage().endsWith("this run had created nothing"), before.getMessage());

        Step make = step(StepName.CLUSTER, List.of(),
                ctx -> ctx.created("cluster", Kind.CLUSTER, "ecslab-x", "arn:c"));
        Step deniedAfter = step(StepName.ELB, List.of(Need.step(StepName.CLUSTER)), denied::apply);
        StepFailedException after = assertThrows(StepFailedException.class,
                () -> new Orchestrator().run(lab.context(), Verb.UP, List.of(make, deniedAfter)));
        assertEquals(ExitCode.STEP_FAILED, after.exitCode());
        assertTrue(after.getMessage().contains("ec2:DescribeAccountAttributes")
                && after.getMessage().endsWith("rolled back what this run created"), after.getMessage());
        assertEquals("grant the caller that action (examples/ecslab-iam-policy.json lists every action ecslab needs)",
                after.hint());
        assertEquals(List.of("ecs.deleteCluster"), lab.aws.callNames("ecs.delete"));
    }

    @Test
    void a_rollback_that_meets_an_unforeseen_failure_still_deletes_the_rest_and_names_the_cleanup_command() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.emptyLab().allow("ecs.deleteService", "ecs.waitUntilServiceInactive", "ecs.deleteCluster");
        lab.aws.on("elb.deleteTargetGroup", args -> {
            throw new IllegalStateException("unforeseen");
        });
        Step make = step(StepName.CLUSTER, List.of(), ctx -> {
            ctx.created("make", Kind.CLUSTER, "ecslab-x", "arn:cluster");
            ctx.created("make", Kind.TARGET_GROUP, "ecslab-x-tg", "arn:tg");
            ctx.created("make", Kind.SERVICE, "ecslab-x-web", "arn:svc");
        });
        Step boom = step(StepName.ELB, List.of(Need.step(StepName.CLUSTER)), ctx -> {
            throw FakeAws.refusal("create listener", "TooManyListeners", "no more");
        });

        StepFailedException e = assertThrows(StepFailedException.class,
                () -> new Orchestrator().run(lab.context(), Verb.ELB, List.of(make, boom)));

        assertTrue(e.getMessage().startsWith("elb: create listener: TooManyListeners"), e.getMessage());
        assertTrue(e.getMessage().endsWith("rollback left 1 resource(s)"), e.getMessage());
        // what the message counts, the exception lists: the error output and -o json name it from here
        assertEquals(List.of(new Leftover("target group", "ecslab-x-tg", "arn:tg",
                "internal error: java.lang.IllegalStateException: unforeseen")), e.leftovers());
        assertEquals("run `ecslab cleanup --lab x --region us-east-1` to remove what is left", e.hint());
        assertEquals(List.of("ecs.deleteService", "ecs.deleteCluster"), lab.aws.callNames("ecs.delete"));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
