package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.aws.LogsGateway.LogGroupInfo;
import dev.ecslab.aws.Tags;
import dev.ecslab.error.UsageException;
import dev.ecslab.report.Event;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The taskdef step against fakes: a revision is adopted only when ECS describes exactly what ecslab would register
 * (ECS's own defaults aside), and any other difference in the register input registers a new one.
 */
class TaskDefinitionStepTest {
    private static final String LATEST = "arn:aws:ecs:us-east-1:123456789012:task-definition/ecslab-x-web:1";
    private static final String NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/ecslab-x-web:2";

    @TempDir
    Path dir;

    /** What the latest revision says, as DescribeTaskDefinition would of one registered from {@code spec}. */
    private static TaskDefinitionInfo described(TaskDefinitionSpec spec, String arn, int revision) {
        return new TaskDefinitionInfo(arn, spec.family(), revision, "ACTIVE", spec.networkMode(),
                spec.requiresCompatibilities(), spec.taskCpu(), spec.taskMemory(), spec.executionRoleArn(),
                spec.taskRoleArn(), spec.containers());
    }

    /**
     * A lab whose latest revision is {@code latest}; a register is answered as ECS would (revision 2) and
     * recorded in {@code registered}.
     */
    private UnitLab lab(UnaryOperator<TaskDefinitionInfo> latest, AtomicReference<TaskDefinitionSpec> registered) {
        UnitLab lab = new UnitLab(dir);
        Map<String, String> ours = Tags.of("x", "earlier-run", "ecslab-x-web");
        lab.aws.on("logs.findLogGroup", args -> Optional.of(new LogGroupInfo((String) args[0], "arn:log-group", 1,
                        0L, Tags.of("x", "earlier-run", (String) args[0]))))
                .on("ecs.findLatestTaskDefinition", args -> Optional.of(latest.apply(null)))
                .on("ecs.tagsOf", args -> ours)
                .on("ecs.registerTaskDefinition", args -> {
                    registered.set((TaskDefinitionSpec) args[0]);
                    return described(registered.get(), NEW, 2);
                })
                .on("ecs.listTaskDefinitionArns", args -> List.of(LATEST, NEW))
                .on("ecs.describeTaskDefinition", args -> Optional.of(latest.apply(null)));
        return lab;
    }

    /** The default lab's spec, as a run builds it. */
    private TaskDefinitionSpec defaultSpec() {
        return Surroundings.of(new UnitLab(dir).context()).taskDefinitionSpec();
    }

    @Test
    void the_default_lab_run_twice_adopts_the_revision_its_first_run_registered() {
        AtomicReference<TaskDefinitionSpec> registered = new AtomicReference<>();
        TaskDefinitionSpec spec = defaultSpec();
        UnitLab lab = lab(x -> described(spec, LATEST, 1), registered);

        new TaskDefinitionStep().apply(lab.context());

        assertEquals(null, registered.get(), "nothing registered: " + lab.aws.calls());
        assertTrue(lab.events.stream().anyMatch(e -> e.type() == Event.Type.ADOPTED
                && LATEST.equals(e.fields().get("id"))), lab.events.toString());
    }

    @Test
    void what_ecs_fills_in_on_its_own_is_no_change() throws IOException {
        // No container cpu, hostPort, protocol, networkMode or requiresCompatibilities; sizes in units ECS converts.
        Path file = dir.resolve("td.json");
        Files.writeString(file, """
                {"cpu": "0.5 vCPU", "memory": "1 GB", "taskRoleArn": "lab-task-role",
                 "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128,
                   "portMappings": [{"containerPort": 80}]}]}
                """);
        TaskDefinitionSpec spec = Surroundings.of(new UnitLab(dir).withFile(file).context()).taskDefinitionSpec();
        ContainerSpec asked = spec.containers().get(0);
        ContainerSpec filled = new ContainerSpec(asked.name(), asked.image(), 0, asked.memory(), null, true,
                List.of(new PortMapping(80, 0, "tcp")), Map.of(), List.of(), List.of(), asked.logConfiguration());
        TaskDefinitionInfo ecsSays = new TaskDefinitionInfo(LATEST, spec.family(), 1, "ACTIVE", "bridge",
                List.of("EC2"), "512", "1024", null, "arn:aws:iam::123456789012:role/lab-task-role", List.of(filled));

        assertEquals(List.of(), TaskDefinitionDiff.changes(spec, ecsSays));
    }

    /** Each task-level field of the register input, changed alone, registers a new revision. */
    @ParameterizedTest
    @ValueSource(strings = {"networkMode", "requiresCompatibilities", "cpu", "memory", "executionRoleArn",
            "taskRoleArn"})
    void a_change_in_any_task_level_field_registers_a_new_revision(String field) {
        TaskDefinitionSpec spec = defaultSpec();
        TaskDefinitionInfo same = described(spec, LATEST, 1);
        TaskDefinitionInfo before = switch (field) {
            case "networkMode" -> withTask(same, "awsvpc", same.requiresCompatibilities(), null, null, null, null);
            case "requiresCompatibilities" -> withTask(same, "bridge", List.of("EC2", "FARGATE"), null, null, null,
                    null);
            case "cpu" -> withTask(same, "bridge", List.of("EC2"), "256", null, null, null);
            case "memory" -> withTask(same, "bridge", List.of("EC2"), null, "512", null, null);
            case "executionRoleArn" -> withTask(same, "bridge", List.of("EC2"), null, null,
                    "arn:aws:iam::123456789012:role/exec", null);
            default -> withTask(same, "bridge", List.of("EC2"), null, null, null,
                    "arn:aws:iam::123456789012:role/task");
        };
        AtomicReference<TaskDefinitionSpec> registered = new AtomicReference<>();
        UnitLab lab = lab(x -> before, registered);

        new TaskDefinitionStep().apply(lab.context());

        assertEquals(spec.networkMode(), registered.get() == null ? null : registered.get().networkMode(),
                "registered: " + lab.aws.calls());
        assertEquals(List.of(field), TaskDefinitionDiff.changes(spec, before));
        assertTrue(lab.events.stream().anyMatch(e -> e.type() == Event.Type.CREATED
                && NEW.equals(e.fields().get("id"))), lab.events.toString());
    }

    @Test
    void a_file_that_changes_only_the_network_mode_registers_and_its_dry_run_says_what_changed() throws IOException {
        Path file = dir.resolve("td.json");
        Files.writeString(file, """
                {"networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "%s", "cpu": 128,
                   "memory": 128, "memoryReservation": 64, "portMappings": [{"containerPort": 80}]}]}
                """.formatted(LabDesign.IMAGE));
        TaskDefinitionInfo latest = described(defaultSpec(), LATEST, 1);
        AtomicReference<TaskDefinitionSpec> registered = new AtomicReference<>();
        UnitLab lab = lab(x -> latest, registered).withFile(file);

        new TaskDefinitionStep().plan(lab.context());
        assertTrue(lab.events.stream().anyMatch(e -> e.type() == Event.Type.PLANNED
                && "register".equals(e.fields().get("action"))
                && String.valueOf(e.message()).contains("(changed: networkMode)")), lab.events.toString());

        new TaskDefinitionStep().apply(lab.context());
        assertEquals("awsvpc", registered.get() == null ? null : registered.get().networkMode(),
                lab.aws.calls().toString());
    }

    @Test
    void the_warnings_about_a_file_are_printed_once_a_run() throws IOException {
        Path file = dir.resolve("td.json");
        Files.writeString(file, """
                {"taskRoleArn": "arn:aws:iam::123456789012:role/app", "volumes": [{"name": "data"}],
                 "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128, "privileged": true,
                   "portMappings": [{"containerPort": 80}]}]}
                """);
        AtomicReference<TaskDefinitionSpec> registered = new AtomicReference<>();
        UnitLab lab = lab(x -> described(defaultSpec(), LATEST, 1), registered).withFile(file);

        new TaskDefinitionStep().preflight(lab.context());
        new TaskDefinitionStep().apply(lab.context());

        List<String> warnings = new ArrayList<>();
        lab.events.stream().filter(e -> e.type() == Event.Type.WARNING).forEach(e -> warnings.add(e.message()));
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("volumes") && warnings.get(0).contains("privileged"), warnings.toString());
        assertTrue(warnings.get(1).contains("taskRoleArn"), warnings.toString());
    }

    @Test
    void preflight_refuses_a_file_the_lab_must_not_run_before_anything_is_made() throws IOException {
        Path file = dir.resolve("td.json");
        Files.writeString(file, """
                {"networkMode": "host", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128,
                   "portMappings": [{"containerPort": 80}]}]}
                """);
        UnitLab lab = new UnitLab(dir).withFile(file);
        new FakeAccount(lab.aws);

        UsageException e = assertThrows(UsageException.class, () -> new TaskDefinitionStep().preflight(lab.context()));

        assertTrue(e.getMessage().contains("networkMode host is refused"), e.getMessage());
        assertEquals(List.of(), lab.aws.calls());
    }

    @Test
    void apply_on_an_empty_account_makes_the_log_group_and_the_first_revision_and_records_both_for_rollback() {
        UnitLab lab = new UnitLab(dir);
        FakeAccount account = new FakeAccount(lab.aws);
        LabContext ctx = lab.context();

        new TaskDefinitionStep().preflight(ctx);
        new TaskDefinitionStep().apply(ctx);

        assertEquals(LabDesign.LOG_RETENTION_DAYS, account.logGroup.retentionDays());
        TaskDefinitionInfo registered = account.revisions.get(0);
        ContainerSpec web = registered.containers().get(0);
        assertEquals(List.of("ecslab-x-web", "bridge", LabDesign.IMAGE, "128/128/64", "0"), List.of(
                registered.family(), registered.networkMode(), web.image(), web.cpu() + "/" + web.memory() + "/"
                        + web.memoryReservation(), "" + web.portMappings().get(0).hostPort()));
        assertEquals("/ecs/ecslab-x", web.logConfiguration().options().get("awslogs-group"));
        assertEquals(List.of(Kind.LOG_GROUP + " " + account.logGroup.arn(), Kind.TASK_DEFINITION + " "
                + registered.arn()), ctx.createdThisRun().stream().map(r -> r.kind() + " " + r.id()).toList());
    }

    private static TaskDefinitionInfo withTask(TaskDefinitionInfo td, String networkMode, List<String> compat,
                                               String cpu, String memory, String executionRole, String taskRole) {
        return new TaskDefinitionInfo(td.arn(), td.family(), td.revision(), td.status(), networkMode, compat, cpu,
                memory, executionRole, taskRole, td.containers());
    }
}
