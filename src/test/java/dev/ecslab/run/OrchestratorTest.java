package dev.ecslab.run;

import dev.ecslab.error.StepFailedException;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Step;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.FakeAws;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The orchestrator on fake gateways: independent steps overlap; a failure rolls back in dependency order. */
class OrchestratorTest {
    @TempDir
    Path dir;

    private static Step step(String name, List<String> needs, Consumer<LabContext> apply) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public List<String> needs() {
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
        Step a = step("a", List.of(), ctx -> {
            aRunning.countDown();
            overlapped.compareAndSet(true, await(bRunning));
            aDone.set(true);
        });
        Step b = step("b", List.of(), ctx -> {
            bRunning.countDown();
            overlapped.compareAndSet(true, await(aRunning));
            bDone.set(true);
        });
        Step c = step("c", List.of("a", "b"), ctx -> afterBoth.set(aDone.get() && bDone.get()));

        new Orchestrator().run(lab.context(), "up", List.of(a, b, c));

        assertTrue(overlapped.get(), "a and b overlapped");
        assertTrue(afterBoth.get(), "c started after a and b were done");
    }

    @Test
    void a_failure_rolls_back_what_the_run_created_in_dependency_order() {
        UnitLab lab = new UnitLab(dir);
        lab.aws.emptyLab().allow("ecs.deleteService", "ecs.waitUntilServiceInactive", "elb.deleteTargetGroup",
                "ecs.deleteCluster");
        Step make = step("make", List.of(), ctx -> {
            ctx.created("make", Kind.CLUSTER, "ecslab-x", "arn:cluster");
            ctx.created("make", Kind.TARGET_GROUP, "ecslab-x-tg", "arn:tg");
            ctx.created("make", Kind.SERVICE, "ecslab-x-web", "arn:svc");
        });
        Step boom = step("boom", List.of("make"), ctx -> {
            throw FakeAws.refusal("create listener", "TooManyListeners", "no more");
        });

        StepFailedException e = assertThrows(StepFailedException.class,
                () -> new Orchestrator().run(lab.context(), "elb", List.of(make, boom)));

        assertTrue(e.getMessage().startsWith("boom: create listener: TooManyListeners"), e.getMessage());
        assertTrue(e.getMessage().endsWith("rolled back what this run created"), e.getMessage());
        assertEquals(List.of("ecs.deleteService", "ecs.waitUntilServiceInactive", "elb.deleteTargetGroup",
                "ecs.deleteCluster"), lab.aws.callNames("ecs.delete", "ecs.wait", "elb.delete"));
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
