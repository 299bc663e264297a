package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failure in the middle of `up` rolls back what the run created, names the cause, and leaves nothing. */
class UpFailureE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    Path home;

    private Cli cli;
    private LabScenario scenario;

    @BeforeEach
    void setUp() {
        cli = new Cli(EMULATOR.endpoint(), home);
        scenario = new LabScenario(cli, EMULATOR.clients());
    }

    @Test
    void an_image_that_cannot_be_pulled_fails_the_service_and_rolls_everything_back() throws Exception {
        // The emulator's documented failure marker: images under invalid.example/ cannot be pulled (docs/emulator.md).
        Path file = home.resolve("bad-image.json");
        Files.writeString(file, """
                {"family": "whatever", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
                 "containerDefinitions": [{"name": "web", "image": "invalid.example/nginx:none", "essential": true,
                   "cpu": 128, "memory": 128, "memoryReservation": 64,
                   "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]}
                """);

        CliResult r = cli.run("up", "--lab", "pullfail", "--file", file.toString()).exitedWith(1);
        r.stderrContains("CannotPullContainerError");
        scenario.assertNothingLeft("pullfail");
    }

    @Test
    void an_image_that_fails_its_health_checks_fails_up_with_the_target_reason_and_rolls_back() throws Exception {
        // The emulator's documented marker: images under unhealthy.example/ answer every request with 500.
        Path file = home.resolve("unhealthy-image.json");
        Files.writeString(file, """
                {"family": "whatever", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
                 "containerDefinitions": [{"name": "web", "image": "unhealthy.example/nginx:stable", "essential": true,
                   "cpu": 128, "memory": 128, "memoryReservation": 64,
                   "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]}
                """);

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
