package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.PolicyCoverage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole lab through the packaged CLI against the local AWS, checked with independent SDK clients. */
class LabE2E {
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
    void up_builds_one_complete_lab_and_cleanup_leaves_nothing() throws Exception {
        Set<String> used = scenario.runWholeLab("e2e");
        // The example least-privilege policy allows every action the run used (issue: examples/).
        String policy = Files.readString(Emulator.projectDir().resolve("examples/ecslab-iam-policy.json"));
        assertEquals(List.of(), PolicyCoverage.notAllowed(used, policy), "actions used: " + used);
        // A second cleanup finds nothing and still succeeds.
        cli.run("cleanup", "--lab", "e2e", "--yes").ok();
    }

    @Test
    void two_labs_live_side_by_side_and_are_cleaned_up_one_at_a_time() {
        cli.run("up", "--lab", "left", "--count", "2").ok();
        cli.run("up", "--lab", "right", "--count", "2").ok();
        scenario.assertOneCompleteLab("left", 2);
        scenario.assertOneCompleteLab("right", 2);

        cli.run("cleanup", "--lab", "left", "--yes").ok();
        scenario.assertNothingLeft("left");
        scenario.assertOneCompleteLab("right", 2);

        cli.run("cleanup", "--lab", "right", "--yes").ok();
        scenario.assertNothingLeft("right");
    }
}
