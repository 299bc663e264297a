package dev.ecslab.e2e;

import dev.ecslab.state.LabLock;
import dev.ecslab.state.LabScope;
import dev.ecslab.state.StateFile;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `next:` lines can be pasted as they are: they repeat --lab, --region, --endpoint-url and --count as given. The
 * environment here has no AWS_ENDPOINT_URL or AWS_REGION, so a hint that dropped them would not reach the emulator.
 */
class HintsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void each_next_line_runs_as_pasted() {
        Cli cli = home.cli().env("AWS_ENDPOINT_URL", null).env("AWS_REGION", null);
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
        home.scenario().assertOneCompleteLab("hints", 2);

        // The failure hints too: a step run before the one it needs names the command that fixes it.
        CliResult early = cli.run(("service --lab early" + reach).split(" ")).exitedWith(3);
        assertTrue(early.stderr().contains("`ecslab cluster --lab early" + reach + "`"), early::toString);

        paste(cli, "ecslab cleanup --lab hints" + reach + " --yes").ok();
        home.scenario().assertNothingLeft("hints");
    }

    /**
     * A dry-run's next line is the run its plan showed (issue 31, item 4): it repeats every option that shaped the
     * plan, so pasted it builds that lab — checked with the emulator's own clients.
     */
    @Test
    void a_dry_runs_next_line_carries_every_option_that_shaped_the_plan() {
        Cli cli = home.cli().env("AWS_ENDPOINT_URL", null).env("AWS_REGION", null);
        String reach = " --region us-east-1 --endpoint-url " + EMULATOR.endpoint();
        String file = home.taskDefinition("public.ecr.aws/nginx/nginx:alpine").toString();

        assertEquals("ecslab cluster --lab shaped" + reach + " --instance-type t3.small", nextOf(cli.run((
                "cluster --lab shaped --instance-type t3.small --dry-run" + reach).split(" ")).ok()));
        assertEquals("ecslab taskdef --lab shaped" + reach + " --file " + file, nextOf(cli.run((
                "taskdef --lab shaped --dry-run --file " + file + reach).split(" ")).ok()));
        String next = nextOf(cli.run(("up --lab shaped --dry-run --file " + file + " --instance-type t3.small"
                + " --count 2" + reach).split(" ")).ok());
        assertEquals("ecslab up --lab shaped" + reach + " --instance-type t3.small --file " + file + " --count 2",
                next);

        paste(cli, next).ok();
        home.scenario().assertOneCompleteLab("shaped", 2);
        assertEquals(List.of("t3.small"), EMULATOR.clients().ec2().describeInstances(r -> r.filters(Filter
                .builder().name("tag:ecslab:lab").values("shaped").build())).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(i -> i.instanceTypeAsString()).toList());
        String running = EMULATOR.clients().ecs().describeServices(r -> r.cluster("ecslab-shaped")
                .services("ecslab-shaped-web")).services().get(0).taskDefinition();
        assertEquals("public.ecr.aws/nginx/nginx:alpine", EMULATOR.clients().ecs().describeTaskDefinition(r -> r
                .taskDefinition(running)).taskDefinition().containerDefinitions().get(0).image());
    }

    /**
     * Every value in a line to paste is one shell word (issue 28, item 9): pasted into sh, a hint with a hostile
     * --endpoint-url or --profile passes them on as given and runs nothing else. The endpoint's path keeps AWS
     * reachable for the preflight (STS ignores it), and the lab's lock, held here, stops the run at a hint that
     * names a command with it.
     */
    @Test
    @SuppressWarnings("try") // the lock is held for its block and needs nothing else
    void a_pasted_line_runs_nothing_it_was_given() throws Exception {
        Path marker = home.resolve("pwned");
        String endpoint = EMULATOR.endpoint() + "/;touch$IFS" + marker + ";";
        Cli cli = home.cli().env("AWS_ENDPOINT_URL", null);
        StateFile state = StateFile.open(home.resolve(".ecslab/labs"), LabScope.of("123456789012", "us-east-1",
                EMULATOR.endpoint()), "quoted");
        try (LabLock held = LabLock.tryAcquire(state, "ecslab up --lab quoted").orElseThrow()) {
            CliResult refused = cli.run("up", "--lab", "quoted", "--endpoint-url", endpoint).exitedWith(3)
                    .stderrContains("another run is working on this lab");
            assertEquals(List.of("ecslab", "status", "--lab", "quoted", "--endpoint-url", endpoint),
                    wordsOf(quoted(refused, "ecslab status")));
        }

        String profile = "a;touch${IFS}" + marker + ";#";
        CliResult refused = cli.run("status", "--lab", "quoted", "--profile", profile).exitedWith(3);
        List<String> words = wordsOf(quoted(refused, "aws sso login"));
        assertEquals(List.of("--profile", profile), words.subList(words.size() - 2, words.size()), refused::toString);
        assertFalse(Files.exists(marker), "a pasted line ran what it was given");
    }

    /** The first command in backquotes on stderr that starts with {@code command}. */
    private static String quoted(CliResult r, String command) {
        Matcher m = Pattern.compile("`(" + command + " [^`]*)`").matcher(r.stderr());
        assertTrue(m.find(), () -> "no `" + command + " …` on stderr\n" + r);
        return m.group(1);
    }

    /** The words sh reads in a pasted line, its command (ecslab, aws) a function that prints them, one a line. */
    private static List<String> wordsOf(String line) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "ecslab() { printf '%s\\n' ecslab \"$@\"; }; "
                + "aws() { printf '%s\\n' aws \"$@\"; }; " + line).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(10, TimeUnit.SECONDS), "sh did not end");
        return out.lines().toList();
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
