package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wait ends when what it waits for is gone: the cluster deleted (a cleanup from elsewhere, or by hand) while the
 * instance boots ends the wait for its registration at once, with the reason, instead of after its 10-minute budget;
 * what the run created is rolled back. The emulator's clock runs at half AWS's pace so that the instance takes 30 s
 * to register, time enough to delete the cluster first. The CLI's run limit only catches a hang.
 */
class GoneWhileWaitingE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator(Map.of("ECSLAB_EMULATOR_TIME_SCALE", "0.5"));

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void the_registration_wait_ends_when_the_cluster_is_deleted() throws Exception {
        Cli cli = home.cli();
        Cli.Running cluster = cli.start("cluster", "--lab", "gone", "--timeout", "30m");
        String launched = "[cluster] created instance ecslab-gone-instance";
        cluster.awaitStderr(launched, Duration.ofMinutes(3));
        assertTrue(cluster.process().isAlive() && cluster.stderr().contains(launched),
                "cluster ended before its instance was launched:\n" + cluster.stderr());
        EMULATOR.clients().ecs().deleteCluster(r -> r.cluster("ecslab-gone"));
        CliResult r = cluster.awaitResult(Duration.ofMinutes(5)).exitedWith(1);
        r.stderrContains("cluster ecslab-gone is INACTIVE: it was deleted (by a cleanup, or by hand) before instance",
                "rolled back what this run created");
        home.scenario().assertNothingLeft("gone");
    }
}
