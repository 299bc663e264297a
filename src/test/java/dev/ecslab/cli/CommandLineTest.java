package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.error.CancelledException;
import dev.ecslab.error.CleanupIncompleteException;
import dev.ecslab.error.InterruptedRunException;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.error.UsageException;
import dev.ecslab.error.VerifyFailedException;
import dev.ecslab.json.Json;
import dev.ecslab.report.Results;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real command line, in process, with a fake application: output, exit codes, and what reached the app. */
class CommandLineTest {
    private final FakeEcslab app = new FakeEcslab();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(Map.of("ECSLAB_HOME", "/tmp/ecslab-test"), args);
    }

    private int run(Map<String, String> env, String... args) {
        EcslabCommand root = new EcslabCommand(app, new LabResolver(env));
        CommandLine cl = CommandTree.forArgs(root, args);
        ErrorHandler handler = new ErrorHandler(root, new dev.ecslab.run.RunControl());
        cl.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
        cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void global_options_work_before_and_after_the_command() {
        assertEquals(0, run("--lab", "a", "--region", "eu-west-1", "scale", "--count", "3"));
        var before = app.lastLab;
        assertEquals(0, run("scale", "--lab", "a", "--region", "eu-west-1", "--count", "3"));
        assertEquals(before, app.lastLab);
        assertEquals("a", before.name());
        assertEquals("eu-west-1", before.where().region());
        assertEquals(3, before.what().count());
    }

    @Test
    void ami_reaches_the_lab_of_up_and_cluster() {
        assertEquals(0, run("up", "--ami", "ami-0abc"));
        assertEquals("ami-0abc", app.lastLab.what().ami());
        assertEquals(0, run("cluster", "--ami", "ami-0def"));
        assertEquals("ami-0def", app.lastLab.what().ami());
    }

    @Test
    void defaults_are_the_documented_ones() {
        assertEquals(0, run("up"));
        assertEquals("default", app.lastLab.name());
        assertEquals(4, app.lastLab.what().count());
        assertEquals("t3.micro", app.lastLab.what().instanceType());
        assertEquals(null, app.lastLab.what().ami(), "no --ami: the AMI SSM names");
        assertEquals(Duration.ofMinutes(30), app.lastLab.how().timeout());
        assertEquals(0, run("service"));
        assertEquals(1, app.lastLab.what().count());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "up --lab Demo                      | is not a lab name",
            "up --lab 9lab                      | is not a lab name",
            "up --lab abcdefghijklmnopqrstu     | is not a lab name",
            "scale --count -1                   | --count must be at least 0",
            "service --count 0                  | --count must be at least 1",
            "scale --count four                 | 'four'",
            "up --timeout soon                  | is not a duration",
            "up --timeout 0s                    | --timeout must be longer than zero",
            "up --region moon-1                 | is not an AWS region name",
            "up --endpoint-url ftp://x          | is not a valid http(s) URL",
            "up --endpoint-url ::               | is not a valid http(s) URL",
            "taskdef --file /no/such/file.json  | does not exist",
            "up -o yaml                         | --output must be text or json",
            "up --nope                          | Unknown option",
            "taskdef --ami ami-0abc             | Unknown options: '--ami'",
            "stauts                             | Did you mean: ecslab status",
            "logs --since 0s                    | --since must be longer than zero",
            "logs --since yesterday             | is not a duration",
            "logs --task task-7!                | is not a task id",
    })
    void bad_input_exits_2_and_reaches_nothing(String args, String words) {
        assertEquals(2, run(args.trim().split("\\s+")), err.toString());
        assertTrue(err.toString().contains(words), err.toString());
        assertTrue(err.toString().contains("--help"), err.toString());
        assertEquals(List.of(), app.calls);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "up --timeout 999999999999d         | --timeout must be at most 24h",
            "up --timeout 25h                   | --timeout must be at most 24h",
            "up --timeout 99999999999999999999d | is too long a duration",
            "scale --timeout P999999999999D     | --timeout must be at most 24h",
            "logs --since 999999999999d         | --since must be at most 3650d",
    })
    void a_duration_past_what_a_clock_holds_exits_2_and_reaches_nothing(String args, String words) {
        assertEquals(2, run(args.trim().split("\\s+")), err.toString());
        assertTrue(err.toString().contains(words), err.toString());
        assertEquals(List.of(), app.calls);
    }

    @Test
    void the_longest_timeout_is_accepted() {
        assertEquals(0, run("up", "--timeout", "24h"), err.toString());
        assertEquals(Duration.ofHours(24), app.lastLab.how().timeout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0", "-5", "abc", "60001", "5s", "99999999999999999999"})
    void a_poll_interval_out_of_range_exits_2_naming_the_variable_and_its_range(String value) {
        assertEquals(2, run(Map.of("ECSLAB_HOME", "/tmp/ecslab-test", "ECSLAB_POLL_INTERVAL_MS", value), "up"),
                err.toString());
        String first = err.toString().lines().findFirst().orElse("");
        assertEquals("ecslab: read ECSLAB_POLL_INTERVAL_MS '" + value + "': use a whole number of milliseconds from 1 "
                + "to 60000", first, err.toString());
        assertTrue(err.toString().contains("hint: "), err.toString());
        assertEquals(List.of(), app.calls);
    }

    @Test
    void a_poll_interval_in_range_is_used_and_an_empty_one_is_the_default() {
        assertEquals(0, run(Map.of("ECSLAB_HOME", "/tmp/ecslab-test", "ECSLAB_POLL_INTERVAL_MS", "1"), "up"));
        assertEquals(Duration.ofMillis(1), app.lastLab.how().pollInterval());
        assertEquals(0, run(Map.of("ECSLAB_HOME", "/tmp/ecslab-test", "ECSLAB_POLL_INTERVAL_MS", ""), "up"));
        assertEquals(Duration.ofSeconds(5), app.lastLab.how().pollInterval());
    }

    @Test
    void an_ecslab_home_that_is_a_file_exits_2_naming_the_variable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        for (Path home : List.of(file, file.resolve("below"))) {
            err.getBuffer().setLength(0);
            assertEquals(2, run(Map.of("ECSLAB_HOME", home.toString()), "up"), err.toString());
            assertTrue(err.toString().startsWith("ecslab: use ECSLAB_HOME '" + home + "': " + file
                    + " is not a directory"), err.toString());
            assertTrue(err.toString().contains("hint: set ECSLAB_HOME to a directory you can write in"),
                    err.toString());
        }
        assertEquals(List.of(), app.calls);
    }

    @Test
    void an_ecslab_home_nothing_can_be_written_in_exits_2() {
        // /proc refuses a new file even to root, whom a directory's permission bits do not stop
        Path home = Path.of("/proc/self/ecslab");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        assertEquals(2, run(Map.of("ECSLAB_HOME", home.toString()), "status"), err.toString());
        assertTrue(err.toString().startsWith("ecslab: use ECSLAB_HOME '" + home + "': cannot write in /proc/self"),
                err.toString());
        assertEquals(List.of(), app.calls);
    }

    @Test
    void an_empty_ecslab_home_is_as_unset_not_the_current_directory(@TempDir Path dir) {
        assertEquals(0, run(Map.of("ECSLAB_HOME", ""), "status"), err.toString());
        assertEquals(Path.of(System.getProperty("user.home"), ".ecslab", "labs"), app.lastLab.stateDir());
        assertEquals(0, run(Map.of("ECSLAB_HOME", dir.toString()), "status"), err.toString());
        assertEquals(dir.resolve("labs"), app.lastLab.stateDir());
        assertTrue(!Files.exists(dir.resolve("labs")), "checking creates nothing");
    }

    @Test
    void state_lives_in_the_users_home_as_the_shell_says_unless_ecslab_home_says_otherwise(@TempDir Path dir) {
        Path home = dir.resolve("home");
        assertEquals(0, run(Map.of("HOME", home.toString()), "status"), err.toString());
        assertEquals(home.resolve(".ecslab").resolve("labs"), app.lastLab.stateDir());
        assertEquals(0, run(Map.of("HOME", home.toString(), "ECSLAB_HOME", dir.resolve("elsewhere").toString()),
                "status"), err.toString());
        assertEquals(dir.resolve("elsewhere").resolve("labs"), app.lastLab.stateDir());
        assertEquals(0, run(Map.of("HOME", ""), "status"), err.toString());
        assertEquals(Path.of(System.getProperty("user.home"), ".ecslab", "labs"), app.lastLab.stateDir(),
                "an empty $HOME is as unset");
    }

    @Test
    void ecslab_alone_shows_what_it_can_do_and_a_mistyped_command_is_named_with_the_nearest() {
        assertEquals(0, run());
        assertTrue(out.toString().startsWith("Usage: ecslab "), out.toString());
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
        assertEquals("", err.toString());
        assertEquals(List.of(), app.calls);

        assertEquals(2, run("stauts", "--lab", "a"));
        assertTrue(err.toString().startsWith("ecslab: run command 'stauts': there is no such command\n"), err.toString());
        assertTrue(err.toString().contains("hint: Did you mean: ecslab status"), err.toString());
        assertEquals(List.of(), app.calls);
    }

    @Test
    void logs_reads_its_options_and_prints_one_line_per_log_line() {
        assertEquals(0, run("logs", "--lab", "demo"));
        assertEquals(new dev.ecslab.lab.LogTail.Query(Duration.ofMinutes(10), null, false), app.lastLogs);
        assertEquals("2026-11-28T10:00:00Z 01234567 GET / 200", out.toString().strip());

        assertEquals(0, run("logs", "-f", "--since", "1d2h", "--task",
                "arn:aws:ecs:us-east-1:123456789012:task/ecslab-demo/0123ABCD"));
        assertEquals(new dev.ecslab.lab.LogTail.Query(Duration.ofHours(26), "0123abcd", true), app.lastLogs);
        assertEquals(0, run("logs", "--health-checks", "--grep", " 404 "));
        assertEquals(new dev.ecslab.lab.LogTail.Query(Duration.ofMinutes(10), null, false, true, " 404 "),
                app.lastLogs);
        assertEquals(2, run("logs", "--grep", ""));

        out.getBuffer().setLength(0);
        assertEquals(0, run("logs", "-o", "json"));
        assertEquals(Map.of("time", "2026-11-28T10:00:00Z", "task", "0123456789abcdef0123456789abcdef",
                "message", "GET / 200"), Json.parse(out.toString().strip()));
    }

    @Test
    void each_error_type_has_its_exit_code_message_and_hint() {
        assertExit(1, new StepFailedException("create service x: boom", "fix it"));
        assertExit(2, new UsageException("read task definition f: empty", "see examples"));
        assertExit(3, new PreflightException("check credentials: none", "aws configure"));
        assertExit(4, new CleanupIncompleteException("cleanup lab x: 1 left", "run again",
                List.of(new CleanupIncompleteException.Leftover("security group", "sg-1", "sg-1", "in use"))));
        assertExit(5, new VerifyFailedException("verify lab x: NG", "look", new Results.VerifyReport("x", List.of())));
        assertExit(130, new InterruptedRunException("up lab x: interrupted", "run cleanup"));
    }

    private void assertExit(int code, RuntimeException e) {
        app.failure = () -> e;
        err.getBuffer().setLength(0);
        assertEquals(code, run("up"));
        assertTrue(err.toString().contains("ecslab: " + e.getMessage()), err.toString());
        assertTrue(err.toString().contains("hint: "), err.toString());
    }

    @Test
    void leftovers_are_listed() {
        app.failure = () -> new CleanupIncompleteException("cleanup lab x: 1 left", "run again",
                List.of(new CleanupIncompleteException.Leftover("security group", "ecslab-x-alb-sg", "sg-1",
                        "DependencyViolation")));
        assertEquals(4, run("cleanup", "--yes"));
        assertTrue(err.toString().contains("left: security group ecslab-x-alb-sg sg-1 — DependencyViolation"));
    }

    /** A rollback's leftovers, as a cleanup's: under the message and in error.leftovers, from the same list. */
    @Test
    void a_rollbacks_leftovers_are_listed_and_in_the_json_document() {
        app.failure = () -> new InterruptedRunException("up lab x: interrupted; rollback left 1 resource(s)",
                "run cleanup", null, List.of(new CleanupIncompleteException.Leftover("target group", "ecslab-x-tg",
                "arn:tg", "not attempted: interrupted")));
        assertEquals(130, run("up", "-o", "json"));
        assertTrue(err.toString().contains("left: target group ecslab-x-tg arn:tg — not attempted: interrupted"),
                err.toString());
        Map<?, ?> error = (Map<?, ?>) ((Map<?, ?>) Json.parse(out.toString().trim())).get("error");
        assertEquals(List.of(Map.of("kind", "target-group", "name", "ecslab-x-tg", "id", "arn:tg",
                "reason", "not attempted: interrupted")), error.get("leftovers"));
    }

    @Test
    void json_output_is_one_document_and_errors_are_one_too() {
        assertEquals(0, run("-o", "json", "verify"));
        Map<?, ?> doc = (Map<?, ?>) Json.parse(out.toString().trim());
        assertEquals(true, doc.get("ok"));
        assertEquals("verify", doc.get("command"));

        out.getBuffer().setLength(0);
        app.failure = () -> new PreflightException("check credentials: none", "aws configure");
        assertEquals(3, run("up", "-o", "json"));
        Map<?, ?> error = (Map<?, ?>) Json.parse(out.toString().trim());
        assertEquals(false, error.get("ok"));
        assertEquals(3L, ((Map<?, ?>) error.get("error")).get("exitCode"));
    }

    @Test
    void a_cleanup_declined_at_its_prompt_says_so_plainly_and_exits_0() {
        app.failure = () -> new CancelledException("cleanup lab demo: cancelled; nothing was deleted");
        assertEquals(0, run("cleanup", "--lab", "demo"));
        assertEquals("cleanup lab demo: cancelled; nothing was deleted", err.toString().strip());

        out.getBuffer().setLength(0);
        assertEquals(0, run("cleanup", "--lab", "demo", "-o", "json"));
        Map<?, ?> doc = (Map<?, ?>) Json.parse(out.toString().trim());
        assertEquals(true, doc.get("ok"), doc::toString); // docs/json.md: true when the exit code is 0
        assertEquals(List.of(), doc.get("deleted"), doc::toString);
        assertEquals(null, doc.get("error"), doc::toString);

        err.getBuffer().setLength(0);
        assertEquals(0, run("cleanup", "--lab", "demo", "--progress", "json"));
        Map<?, ?> line = (Map<?, ?>) Json.parse(err.toString().strip());
        assertEquals("info", line.get("type"), line::toString); // not an error: its schema has no exit code 0
    }

    @Test
    void json_progress_is_ndjson_on_stderr_independent_of_the_output() {
        assertEquals(0, run("up", "-o", "json"));
        assertTrue(err.toString().startsWith("[up] working"), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(0, run("up", "--progress", "json"));
        for (String line : err.toString().trim().split("\n")) {
            Map<?, ?> event = (Map<?, ?>) Json.parse(line);
            assertEquals("info", event.get("type"));
            assertEquals("default", event.get("lab"));
        }
    }

    @Test
    void unknown_errors_are_internal_errors_without_a_trace_unless_verbose() {
        app.failure = () -> new IllegalStateException("surprise");
        assertEquals(1, run("up"));
        assertTrue(err.toString().contains("ecslab: internal error: java.lang.IllegalStateException: surprise"));
        assertTrue(err.toString().contains("--verbose"));
        assertTrue(!err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void every_command_has_examples_in_its_help() {
        for (String command : List.of("up", "cluster", "taskdef", "elb", "service", "verify", "scale", "cleanup",
                "status")) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(command, "--help"));
            assertTrue(out.toString().contains("Examples:") && out.toString().contains("ecslab " + command),
                    command + ":\n" + out);
        }
    }

    @Test
    void each_help_lists_its_own_options_and_names_the_global_ones_once_with_no_line_wrapping_to_column_0() {
        for (String command : List.of("up", "cluster", "taskdef", "elb", "service", "verify", "scale", "cleanup",
                "status", "completion")) {
            out.getBuffer().setLength(0);
            assertEquals(0, run(command, "--help"));
            String help = out.toString();
            assertTrue(help.startsWith("Usage: ecslab " + command + " [OPTIONS]"), help);
            assertTrue(help.contains("Global options, described in `ecslab --help`: "), help);
            for (String global : List.of("--lab=", "--region=", "--endpoint-url=", "--yes ", "--quiet ")) {
                assertTrue(!help.contains(global), command + " lists the global option " + global + ":\n" + help);
            }
            assertTrue(help.lines().allMatch(l -> l.length() <= 80), help);
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("cleanup", "--help"));
        assertTrue(out.toString().contains("--dry-run") && !out.toString().contains("--keep-on-failure"), out::toString);
        out.getBuffer().setLength(0);
        assertEquals(0, run("--help"));
        String root = out.toString();
        assertTrue(root.contains("--lab=NAME") && root.contains("--yes") && root.contains("130  interrupted"), root);
        assertTrue(root.lines().allMatch(l -> l.length() <= 80), root);
    }

    @Test
    void each_command_summary_in_the_root_help_is_a_whole_sentence() {
        assertEquals(0, run("--help"));
        String commands = out.toString().split("Commands:\\R")[1].split("\\R\\R")[0];
        // an entry starts at column 2 with its name; its summary may wrap onto lines indented further
        for (String entry : commands.split("\\R(?=  \\S)")) {
            String summary = entry.trim().replaceAll("\\s+", " ");
            assertTrue(summary.endsWith("."), "summary cut mid-sentence: " + summary);
        }
    }

    @Test
    void explain_is_taken_by_the_commands_that_run_steps_and_goes_to_stderr() {
        for (String command : List.of("up", "cluster", "taskdef", "elb", "service", "scale", "verify", "cleanup")) {
            assertEquals(0, run(command, "--explain", "--yes"), () -> command + "\n" + err);
        }
        assertEquals(2, run("status", "--explain"));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(0, run("up", "--explain", "-o", "json"));
        assertTrue(err.toString().startsWith("[up] up walks the lab's steps in order"), err::toString);
        assertFalse(out.toString().contains("walks"), out::toString);
    }

    @Test
    void cleanup_refuses_keep_on_failure_which_it_has_nothing_to_keep_for() {
        assertEquals(2, run("cleanup", "--keep-on-failure"));
        assertEquals(0, run("cleanup", "--dry-run"));
        assertTrue(app.lastLab.how().dryRun());
    }

    @Test
    void dry_run_reaches_the_app_as_a_plan() {
        assertEquals(0, run("elb", "--dry-run"));
        assertTrue(app.lastLab.how().dryRun());
        assertTrue(out.toString().contains("dry run"), out.toString());
    }
}
