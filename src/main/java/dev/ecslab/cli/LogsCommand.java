package dev.ecslab.cli;

import dev.ecslab.json.Json;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LogTail;
import dev.ecslab.report.Printable;
import dev.ecslab.report.Results.LogLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ecslab logs: the service's container logs, as `aws logs tail` and `copilot svc logs` show them. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        // the first element is the summary `ecslab --help` lists: one whole sentence
        description = {"Shows the lab's container logs (nginx's access log, from CloudWatch Logs).",
                "One line per log line, with its time and the first characters of its task's id."},
        footerHeading = "%nExamples:%n", footer = {"  ecslab logs --lab demo", "  ecslab logs --lab demo --follow",
                "  ecslab logs --lab demo --since 2h --task 1a2b3c4d",
                "  ecslab logs --lab demo --grep ' 404 ' --health-checks",
                "  ecslab logs --lab demo -o json | jq .message"})
final class LogsCommand implements Callable<Integer> {
    /** A task's id (32 hex digits, or a UUID for old ones) or its first characters; or its ARN. */
    private static final Pattern TASK = Pattern.compile("(arn:[^ ]+/)?([0-9a-f][0-9a-f-]{0,35})");
    /** The part of a task's id a text line shows: enough to tell a lab's tasks apart, and to pass to --task. */
    static final int SHORT_ID = 8;
    /** CloudWatch Logs keeps nothing longer than 10 years (its longest retention). */
    private static final Duration MAX_SINCE = Duration.ofDays(3650);

    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    private Duration since = Duration.ofMinutes(10);
    private String task;
    private String grep;

    @Option(names = {"-f", "--follow"}, description = "Keep reading new lines until Ctrl-C.")
    boolean follow;

    @Option(names = "--since", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Lines written in the last DURATION, e.g. 30s, 10m, 2h, 1d (default: 10m).")
    void setSince(Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--since must be longer than zero (got " + value + ")");
        }
        if (value.compareTo(MAX_SINCE) > 0) { // and so a start time that exists
            throw new ParameterException(spec.commandLine(), "--since must be at most 3650d (got " + value + ")");
        }
        since = value;
    }

    @Option(names = "--task", paramLabel = "ID", description = "Only this task's lines: its id, the first "
            + "characters of it (as the lines show them), or its ARN.")
    void setTask(String value) {
        Matcher m = TASK.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--task '" + value + "' is not a task id: give the id "
                    + "from a line of `ecslab logs` (e.g. --task 1a2b3c4d) or a task ARN");
        }
        task = m.group(2);
    }

    @Option(names = "--health-checks", description = "Show the load balancer's health checks too (nginx lines of "
            + "user agent ELB-HealthChecker/2.0, most of the log): hidden by default, and counted.")
    boolean healthChecks;

    @Option(names = "--grep", paramLabel = "TEXT", description = "Only lines containing TEXT (as it is, case "
            + "included; not a CloudWatch filter pattern), e.g. --grep ' 404 '.")
    void setGrep(String value) {
        if (value.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--grep needs some text (e.g. --grep ' 404 ')");
        }
        grep = value;
    }

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        PrintWriter out = spec.commandLine().getOut();
        Consumer<LogLine> print = root.json() ? line -> out.println(Json.write(json(line)))
                : line -> out.println(line.at() + " " + shortId(line.task()) + " " + Printable.line(line.message()));
        try {
            LogTail.Query query = new LogTail.Query(since, task, follow, healthChecks, grep);
            root.app().logs(lab, root.reporter(spec, lab), query, line -> {
                print.accept(line);
                out.flush(); // following, each line shows when it is read
            });
        } finally {
            root.endProgress();
        }
        return 0;
    }

    private static Map<String, Object> json(LogLine line) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", line.at().toString());
        m.put("task", line.task());
        m.put("message", line.message());
        return m;
    }

    private static String shortId(String task) {
        return task.length() > SHORT_ID ? task.substring(0, SHORT_ID) : task;
    }
}
