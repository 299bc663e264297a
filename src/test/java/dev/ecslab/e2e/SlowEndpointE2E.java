package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.FaultProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An endpoint that never answers, or drips its answer a byte every 2 s, ends the command with a clear error and its
 * documented exit code: as an endpoint that did not answer (exit 3, nothing was created), or as --timeout when that
 * comes first (exit 1). The CLI's run limit only catches a hang.
 */
class SlowEndpointE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    Path home;

    @Test
    void up_against_a_dripping_endpoint_ends_at_its_timeout() {
        try (FaultProxy proxy = new FaultProxy(EMULATOR.endpoint(), home.resolve("drip.log"), "--drip", "2")) {
            CliResult r = new Cli(proxy.endpoint(), home).run(Duration.ofMinutes(2), "up", "--lab", "drip",
                    "--timeout", "10s").exitedWith(1);
            r.stderrContains("get caller identity: gave up after 10s (--timeout) waiting for AWS's answer",
                    "hint: run again with a longer --timeout");
            assertTrue(proxy.injected("drip") > 0, "the proxy dripped");
        }
    }

    @Test
    void status_against_a_silent_endpoint_says_nothing_answered() {
        try (FaultProxy proxy = new FaultProxy(EMULATOR.endpoint(), home.resolve("silent.log"), "--silent")) {
            CliResult r = new Cli(proxy.endpoint(), home).run(Duration.ofMinutes(3), "status", "--lab", "silent")
                    .exitedWith(3);
            r.stderrContains("reach AWS at " + proxy.endpoint() + ": no answer within 1m0s");
        }
    }
}
