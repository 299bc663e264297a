package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy path: a changed task definition rolls the service to it (old revision retired only once the new one is
 * COMPLETED); one whose image cannot be pulled is rolled back by the circuit breaker, the run fails and the service
 * never stops serving. Checked with the emulator's own clients, not ecslab's word.
 */
class DeployE2E {
    @RegisterExtension
    static final Emulator EMULATOR = Emulator.fast();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final LabScenario scenario = home.scenario();

    @Test
    void a_new_task_definition_is_deployed_and_the_old_revisions_retired_only_afterwards() {
        cli.run("up", "--lab", "dep", "--count", "2").ok();
        String first = service("dep").taskDefinition();

        // Too big to start beside the 2 running tasks (t3.micro: 998 MiB; 2 × 64 + 900 > 998): refused before any
        // change, dry-run alike, instead of a deployment that would never start.
        Path big = home.taskDefinition("public.ecr.aws/nginx/nginx:stable", 1024, 900);
        cli.run("taskdef", "--lab", "dep", "--file", big.toString())
                .ok();
        for (CliResult refused : List.of(cli.run("service", "--lab", "dep", "--dry-run"),
                cli.run("service", "--lab", "dep"))) {
            refused.exitedWith(2).stderrContains("cannot start one new task beside the 2 running ones",
                    "scale to 1 first (`ecslab scale --lab dep --count 1`)");
        }
        assertEquals(first, service("dep").taskDefinition());

        Path alpine = home.taskDefinition("public.ecr.aws/nginx/nginx:alpine", 1024, 64);
        cli.run("taskdef", "--lab", "dep", "--file", alpine.toString())
                .ok().stdoutContains("next: ecslab service --lab dep");
        assertEquals(first, service("dep").taskDefinition(), "registering a revision deploys nothing by itself");
        cli.run("verify", "--lab", "dep").exitedWith(5) // the checks are printed once, NG ones too: on stdout
                .stdoutContains("[NG] ", "not on the lab's latest task definition ecslab-dep-web:3");
        cli.run("service", "--lab", "dep", "--dry-run").ok()
                .stdoutContains("would deploy service ecslab-dep-web", "replacing ecslab-dep-web:1");

        CliResult deployed = cli.run("service", "--lab", "dep", "--verbose").ok(); // ECS's routine events too
        Service s = service("dep");
        assertTrue(s.taskDefinition().endsWith("/ecslab-dep-web:3"), s.taskDefinition());
        assertEquals(List.of("PRIMARY COMPLETED " + s.taskDefinition()), s.deployments().stream()
                .map(d -> d.status() + " " + d.rolloutStateAsString() + " " + d.taskDefinition()).toList());
        assertEquals(List.of(s.taskDefinition()), runningTaskDefinitions("dep"));
        assertEquals("INACTIVE", EMULATOR.clients().ecs().describeTaskDefinition(r -> r.taskDefinition(first))
                .taskDefinition().statusAsString());
        String log = deployed.stderr();
        int steady = log.indexOf("has reached a steady state");
        int retired = log.indexOf("deregistered task definition ecslab-dep-web:1: replaced by ecslab-dep-web:3");
        assertTrue(steady >= 0 && retired > steady, "retired only after the rollout completed\n" + deployed);
        deployed.stderrContains("deregistered task definition ecslab-dep-web:2: replaced by ecslab-dep-web:3");
        scenario.assertOneCompleteLab("dep", 2);
        cli.run("verify", "--lab", "dep").ok();
    }

    @Test
    void a_revision_whose_image_cannot_be_pulled_is_rolled_back_and_the_service_keeps_serving() {
        cli.run("up", "--lab", "rb", "--count", "1").ok();
        String good = service("rb").taskDefinition();
        List<String> serving = runningTasks("rb");

        String bad = home.taskDefinition("invalid.example/nginx:none", 1024, 64).toString();
        cli.run("up", "--lab", "rb", "--count", "1", "--file", bad, "--dry-run").ok().stdoutContains(
                "would register task definition ecslab-rb-web", "would deploy service ecslab-rb-web: a new revision",
                "would keep service ecslab-rb-web");
        CliResult r = cli.run("up", "--lab", "rb", "--count", "1", "--file", bad).exitedWith(1);
        r.stderrContains("deploy ecslab-rb-web:2 to service ecslab-rb-web: rolled back to revision 1",
                "circuit breaker", "CannotPullContainerError");

        assertEquals(good, service("rb").taskDefinition());
        assertEquals(serving, runningTasks("rb"), "the task that served before never stopped");
        // The run's rollback deregistered the revision it registered; the one the service runs stays.
        assertEquals("ACTIVE", EMULATOR.clients().ecs().describeTaskDefinition(t -> t.taskDefinition(good))
                .taskDefinition().statusAsString());
        scenario.assertOneCompleteLab("rb", 1);
        cli.run("verify", "--lab", "rb").ok();
    }

