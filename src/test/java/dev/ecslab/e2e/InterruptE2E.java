package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interrupting `up` (SIGTERM, as Ctrl-C's SIGINT) rolls back what the run created and exits 130. */
class InterruptE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    Path home;

    @Test
    void an_interrupted_up_rolls_back_and_exits_130() throws Exception {
        Cli cli = new Cli(EMULATOR.endpoint(), home);
        Cli.Running up = cli.start("up", "--lab", "intr");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!up.stderr().contains("[cluster] created") && Instant.now().isBefore(deadline) && up.process().isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(up.process().isAlive(), "up ended before it could be interrupted:\n" + up.stderr());
        up.process().destroy(); // SIGTERM
        assertTrue(up.process().waitFor(2, TimeUnit.MINUTES), "up did not end after the interrupt");

        CliResult r = up.result().exitedWith(130);
        r.stderrContains("interrupted", "[rollback]");
        new LabScenario(cli, EMULATOR.clients()).assertNothingLeft("intr");
    }
}
