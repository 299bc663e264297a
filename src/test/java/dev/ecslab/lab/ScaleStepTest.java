package dev.ecslab.lab;

import dev.ecslab.error.PreflightException;
import dev.ecslab.error.UsageException;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scale step on a fake account: the count it refuses, the count it sets, and that it makes nothing. */
class ScaleStepTest {
    @TempDir
    Path dir;

    /** A lab whose service runs one task, made by an earlier run. */
    private FakeAccount labWithItsService(UnitLab lab) {
        FakeAccount account = new FakeAccount(lab.aws);
        LabContext earlier = lab.context();
        FakeAccount.builtUpToTheService(earlier);
        new ServiceStep(1).apply(earlier);
        return account;
    }

    @Test
    void preflight_of_scale_alone_refuses_a_lab_without_its_service() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws);

        PreflightException e = assertThrows(PreflightException.class,
                () -> new ScaleStep(4, false).preflight(lab.context()));

        assertEquals("find service ecslab-x-web: it does not exist", e.getMessage());
        assertEquals("run `ecslab service --lab x --region us-east-1` first", e.hint());
    }

    @Test
    void preflight_within_up_refuses_a_count_the_instance_type_could_never_hold() {
        UnitLab lab = new UnitLab(dir);
        new FakeAccount(lab.aws);

        UsageException e = assertThrows(UsageException.class,
                () -> new ScaleStep(20, true).preflight(lab.context()));

        assertTrue(e.getMessage().startsWith("scale ecslab-x-web to 20 tasks: one t3.micro holds at most 14"),
                e.getMessage());
        // the latest revision is read: a revision a --file registered is kept by up, and estimated instead
        assertEquals(List.of("ec2.findInstanceType", "ecs.findLatestTaskDefinition"),
                lab.aws.callNames("ec2.", "ecs."), "an estimate: no instance yet");
    }

    @Test
    void apply_sets_the_count_waits_for_it_and_records_nothing_to_roll_back() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = labWithItsService(lab);
        LabContext ctx = lab.context();
        int before = lab.aws.calls().size();

        new ScaleStep(4, false).preflight(ctx);
        new ScaleStep(4, false).apply(ctx);

        assertEquals(4, account.service.desired());
        assertEquals(4, account.service.running());
        List<String> calls = lab.aws.calls().subList(before, lab.aws.calls().size());
        assertEquals(List.of("ecs.updateDesiredCount ecslab-x ecslab-x-web 4"), calls.stream()
                .filter(c -> c.startsWith("ecs.updateDesiredCount")).toList());
        assertEquals(1, calls.stream().filter(c -> c.startsWith("ecs.describeTaskDefinition")).count(),
                "the registered instance is checked once, in preflight: " + calls);
        assertEquals(List.of(), ctx.createdThisRun());
        assertEquals(Optional.empty(), ctx.idOf(Kind.SERVICE), "scale adopts nothing either");
    }

    @Test
    void within_up_apply_checks_the_count_against_the_instance_that_registered() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = labWithItsService(lab);

        UsageException e = assertThrows(UsageException.class, () -> new ScaleStep(15, true).apply(lab.context()));

        assertTrue(e.getMessage().startsWith("scale ecslab-x-web to 15 tasks: the container instance holds at most 14"),
                e.getMessage());
        assertEquals(1, account.service.desired(), "left as it was");
    }
}
