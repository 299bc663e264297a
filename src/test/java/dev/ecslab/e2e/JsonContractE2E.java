package dev.ecslab.e2e;

import dev.ecslab.json.Json;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.DocExamples;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.JsonContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command, succeeding and failing, through the packaged CLI with -o json and --progress json: its stdout is
 * one document valid against docs/json/result.schema.json, and every stderr line an event valid against
 * docs/json/progress.schema.json — errors included.
 */
class JsonContractE2E {
    @RegisterExtension
    static final Emulator EMULATOR = Emulator.fast();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    private CliResult json(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("-o", "json", "--progress", "json"));
        return JsonContract.assertValid(cli.run(all.toArray(String[]::new)));
    }

    @Test
    void every_command_succeeding_and_failing_keeps_the_contract() {
        Map<?, ?> status = json("status", "--lab", "js").ok().stdoutJson();
        assertEquals("123456789012", status.get("account"));
        assertTrue(status.containsKey("cost") && status.get("cost") == null, () -> "no lab, no cost: " + status);
        assertEquals("us-east-1", status.get("region"));

        Map<?, ?> plan = json("up", "--lab", "js", "--count", "2", "--dry-run").ok().stdoutJson();
        assertEquals(true, plan.get("dryRun"));
        assertEquals(List.of(), plan.get("resources"));
        assertTrue(actions(plan).contains("create alb-security-group ecslab-js-alb-sg"), () -> "plan: " + plan);
        assertTrue(actions(plan).contains("create service ecslab-js-web"), () -> "plan: " + plan);

        for (String verb : List.of("scale", "verify")) { // a lab that does not exist is said so
            Map<?, ?> error = (Map<?, ?>) failed(json(verb, "--lab", "js"), 3).get("error");
            assertTrue(String.valueOf(error.get("message")).contains("lab js does not exist"), () -> "" + error);
        }
        json("taskdef", "--lab", "js").ok(); // a lab in part: verify reports what is missing
        Map<?, ?> notThere = failed(json("verify", "--lab", "js"), 5);
        // The checks are where a successful verify has them, not inside the error.
        assertEquals(false, ((Map<?, ?>) notThere.get("verify")).get("ok"));

        Map<?, ?> up = json("up", "--lab", "js", "--count", "2").ok().stdoutJson();
        assertEquals(List.of("network", "cluster", "taskdef", "elb", "service", "scale", "verify"),
                ((List<?>) up.get("steps")).stream().map(s -> ((Map<?, ?>) s).get("name")).distinct()
                        .sorted((a, b) -> order(a) - order(b)).toList());
        assertTrue(((Map<?, ?>) up.get("verify")).get("ok").equals(true));
        assertTrue(((Number) ((Map<?, ?>) up.get("cost")).get("perHourUsd")).doubleValue() > 0);
        assertTrue(kinds(up).containsAll(List.of("alb-security-group", "instance-security-group", "load-balancer",
                "target-group", "task-definition", "service", "cluster", "instance")), () -> "kinds: " + kinds(up));
        assertEquals(List.of("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/ecslab-js/services"
                + "?region=us-east-1"), consoleUrls(up, "resources", "cluster"), () -> "" + up);
        assertEquals(Collections.singletonList(null), consoleUrls(up, "resources", "instance-profile"));

        assertTrue(((List<?>) json("ls").ok().stdoutJson().get("labs")).stream()
                .anyMatch(l -> ((Map<?, ?>) l).get("name").equals("js")), "ls lists lab js");
        json("verify", "--lab", "js").ok();
        json("scale", "--lab", "js", "--count", "3").ok();
        for (String step : List.of("cluster", "taskdef", "elb", "service")) {
            json(step, "--lab", "js").ok();
        }
        Map<?, ?> keep = json("scale", "--lab", "js", "--count", "3", "--dry-run").ok().stdoutJson();
        assertTrue(actions(keep).contains("keep service ecslab-js-web"), () -> "plan: " + keep);

        failed(json("cleanup", "--lab", "js"), 2); // not confirmed: no TTY, no --yes
        Map<?, ?> wouldDelete = json("cleanup", "--lab", "js", "--dry-run").ok().stdoutJson();
        assertEquals(List.of(), wouldDelete.get("deleted"));
        assertTrue(actions(wouldDelete).contains("delete load-balancer ecslab-js-alb"), () -> "" + wouldDelete);
        Map<?, ?> cleaned = json("cleanup", "--lab", "js", "--yes").ok().stdoutJson();
        assertFalse(((List<?>) cleaned.get("deleted")).isEmpty());
        assertEquals(Collections.singletonList(null), consoleUrls(cleaned, "deleted", "cluster"), "gone: no page");
    }

    @Test
    void usage_errors_and_a_failed_step_keep_it_too() throws Exception {
        failed(json("up", "--lab", "Bad"), 2);
        failed(json("up", "--lab", "js2", "--count", "0"), 2);
        Map<?, ?> unknown = failed(json("up", "--lab", "js2", "--bogus"), 2);
        assertEquals("up", unknown.get("command"));
        assertEquals("logs", failed(json("logs", "--lab", "js2"), 3).get("command")); // no log group: no lab
        CliResult badProgress = cli.run("status", "--lab", "js2", "-o", "json", "--progress", "yaml").exitedWith(2)
                .stderrContains("--progress must be text or json");
        assertEquals(List.of(), JsonContract.errors(JsonContract.RESULT, badProgress.stdout()), badProgress::toString);

        Path bad = home.taskDefinition("invalid.example/nginx:none"); // the emulator cannot pull it
        Map<?, ?> failedUp = failed(json("up", "--lab", "js3", "--count", "1", "--file", bad.toString()), 1);
        assertTrue(((List<?>) failedUp.get("steps")).stream().anyMatch(s -> ((Map<?, ?>) s).get("name")
                .equals("service") && ((Map<?, ?>) s).get("result").equals("failed")), () -> "" + failedUp);
        assertEquals("us-east-1", failedUp.get("region"));
    }

    /**
     * docs/json.md has an example for every command `--help` lists that prints a document (not completion and script,
     * shell scripts, or help), and each example is what the command prints: valid against the schema, the same keys
     * and types as the real output of that run.
     */
    @Test
    void every_command_is_documented_and_its_examples_are_what_it_prints() {
        Map<String, String> examples = DocExamples.read(Emulator.projectDir().resolve("docs/json.md"));
        List<String> commands = cli.run("--help").ok().stdout().lines().dropWhile(l -> !l.equals("Commands:"))
                .skip(1).takeWhile(l -> !l.isBlank()).filter(l -> l.matches("  [a-z]+ .*"))
                .map(l -> l.trim().split(" ")[0]).filter(c -> !List.of("completion", "help", "script").contains(c))
                .toList();
        assertTrue(commands.containsAll(List.of("up", "status", "doctor")), () -> "commands: " + commands);
        assertEquals(Set.copyOf(commands), examples.keySet().stream().filter(n -> !n.equals("progress"))
                .map(n -> n.split("-")[0]).collect(Collectors.toSet()), "commands with an example in docs/json.md");

        Map<String, CliResult> printed = new LinkedHashMap<>();
        printed.put("status-missing", json("status", "--lab", "nosuch").ok());
        printed.put("doctor", json("doctor", "--lab", "demo").ok());
        printed.put("up-dry-run", json("up", "--lab", "demo", "--count", "2", "--dry-run").ok());
        printed.put("up", json("up", "--lab", "demo", "--count", "2").ok());
        for (String step : List.of("cluster", "taskdef", "elb", "service", "verify")) {
            printed.put(step, json(step, "--lab", "demo").ok());
        }
        json("taskdef", "--lab", "part").ok(); // a lab in part: verify's checks say what is missing
        printed.put("verify-failed", json("verify", "--lab", "part").exitedWith(5));
        json("cleanup", "--lab", "part", "--yes").ok();
        printed.put("scale", json("scale", "--lab", "demo", "--count", "3").ok());
        printed.put("status", json("status", "--lab", "demo").ok());
        printed.put("ls", json("ls").ok());
        CliResult logs = cli.run("logs", "--lab", "demo", "-o", "json").ok(); // a stream of lines, no document
        printed.put("logs-failed", json("logs", "--lab", "nosuch").exitedWith(3));
        printed.put("cleanup-dry-run", json("cleanup", "--lab", "demo", "--dry-run").ok());
        printed.put("cleanup", json("cleanup", "--lab", "demo", "--yes").ok());
        Path bad = home.taskDefinition("invalid.example/nginx:none"); // the emulator cannot pull it
        printed.put("up-failed", json("up", "--lab", "broken", "--count", "1", "--file", bad.toString(),
                "--keep-on-failure").exitedWith(1));
        json("cleanup", "--lab", "broken", "--yes").ok();

        Set<String> streams = Set.of("logs", "progress");
        assertEquals(examples.keySet().stream().filter(n -> !streams.contains(n)).collect(Collectors.toSet()),
                printed.keySet(), "each example of a document is run");
        printed.forEach((name, r) -> {
            String example = examples.get(name);
            assertEquals(List.of(), JsonContract.errors(JsonContract.RESULT, example), "example " + name);
            assertEquals(List.of(), DocExamples.differences(Json.parse(example), r.stdoutJson()),
                    () -> "example " + name + " is not what it prints\n" + r);
        });
        List<String> lines = logs.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), logs::toString);
        Object line = Json.parse(examples.get("logs"));
        lines.forEach(l -> assertEquals(List.of(), DocExamples.differences(line, Json.parse(l)), l));
        for (Object event : DocExamples.values(examples.get("progress"))) {
            assertEquals(List.of(), JsonContract.errors(JsonContract.PROGRESS, Json.write(event)), "" + event);
        }
    }

    @Test
    void the_schemas_name_every_kind_ecslab_has() throws Exception {
        List<String> ids = Stream.of(ResourceRef.Kind.values()).map(ResourceRef.Kind::id).toList();
        for (String schema : List.of("result.schema.json", "progress.schema.json")) {
            String text = Files.readString(JsonContract.schemaFile(schema));
            for (String id : ids) {
                assertTrue(text.contains("\"" + id + "\""), schema + " lacks kind " + id);
            }
        }
    }

    private static Map<?, ?> failed(CliResult r, int exitCode) {
        r.exitedWith(exitCode);
        Map<?, ?> doc = r.stdoutJson();
        assertEquals(false, doc.get("ok"));
        Map<?, ?> error = (Map<?, ?>) doc.get("error");
        assertNotNull(error, () -> "no error object\n" + r);
        assertEquals((long) exitCode, ((Number) error.get("exitCode")).longValue());
        String last = r.stderr().trim().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("\"type\":\"error\""), () -> "the error is the last stderr line\n" + r);
        return doc;
    }

    private static int order(Object step) {
        return List.of("network", "cluster", "taskdef", "elb", "service", "scale", "verify").indexOf(step);
    }

    private static List<String> actions(Map<?, ?> doc) {
        return ((List<?>) doc.get("plan")).stream().map(p -> (Map<?, ?>) p)
                .map(p -> p.get("action") + " " + p.get("kind") + " " + p.get("name")).toList();
    }

    /** The consoleUrl of each item of {@code list} ("resources", "deleted") of this kind. */
    private static List<Object> consoleUrls(Map<?, ?> doc, String list, String kind) {
        return ((List<?>) doc.get(list)).stream().map(r -> (Map<?, ?>) r).filter(r -> kind.equals(r.get("kind")))
                .<Object>map(r -> r.get("consoleUrl")).toList();
    }

    private static List<String> kinds(Map<?, ?> doc) {
        return ((List<?>) doc.get("resources")).stream().map(r -> (String) ((Map<?, ?>) r).get("kind")).toList();
    }
}
