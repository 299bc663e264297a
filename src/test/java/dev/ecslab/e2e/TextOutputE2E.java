package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text output of a whole lab's life, in the user's terms (issue 31, "words"): normal waits without AWS's error
 * text, every task definition named with its revision, task ids of 8 characters, no line over 120 characters, and
 * a cleanup declined at its prompt said plainly, exit 0.
 */
class TextOutputE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();
    private static final Pattern FULL_TASK_ID = Pattern.compile(
            "(?<![/:\\w-])[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})(?![\\w-])");

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final List<CliResult> runs = new ArrayList<>();

    private CliResult run(String... args) {
        CliResult r = cli.run(args).ok();
        runs.add(r);
        return r;
    }

    @Test
    void a_whole_lab_reads_in_the_users_terms() {
        CliResult up = run("up", "--lab", "tx", "--count", "4");
        up.stderrContains("created task definition ecslab-tx-web:1", "[network] waiting for the new security group "
                + "to reach EC2", "container instance i-", "registered with the cluster");
        assertFalse(up.stderr().contains("does not exist"), "EC2's error text in a normal wait\n" + up);
        assertFalse(up.stderr().contains("found existing"), "nothing existed before\n" + up);
        assertEquals(1, up.stdout().lines().filter(l -> l.startsWith("[OK] HTTP GET")).count(), up::toString);

        run("taskdef", "--lab", "tx", "--file", Emulator.projectDir().resolve("examples/taskdef-register.json")
                .toString()).stderrContains("created task definition ecslab-tx-web:2");
        run("service", "--lab", "tx"); // rolls the 4 tasks: ECS's event quotes each stopped task's id
        CliResult status = run("status", "--lab", "tx");
        assertTrue(status.stdout().lines().anyMatch(l -> l.matches("  task definition +ecslab-tx-web:2 .*")), status
                .toString());
        CliResult scaled = run("scale", "--lab", "tx", "--count", "0");
        assertFalse(scaled.stderr().contains("running 4/0"), scaled::toString);

        CliResult declined = cli.runInTerminalTyping("n\n", "cleanup", "--lab", "tx");
        declined.ok().stdoutContains("cleanup lab tx: cancelled; nothing was deleted");
        home.scenario().assertOneCompleteLab("tx", 0);

        CliResult cleanup = run("cleanup", "--lab", "tx", "--yes");
        cleanup.stderrContains("deleted task definition ecslab-tx-web:1", "deleted task definition ecslab-tx-web:2",
                "waiting for the load balancer's network interfaces to go");
        assertFalse(cleanup.stderr().contains("DependencyViolation"), cleanup::toString);

        for (CliResult r : runs) {
            List<String> lines = Stream.of(r.stdout(), r.stderr()).flatMap(String::lines).toList();
            lines.forEach(l -> assertTrue(l.length() <= 120, "a line of " + l.length() + " characters:\n" + l));
            lines.forEach(l -> assertFalse(FULL_TASK_ID.matcher(l).find(), "a whole task id:\n" + l));
            assertEquals(lines.stream().filter(l -> l.contains("] deleted ")).distinct().count(),
                    lines.stream().filter(l -> l.contains("] deleted ")).count(), "a deletion said twice\n" + r);
        }
    }
}