    @Test
    void a_file_changing_only_a_task_level_field_registers_and_deploys_a_new_revision() throws IOException {
        cli.run("up", "--lab", "tl", "--count", "1").ok();
        String first = service("tl").taskDefinition();
        cli.run("up", "--lab", "tl", "--count", "1").ok().stderrContains("found existing task definition");
        assertEquals(List.of(first), activeRevisions("tl"), "the default lab run twice registers nothing");

        // The built-in definition, as a file, with only the task-level memory added: a change of the register
        // input that leaves every container as it was.
        Path file = home.resolve("task-memory.json");
        Files.writeString(file, """
                {"memory": "512", "containerDefinitions": [{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable",
                   "cpu": 128, "memory": 128, "memoryReservation": 64,
                   "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]}
                """);
        cli.run("up", "--lab", "tl", "--count", "1", "--file", file.toString(), "--dry-run").ok()
                .stdoutContains("would register task definition ecslab-tl-web", "(changed: memory)");
        cli.run("up", "--lab", "tl", "--count", "1", "--file", file.toString()).ok();

        Service s = service("tl");
        assertTrue(s.taskDefinition().endsWith("/ecslab-tl-web:2"), s.taskDefinition());
        assertEquals("512", EMULATOR.clients().ecs().describeTaskDefinition(r -> r.taskDefinition(s.taskDefinition()))
                .taskDefinition().memory());
        assertEquals(List.of(s.taskDefinition()), runningTaskDefinitions("tl"));
        assertEquals(List.of(s.taskDefinition()), activeRevisions("tl"), "revision 1 retired once 2 is deployed");

        cli.run("up", "--lab", "tl", "--count", "1", "--file", file.toString()).ok()
                .stderrContains("found existing task definition");
        assertEquals(List.of(s.taskDefinition()), activeRevisions("tl"), "the same file again registers nothing");
        scenario.assertOneCompleteLab("tl", 1);
    }

    /**
     * Nothing changes that was not asked (issue 31, item 4): a plain up keeps the revision a --file registered, plan
     * and run alike, and says so; only --builtin-task-definition (or another --file) goes back.
     */
    @Test
    void up_keeps_the_revision_a_file_registered_until_told_otherwise() {
        Path alpine = home.taskDefinition("public.ecr.aws/nginx/nginx:alpine", 1024, 64);
        cli.run("up", "--lab", "kp", "--builtin-task-definition", "--file", alpine.toString()).exitedWith(2)
                .stderrContains("--builtin-task-definition and --file");
        scenario.assertNothingLeft("kp");

        cli.run("up", "--lab", "kp", "--count", "1", "--file", alpine.toString()).ok();
        String custom = service("kp").taskDefinition();
        List<String> serving = runningTasks("kp");
        String kept = "keep task definition ecslab-kp-web:1: registered with --file " + alpine.getFileName();
        cli.run("up", "--lab", "kp", "--count", "1", "--dry-run").ok().stdoutContains("would " + kept,
                "would adopt service ecslab-kp-web: runs ecslab-kp-web:1");
        cli.run("up", "--lab", "kp", "--count", "1").ok().stderrContains("kept task definition ecslab-kp-web:1 "
                + "(registered with --file " + alpine.getFileName() + "; `up --file FILE` or "
                + "`up --builtin-task-definition` changes it)");
        assertEquals(custom, service("kp").taskDefinition());
        assertEquals(serving, runningTasks("kp"), "no task was restarted");
        assertEquals(List.of(custom), activeRevisions("kp"));

        cli.run("up", "--lab", "kp", "--count", "1", "--builtin-task-definition").ok();
        Service s = service("kp");
        assertTrue(s.taskDefinition().endsWith("/ecslab-kp-web:2"), s.taskDefinition());
        assertEquals("public.ecr.aws/nginx/nginx:stable", EMULATOR.clients().ecs().describeTaskDefinition(
                r -> r.taskDefinition(s.taskDefinition())).taskDefinition().containerDefinitions().get(0).image());
        assertEquals(List.of(s.taskDefinition()), activeRevisions("kp"), "revision 1 retired once 2 is deployed");
        cli.run("up", "--lab", "kp", "--count", "1").ok().stderrContains("found existing task definition");
        assertEquals(List.of(s.taskDefinition()), activeRevisions("kp"), "the built-in one stays without the flag");
        scenario.assertOneCompleteLab("kp", 1);
    }

    private List<String> activeRevisions(String lab) {
        return EMULATOR.clients().ecs().listTaskDefinitions(r -> r.familyPrefix("ecslab-" + lab + "-web")
                .status("ACTIVE")).taskDefinitionArns();
    }

    private Service service(String lab) {
        return EMULATOR.clients().ecs().describeServices(r -> r.cluster("ecslab-" + lab).services("ecslab-" + lab
                + "-web")).services().get(0);
    }

    private List<String> runningTasks(String lab) {
        return EMULATOR.clients().ecs().listTasks(r -> r.cluster("ecslab-" + lab).serviceName("ecslab-" + lab + "-web")
                .desiredStatus(DesiredStatus.RUNNING)).taskArns().stream().sorted().toList();
    }

    private List<String> runningTaskDefinitions(String lab) {
        return EMULATOR.clients().ecs().describeTasks(r -> r.cluster("ecslab-" + lab).tasks(runningTasks(lab)))
                .tasks().stream().map(t -> t.taskDefinitionArn()).distinct().toList();
    }
}
