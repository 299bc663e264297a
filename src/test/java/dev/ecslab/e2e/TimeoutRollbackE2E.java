package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * A run that fails because it used up --timeout still removes what it created: the waits of its rollback (instance
 * shutting-down → terminated, the security groups it held) get budgets of their own, not what is left of --timeout.
 * The emulator runs at AWS's own pace here (time scale 1) so that the timeout falls while the instance boots.
 */
@Order(3) // among the longest: started first (junit-platform.properties)
class TimeoutRollbackE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator(Map.of("ECSLAB_EMULATOR_TIME_SCALE", "1"));

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void a_run_that_used_up_its_timeout_still_rolls_everything_back() {
        Cli cli = home.cli();
        // At scale 1: the service-linked role and the instance profile are usable after 10 s, the instance runs 5 s
        // later and registers 10 s after that; 22 s runs out while the instance exists.
        CliResult r = cli.run("up", "--lab", "outoftime", "--timeout", "22s").exitedWith(1);
        r.stderrContains("gave up after", "rolled back what this run created");
        r.stderrContains("deleted instance ecslab-outoftime-instance");
        home.scenario().assertNothingLeft("outoftime");
    }
}
