package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `next:` lines can be pasted as they are: they repeat --lab, --region, --endpoint-url and --count as given. The
 * environment here has no AWS_ENDPOINT_URL or AWS_REGION, so a hint that dropped them would not reach the emulator.
 */
class HintsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    Path home;

    @Test
    void each_next_line_runs_as_pasted() {
        Cli cli = new Cli(EMULATOR.endpoint(), home).env("AWS_ENDPOINT_URL", null).env("AWS_REGION", null);
        String reach = " --region us-east-1 --endpoint-url " + EMULATOR.endpoint();

        String next = nextOf(cli.run(("cluster --lab hints" + reach).split(" ")).ok());
        assertEquals("ecslab taskdef --lab hints" + reach, next);
        next = nextOf(paste(cli, next).ok());
        assertEquals("ecslab elb --lab hints" + reach, next);
        next = nextOf(paste(cli, next).ok());
        assertEquals("ecslab service --lab hints" + reach, next);
        next = nextOf(paste(cli, next).ok());
        assertEquals("ecslab verify --lab hints" + reach, next);
        paste(cli, next).ok().stdoutContains("[OK]");

        // --count is repeated where the command takes it: the plan's next line is the real run.
        next = nextOf(cli.run(("scale --lab hints --count 2 --dry-run" + reach).split(" ")).ok());
        assertEquals("ecslab scale --lab hints" + reach + " --count 2", next);
        paste(cli, next).ok();
        new LabScenario(cli, EMULATOR.clients()).assertOneCompleteLab("hints", 2);

        // The failure hints too: a step run before the one it needs names the command that fixes it.
        CliResult early = cli.run(("service --lab early" + reach).split(" ")).exitedWith(3);
        assertTrue(early.stderr().contains("`ecslab cluster --lab early" + reach + "`"), early::toString);

        paste(cli, "ecslab cleanup --lab hints" + reach + " --yes").ok();
        new LabScenario(cli, EMULATOR.clients()).assertNothingLeft("hints");
    }

    private static String nextOf(CliResult r) {
        return Arrays.stream(r.stdout().split("\n")).filter(l -> l.startsWith("next: ")).findFirst()
                .map(l -> l.substring("next: ".length())).orElseThrow(() -> new AssertionError("no next: line\n" + r));
    }

    private static CliResult paste(Cli cli, String line) {
        List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        assertEquals("ecslab", args.remove(0));
        return cli.run(args.toArray(String[]::new));
    }
}
