package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failure in the middle of `up` rolls back what the run created, names the cause, and leaves nothing. */
class UpFailureE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final LabScenario scenario = home.scenario();

    @Test
    void an_image_that_cannot_be_pulled_fails_the_service_and_rolls_everything_back() throws Exception {
        // The emulator's documented failure marker: images under invalid.example/ cannot be pulled (docs/emulator.md).
        Path file = home.taskDefinition("invalid.example/nginx:none");

        CliResult r = cli.run("up", "--lab", "pullfail", "--file", file.toString()).exitedWith(1);
        r.stderrContains("CannotPullContainerError");
        scenario.assertNothingLeft("pullfail");
    }

    @Test
    void an_image_that_fails_its_health_checks_fails_up_with_the_target_reason_and_rolls_back() throws Exception {
        // The emulator's documented marker: images under unhealthy.example/ answer every request with 500.
        Path file = home.taskDefinition("unhealthy.example/nginx:stable");

        CliResult r = cli.run("up", "--lab", "unhealthy", "--file", file.toString()).exitedWith(1);
        r.stderrContains("failed ELB health checks", "ECS deployment circuit breaker", "last unhealthy target: i-",
                "unhealthy (Target.ResponseCodeMismatch)", "rolled back what this run created");
        scenario.assertNothingLeft("unhealthy");
    }

    @Test
    void an_instance_type_the_region_lacks_fails_and_leaves_nothing() {
        CliResult r = cli.run("up", "--lab", "badtype", "--instance-type", "t3.bogus");
        assertTrue(r.exitCode() == 1 || r.exitCode() == 2, () -> "exit 1 or 2 expected\n" + r);
        r.stderrContains("t3.bogus");
        scenario.assertNothingLeft("badtype");
    }
}
