package dev.ecslab.e2e;

import dev.ecslab.json.Json;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two runs of one lab at once. On one machine the lab's lock refuses the second (exit 3) before it touches
 * anything; from two machines (two state homes, no shared lock) the runs meet in AWS, and neither may delete what
 * the other created: the lab ends complete, after at most one more `up`.
 */
@Order(3) // among the longest: started first (junit-platform.properties)
class ConcurrentRunsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @TempDir
    Path home;

    @TempDir
    Path otherHome;

    @Test
    void a_second_run_of_a_lab_on_one_machine_is_refused_with_exit_3() throws Exception {
        Cli cli = new Cli(EMULATOR.endpoint(), home);
        Cli.Running first = cli.start("up", "--lab", "dup");
        first.awaitStderr("[cluster]", Duration.ofMinutes(2));
        assertTrue(first.process().isAlive(), "the first up ended too soon:\n" + first.stderr());

        CliResult second = cli.run("up", "--lab", "dup").exitedWith(3)
                .stderrContains("another run is working on this lab", "pid " + first.process().pid(),
                        "ecslab up --lab dup");
        assertTrue(!second.stderr().contains("created") && !second.stderr().contains("deleted"),
                "the refused run changed something:\n" + second);
        cli.run("scale", "--lab", "dup", "--count", "2", "--dry-run").exitedWith(3);

        awaitEnd(first, "the first up");
        first.result().ok();
        LabScenario lab = new LabScenario(cli, EMULATOR.clients());
        lab.assertOneCompleteLab("dup", 4);
        // The lock went with the run that held it.
        cli.run("cleanup", "--lab", "dup", "--yes").ok();
        lab.assertNothingLeft("dup");
    }

    /**
     * The attack issue 28 found: `up` through `localhost` while `cleanup` deletes through `127.0.0.1`. One server,
     * however spelled (here by the flag and by AWS_ENDPOINT_URL), is one lab lock.
     */
    @Test
    void spellings_of_one_endpoint_share_the_lab_lock() throws Exception {
        int port = EMULATOR.endpoint().getPort();
        Cli cli = new Cli(EMULATOR.endpoint(), home).env("AWS_ENDPOINT_URL", null);
        Cli.Running up = cli.start("up", "--lab", "spell", "--count", "1", "--endpoint-url",
                "http://localhost:" + port);
        up.awaitStderr("[cluster]", Duration.ofMinutes(2));
        assertTrue(up.process().isAlive(), "the up ended too soon:\n" + up.stderr());

        cli.run("cleanup", "--lab", "spell", "--yes", "--endpoint-url", "HTTP://127.0.0.1:" + port + "/")
                .exitedWith(3).stderrContains("another run is working on this lab", "pid " + up.process().pid());
        new Cli(EMULATOR.endpoint(), home).env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port)
                .run("scale", "--lab", "spell", "--count", "2").exitedWith(3)
                .stderrContains("another run is working on this lab");

        awaitEnd(up, "the up");
        up.result().ok();
        LabScenario lab = new LabScenario(cli, EMULATOR.clients());
        lab.assertOneCompleteLab("spell", 1);
        cli.run("cleanup", "--lab", "spell", "--yes", "--endpoint-url", "http://127.0.0.1:" + port).ok();
        lab.assertNothingLeft("spell");
    }

    @Test
    void two_runs_from_two_machines_leave_one_complete_lab_and_delete_only_their_own() throws Exception {
        Cli a = new Cli(EMULATOR.endpoint(), home);
        Cli b = new Cli(EMULATOR.endpoint(), otherHome);
        Cli.Running runA = a.start("up", "--lab", "twin", "--progress", "json");
        Cli.Running runB = b.start("up", "--lab", "twin", "--progress", "json");
        awaitEnd(runA, "run A");
        awaitEnd(runB, "run B");
        deletedOnlyWhatItCreated(runA.result(), runB.result());
        if (runA.result().exitCode() != 0 || runB.result().exitCode() != 0) {
            a.run("up", "--lab", "twin").ok();
        }
        LabScenario lab = new LabScenario(a, EMULATOR.clients());
        lab.assertOneCompleteLab("twin", 4);
        b.run("verify", "--lab", "twin").ok();
        a.run("cleanup", "--lab", "twin", "--yes").ok();
        lab.assertNothingLeft("twin");
    }

    @Test
    void a_run_that_fails_beside_another_rolls_back_only_its_own_work() throws Exception {
        Cli a = new Cli(EMULATOR.endpoint(), home);
        Cli b = new Cli(EMULATOR.endpoint(), otherHome);
        Cli.Running runA = a.start("up", "--lab", "race", "--progress", "json");
        // B gives up mid-way (its waits run out of --timeout) and rolls back while A goes on.
        Cli.Running runB = b.start("up", "--lab", "race", "--progress", "json", "--timeout", "6s");
        awaitEnd(runA, "run A");
        awaitEnd(runB, "run B");
        CliResult failed = runB.result().exitedWith(1);
        deletedOnlyWhatItCreated(runA.result(), failed);
        if (runA.result().exitCode() != 0) {
            a.run("up", "--lab", "race").ok(); // B's rollback may take its own instance, which A was using
        }
        LabScenario lab = new LabScenario(a, EMULATOR.clients());
        lab.assertOneCompleteLab("race", 4);
        a.run("cleanup", "--lab", "race", "--yes").ok();
        lab.assertNothingLeft("race");
    }

    /** Waits for a run to end; one that does not is killed, and its last progress shows where it hung. */
    private static void awaitEnd(Cli.Running run, String what) throws InterruptedException {
        if (!run.process().waitFor(5, TimeUnit.MINUTES)) {
            run.process().destroyForcibly();
            String err = run.stderr();
            throw new AssertionError(what + " did not end within 5 minutes; its stderr ends:\n"
                    + err.substring(Math.max(0, err.length() - 6000)));
        }
    }

    private static void deletedOnlyWhatItCreated(CliResult... runs) {
        for (CliResult r : runs) {
            Set<String> deleted = ids(r, "deleted");
            deleted.removeAll(ids(r, "created"));
            assertEquals(Set.of(), deleted, "a run deleted what it did not create\n" + r);
        }
    }

    /** The ids of a run's progress events of one type (NDJSON on stderr with --progress json). */
    private static Set<String> ids(CliResult r, String type) {
        Set<String> ids = new TreeSet<>();
        for (String line : r.stderr().split("\n")) {
            if (line.startsWith("{")) {
                Map<?, ?> event = (Map<?, ?>) Json.parse(line);
                if (type.equals(event.get("type")) && event.get("id") != null) {
                    ids.add((String) event.get("id"));
                }
            }
        }
        return ids;
    }
}
