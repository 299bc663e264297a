package dev.ecslab.e2e;

import dev.ecslab.json.Json;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.JsonContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --explain (issue 33, item 1): up and cleanup read as a walk through the lab's steps — each step's explanation
 * before its work, its changes as AWS CLI commands after it, then the console pages of what it built — and those
 * commands are exactly the changes the call log (ECSLAB_CALL_LOG, written by another interceptor) saw made: none
 * missing, none that was not made.
 */
class ExplainE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    /** The CLI's service names of the SDK's, as `aws help` lists them. */
    private static final Map<String, String> CLI_SERVICES = Map.of("Ecs", "ecs", "Ec2", "ec2",
            "ElasticLoadBalancingV2", "elbv2", "Iam", "iam", "CloudWatchLogs", "logs", "Ssm", "ssm");
    /** A line of the call log: time, service, operation, HTTP status. */
    private static final Pattern LOGGED = Pattern.compile("^\\S+ (\\S+) (\\S+) (\\S+)$");
    /** A printed AWS CLI command (indented under its step), not a wait. */
    private static final Pattern PRINTED = Pattern.compile("(?m)^ {2}aws (\\S+) (?!wait )(\\S+)");

    @Test
    void up_and_cleanup_explain_each_step_and_print_the_calls_they_made() throws IOException {
        Path upCalls = home.resolve("up.log");
        cli.env("ECSLAB_CALL_LOG", upCalls.toString());
        CliResult up = cli.run("up", "--lab", "learn", "--count", "2", "--explain", "-o", "json").ok();
        assertEquals("learn", up.stdoutJson().get("lab"), "stdout is still the one JSON document");
        String err = up.stderr();
        List<String> started = matches(Pattern.compile("(?m)^\\[(\\w+)\\] started:"), err);
        assertTrue(started.containsAll(List.of("network", "cluster", "taskdef", "elb", "service", "verify")),
                started::toString);
        for (String step : started) {
            int about = err.indexOf("[" + step + "] " + firstWords(step));
            int start = err.indexOf("[" + step + "] started:");
            int done = err.indexOf("[" + step + "] done in");
            int commands = Math.max(err.indexOf("[" + step + "] as the AWS CLI"),
                    err.indexOf("[" + step + "] it changed nothing"));
            assertTrue(about >= 0 && about < start && start < done && done < commands,
                    () -> step + ": explanation, start, end, commands out of order\n" + err);
        }
        assertTrue(err.indexOf("[up] " + firstWords("up")) < err.indexOf("] started:"), err);
        assertEquals(changesIn(upCalls), printedIn(err), "the printed commands are the changes the log saw");
        String joined = err.replaceAll(" \\\\\n +", " "); // each command on one line
        assertTrue(joined.contains("  aws ecs create-cluster --cluster-name ecslab-learn --tags "
                + "key=ecslab:lab,value=learn "), joined);
        for (String wait : List.of("--container-definitions file://container-definitions.json",
                "  aws ecs update-service --cluster ecslab-learn --service ecslab-learn-web --desired-count 2",
                "  aws ec2 wait instance-running --instance-ids i-",
                "  aws elbv2 wait load-balancer-available --load-balancer-arns arn:",
                "  aws ecs wait services-stable --cluster ecslab-learn --services ecslab-learn-web",
                "#   ECS_CLUSTER=ecslab-learn")) {
            assertTrue(joined.contains(wait), () -> wait + "\n" + joined);
        }
        assertFalse(err.lines().anyMatch(l -> l.startsWith("  aws ") && l.length() > 120
                && !l.contains("file://")), err);
        // then the console page of each resource the step made, in the lab's region
        int pages = err.indexOf("[cluster] its pages in the AWS console:");
        assertTrue(pages > err.indexOf("[cluster] as the AWS CLI"), err);
        assertTrue(err.indexOf("\n  cluster ecslab-learn: https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/"
                + "ecslab-learn/services?region=us-east-1\n", pages) > pages, err);
        assertTrue(err.contains("\n  load balancer ecslab-learn-alb: https://us-east-1.console.aws.amazon.com/ec2/home?"
                + "region=us-east-1#LoadBalancer:loadBalancerArn=arn:aws:elasticloadbalancing:"), err);

        Path cleanupCalls = home.resolve("cleanup.log");
        cli.env("ECSLAB_CALL_LOG", cleanupCalls.toString());
        String gone = cli.run("cleanup", "--lab", "learn", "--yes", "--explain").ok().stderr();
        int about = gone.indexOf("[cleanup] " + firstWords("cleanup"));
        assertTrue(about >= 0 && about < gone.indexOf("[cleanup] deleted")
                && gone.indexOf("[cleanup] deleted") < gone.indexOf("[cleanup] as the AWS CLI"), gone);
        assertEquals(changesIn(cleanupCalls), printedIn(gone), "cleanup's commands are its changes");
        assertTrue(gone.contains("  aws ecs wait services-inactive --cluster ecslab-learn"), gone);
    }

    @Test
    void with_json_progress_each_step_has_its_explain_events() {
        // -o json too: stdout the one result document, every stderr line a valid progress event, explain's too
        CliResult run = JsonContract.assertValid(cli.run("taskdef", "--lab", "json", "--explain", "--progress",
                "json", "-o", "json").ok());
        List<Map<?, ?>> events = run.stderr().lines().<Map<?, ?>>map(l -> (Map<?, ?>) Json.parse(l)).toList();
        List<Map<?, ?>> explained = events.stream().filter(e -> "explain".equals(e.get("type"))).toList();
        assertEquals(List.of("about", "commands", "console"), explained.stream().map(e -> e.get("part")).toList(),
                run::toString);
        assertEquals(List.of("log-group", "task-definition"), ((List<?>) explained.get(2).get("pages")).stream()
                .map(p -> ((Map<?, ?>) p).get("kind")).toList(), run::toString);
        assertEquals("taskdef", explained.get(0).get("step"));
        List<?> commands = (List<?>) explained.get(1).get("commands");
        assertTrue(commands.stream().anyMatch(c -> c.toString().startsWith("aws ecs register-task-definition")),
                run::toString);
        assertTrue(commands.stream().anyMatch(c -> c.toString().startsWith("aws logs create-log-group")),
                run::toString);
        cli.run("cleanup", "--lab", "json", "--yes").ok();
    }

    /** The successful changing calls of a call log, as "service operation" of the CLI, sorted. */
    private static List<String> changesIn(Path log) throws IOException {
        List<String> changes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOGGED.matcher(line);
            assertTrue(m.matches(), line);
            if (m.group(3).startsWith("2") && !m.group(2).matches("(Describe|List|Get|Simulate)[A-Z].*")) {
                changes.add(CLI_SERVICES.get(m.group(1)) + " " + kebab(m.group(2)));
            }
        }
        assertFalse(changes.isEmpty(), "the log saw changes");
        return changes.stream().sorted().collect(Collectors.toList());
    }

    private static List<String> printedIn(String stderr) {
        List<String> printed = new ArrayList<>();
        Matcher m = PRINTED.matcher(stderr);
        while (m.find()) {
            printed.add(m.group(1) + " " + m.group(2));
        }
        return printed.stream().sorted().collect(Collectors.toList());
    }

    private static String kebab(String operation) {
        return operation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The first words of a step's explanation, as its first line shows them. */
    private static String firstWords(String step) throws IOException {
        try (InputStream in = ExplainE2E.class.getResourceAsStream("/dev/ecslab/explain/" + step + ".txt")) {
            assertTrue(in != null, step);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return String.join(" ", List.of(text.strip().split("\\s+")).subList(0, 5));
        }
    }
}
