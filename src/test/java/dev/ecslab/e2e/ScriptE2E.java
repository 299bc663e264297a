package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.LabShape;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `ecslab script` (issue 33, item 2): the script it prints, run by bash with the pinned AWS CLI (scripts/aws-cli) and
 * nothing of ecslab, as an IAM user holding only the example policy (examples/ecslab-iam-policy.json, the boundary
 * made by an administrator), builds a complete lab — four healthy targets and nginx's page through the listener,
 * checked with the test's own clients — that is the lab `up` builds: ecslab's dry run would adopt every resource and
 * keep the task definition as registered, and every resource has the settings and tags of one `up` made (LabShape).
 * Its cleanup part leaves nothing.
 */
@Order(4) // among the longer ones: started early (junit-platform.properties)
class ScriptE2E {
    @RegisterExtension
    static final Emulator EMULATOR = Emulator.fast();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    @Test
    void the_printed_script_builds_the_lab_up_builds_with_the_aws_cli_and_cleans_it_up() throws Exception {
        String script = cli.run("script", "--lab", "byhand").ok().stdout();
        assertTrue(script.startsWith("#!/usr/bin/env bash\n"), script);
        Path file = home.resolve("ecslab-byhand.sh");
        Files.writeString(file, script);
        PolicyStatementsE2E.administratorMakesTheBoundary(EMULATOR);
        AccessKey user = PolicyStatementsE2E.userWith(EMULATOR, Files.readString(Emulator.projectDir()
                .resolve("examples/ecslab-iam-policy.json")));

        Run up = bash(file, "up", user);
        assertEquals(0, up.exit(), up.output());
        assertTrue(up.output().contains("answers with nginx's page"), up.output());
        home.scenario().assertOneCompleteLab("byhand", 4);
        String dns = EMULATOR.clients().elb().describeLoadBalancers(r -> r.names("ecslab-byhand-alb"))
                .loadBalancers().get(0).dnsName();
        String page = AgentlessScenario.get(EMULATOR.endpoint(), dns);
        assertTrue(page.startsWith("HTTP/1.1 200") && page.contains("Welcome to nginx!"), page);

        // What ecslab makes of it: the very lab up builds, so nothing to create, register or change.
        List<?> plan = (List<?>) cli.run("up", "--lab", "byhand", "--dry-run", "-o", "json").ok().stdoutJson()
                .get("plan");
        assertEquals(13, plan.size(), plan::toString);
        for (Object action : plan) {
            assertTrue(List.of("adopt", "keep").contains(((Map<?, ?>) action).get("action")), plan::toString);
        }
        cli.run("verify", "--lab", "byhand").ok();
        // And each resource is made as up makes it: every setting and tag alike, but for names, ids and the run.
        cli.run("up", "--lab", "byecslab").ok();
        LabShape shape = new LabShape(EMULATOR.clients());
        assertEquals(shape.of("byecslab"), shape.of("byhand"));
        cli.run("cleanup", "--lab", "byecslab", "--yes").ok();

        Run cleanup = bash(file, "cleanup", user);
        assertEquals(0, cleanup.exit(), cleanup.output());
        assertEquals(List.of(), new LabInventory(EMULATOR.clients()).leftovers("byhand"));
    }

    @Test
    void the_script_says_what_each_step_builds_and_has_no_unfilled_part() {
        String script = cli.run("script", "--lab", "read", "--count", "2", "--instance-type", "t3.small").ok()
                .stdout();
        for (String expected : List.of("# Step 1: the network, and the cluster with one EC2 container instance",
                "# Step 7: clean up", "# A task definition is the blueprint of a task",
                "--instance-type t3.small", "--desired-count 2", "ECS_CLUSTER=ecslab-read",
                "\"awslogs-group\" : \"/ecs/ecslab-read\"", "aws ecs wait services-stable --cluster ecslab-read")) {
            assertTrue(script.contains(expected), () -> expected + "\n" + script);
        }
        assertTrue(!script.contains("{{"), script);
        cli.run("script", "--lab", "read", "-o", "json").exitedWith(2).stdoutContains("-o json does not apply");
    }

    private record Run(int exit, String output) { }

    /** bash FILE PART, as a user runs it: the AWS CLI on the PATH, pointed at the emulator by AWS_ENDPOINT_URL. */
    private Run bash(Path file, String part, AccessKey key) throws IOException, InterruptedException {
        Path awsCli = Path.of(new String(new ProcessBuilder(Emulator.projectDir().resolve("scripts/aws-cli")
                .toString(), "install").redirectError(ProcessBuilder.Redirect.INHERIT).start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8).trim());
        Path output = home.resolve(part + ".out");
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString(), part).directory(home.path().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", awsCli + ":" + env.get("PATH"));
        env.put("AWS_ENDPOINT_URL", EMULATOR.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        env.remove("AWS_PROFILE");
        env.put("POLL", "0.2"); // the emulator's clock runs at a fiftieth of AWS's
        Process process = pb.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bash " + file + " " + part + " did not end in 8 minutes:\n"
                    + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
