package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.FaultProxy;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab through a proxy that injects faults between the CLI and the emulator, checked with independent clients
 * that talk to the emulator directly.
 */
@Order(2) // among the longest: started first (junit-platform.properties)
class FaultsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    Path home;

    @Test
    void up_and_cleanup_survive_20_percent_throttling_and_5_percent_server_errors() throws Exception {
        try (FaultProxy proxy = new FaultProxy(EMULATOR.endpoint(), home.resolve("proxy.log"),
                "--throttle", "0.2", "--server-errors", "0.05", "--seed", "3")) {
            Cli cli = new Cli(proxy.endpoint(), home);
            LabScenario independent = new LabScenario(cli, EMULATOR.clients());
            cli.run("up", "--lab", "flaky").ok();
            independent.assertOneCompleteLab("flaky", 4);
            cli.run("cleanup", "--lab", "flaky", "--yes").ok();
            independent.assertNothingLeft("flaky");
            assertTrue(proxy.injected("throttled") > 20 && proxy.injected("server-error") > 3,
                    "faults were injected: " + proxy.injected("throttled") + " throttled, "
                            + proxy.injected("server-error") + " server errors");
        }
    }

    @Test
    void up_ends_with_one_of_each_when_30_percent_of_mutating_answers_are_lost() throws Exception {
        for (String seed : new String[] {"5", "13", "14"}) {
            String lab = "lost" + seed;
            try (FaultProxy proxy = new FaultProxy(EMULATOR.endpoint(), home.resolve("proxy-" + seed + ".log"),
                    "--lose", "0.3", "--lose-only-mutating", "--seed", seed)) {
                Cli cli = new Cli(proxy.endpoint(), home);
                LabScenario independent = new LabScenario(cli, EMULATOR.clients());
                cli.run("up", "--lab", lab).ok();
                independent.assertOneCompleteLab(lab, 4);
                cli.run("cleanup", "--lab", lab, "--yes").ok();
                independent.assertNothingLeft(lab);
                assertTrue(proxy.injected("lost") > 3, "answers were lost: " + proxy.injected("lost"));
            }
        }
    }
}
