package dev.ecslab.e2e;

import dev.ecslab.json.Json;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * `ecslab logs` over a log group of more than two pages of FilterLogEvents (10,000 events each, as on AWS), read
 * page by page: through the packaged CLI, every line arrives once and in order, as text and as JSON, for one task,
 * and following; the load balancer's health checks hidden and counted unless asked for; --grep picks lines.
 */
class LogsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final List<String> TASKS = List.of("0123456789abcdef0123456789abcdef",
            "fedcba9876543210fedcba9876543210");
    private static final int LINES = 25_000;

    @TempDir
    Path home;

    private final String lab = "p" + UUID.randomUUID().toString().substring(0, 8); // a group of its own per test
    private final String group = "/ecs/ecslab-" + lab;
    private final CloudWatchLogsClient logs = EMULATOR.clients().logs();
    private final List<Line> written = new ArrayList<>();
    private Cli cli;

    /** A line as `logs` shows it: its time, its task, its message (an escape character shown as text). */
    private record Line(long at, String task, String message) {
        String text() {
            return Instant.ofEpochMilli(at) + " " + task.substring(0, 8) + " " + message.replace("\u001b", "\\x1b");
        }
    }

    @BeforeEach
    void setUp() {
        cli = new Cli(EMULATOR.endpoint(), home);
        logs.createLogGroup(r -> r.logGroupName(group));
        TASKS.forEach(t -> logs.createLogStream(r -> r.logGroupName(group).logStreamName("web/web/" + t)));
        // Lines alternate between the two tasks, 40 ms apart over the last 1000 s, so every page holds both; one in
        // the second page would clear the screen if printed raw.
        long start = System.currentTimeMillis() - 1_000_000;
        write(IntStream.range(0, LINES).mapToObj(i -> new Line(start + 40L * i, TASKS.get(i % 2),
                "10.0.0.1 - - \"GET /?line=" + i + (i == 12_345 ? "\u001b[2J" : "") + " HTTP/1.1\" 200 615"))
                .collect(Collectors.toList()));
    }

    @Test
    void every_line_of_every_page_is_printed_once_in_order_as_text_and_as_json() {
        assertEquals(texts(written), cli.run("logs", "--lab", lab, "--since", "1h").ok().stdout());

        List<String> json = cli.run("logs", "--lab", lab, "--since", "1h", "-o", "json").ok().stdout().lines()
                .collect(Collectors.toList());
        assertEquals(written.stream().map(l -> Map.of("time", Instant.ofEpochMilli(l.at()).toString(),
                "task", l.task(), "message", l.message())).collect(Collectors.toList()),
                json.stream().map(Json::parse).collect(Collectors.toList()));
    }

    @Test
    void one_tasks_lines_are_all_its_own_once_in_order() {
        List<Line> mine = written.stream().filter(l -> l.task().equals(TASKS.get(1))).collect(Collectors.toList());
        assertEquals(texts(mine), cli.run("logs", "--lab", lab, "--since", "1h", "--task",
                TASKS.get(1).substring(0, 8)).ok().stdout());
    }

    @Test
    void following_prints_the_pages_then_each_new_line_once() throws Exception {
        Cli.Running follow = cli.start("logs", "--lab", lab, "--since", "1h", "--follow");
        follow.awaitStdout(written.get(LINES - 1).text(), Duration.ofSeconds(60));
        long now = System.currentTimeMillis();
        write(IntStream.range(0, 3).mapToObj(i -> new Line(now + i, TASKS.get(0), "after " + i))
                .collect(Collectors.toList()));
        follow.awaitStdout("after 2", Duration.ofSeconds(30));
        Thread.sleep(5_000); // two more polls, each reading the newest lines again: none is printed twice

        String shown = follow.signalAndWait("INT", Duration.ofSeconds(10)).exitedWith(130).stdout();
        assertEquals(texts(written), shown);
    }

    @Test
    void the_load_balancers_health_checks_are_hidden_and_counted_unless_asked_for_and_grep_picks_lines() {
        List<Line> app = List.copyOf(written);
        long last = app.get(app.size() - 1).at(); // the checks come after every app line (40 ms before setUp ended)
        List<Line> checks = IntStream.range(0, 7).mapToObj(i -> new Line(last + 1 + i, TASKS.get(i % 2),
                "10.0.1.7 - - \"GET / HTTP/1.1\" 200 615 \"-\" \"ELB-HealthChecker/2.0\""))
                .collect(Collectors.toList());
        write(checks);

        CliResult hidden = cli.run("logs", "--lab", lab, "--since", "1h").ok();
        assertEquals(texts(app), hidden.stdout());
        hidden.stderrContains("health checks hidden (--health-checks shows them)", "7 health checks of the load "
                + "balancer (ELB-HealthChecker) hidden; --health-checks shows them");

        assertEquals(texts(written), cli.run("logs", "--lab", lab, "--since", "1h", "--health-checks").ok()
                .stdout());

        List<Line> picked = app.stream().filter(l -> l.message().contains("line=2468 ")).collect(Collectors.toList());
        assertEquals(1, picked.size());
        assertEquals(texts(picked), cli.run("logs", "--lab", lab, "--since", "1h", "--grep", "line=2468 ").ok()
                .stdout());
        CliResult checksOnly = cli.run("logs", "--lab", lab, "--since", "1h", "--grep", "HealthChecker").ok();
        assertEquals("", checksOnly.stdout());
        checksOnly.stderrContains("no lines containing 'HealthChecker' in the last 1h0m but 7 health checks of "
                + "the load balancer (ELB-HealthChecker); --health-checks shows them");
    }

    /** Writes the lines (in time order) to their tasks' streams, in batches under PutLogEvents' 1 MB. */
    private void write(List<Line> lines) {
        for (String task : TASKS) {
            List<InputLogEvent> events = lines.stream().filter(l -> l.task().equals(task)).map(l -> InputLogEvent
                    .builder().timestamp(l.at()).message(l.message()).build()).collect(Collectors.toList());
            for (int from = 0; from < events.size(); from += 5_000) {
                List<InputLogEvent> batch = events.subList(from, Math.min(from + 5_000, events.size()));
                logs.putLogEvents(r -> r.logGroupName(group).logStreamName("web/web/" + task).logEvents(batch));
            }
        }
        written.addAll(lines);
    }

    private static String texts(List<Line> lines) {
        return lines.stream().map(l -> l.text() + "\n").collect(Collectors.joining());
    }
}
