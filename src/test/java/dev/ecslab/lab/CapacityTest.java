package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.InstanceTypeInfo;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.error.ExitCode;
import dev.ecslab.error.UsageException;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one container instance holds: CPU, memory and fixed host ports (docs/aws.md §4). */
class CapacityTest {
    private static final String FIXED = "arn:aws:ecs:us-east-1:123456789012:task-definition/ecslab-x-web:2";
    private static final String DYNAMIC = "arn:aws:ecs:us-east-1:123456789012:task-definition/ecslab-x-web:1";

    @TempDir
    Path dir;

    private static ContainerSpec web(int hostPort) {
        return new ContainerSpec("web", "nginx", 128, 128, 64, true, List.of(new PortMapping(80, hostPort, "tcp")),
                Map.of(), List.of(), List.of(), null);
    }

    private static TaskDefinitionInfo revision(String arn, String networkMode, int hostPort) {
        return new TaskDefinitionInfo(arn, "ecslab-x-web", 1, "ACTIVE", networkMode, List.of("EC2"), null, null, null,
                null, List.of(web(hostPort)));
    }

    /** A t3.micro as the agent registers it: plenty of CPU and memory for 4 tasks of 128 units and 64 MiB. */
    private static ContainerInstanceInfo instance() {
        return new ContainerInstanceInfo("arn:ci/1", "i-1", "ACTIVE", null, true, 2048, 904, 2048, 904, 0, 0,
                Set.of(22, 2375, 2376, 51678, 51679, 51680));
    }

    private LabContext lab(TaskDefinitionInfo... revisions) {
        UnitLab lab = new UnitLab(dir);
        lab.aws.on("ecs.listContainerInstances", args -> List.of(instance()));
        lab.aws.on("ecs.describeTaskDefinition", args -> List.of(revisions).stream()
                .filter(r -> r.arn().equals(args[0])).findFirst());
        return lab.context();
    }

    @Test
    void a_fixed_host_port_holds_one_task_per_instance_and_more_are_refused_before_any_change() {
        LabContext ctx = lab(revision(FIXED, "bridge", 8080));

        UsageException e = assertThrows(UsageException.class, () -> Capacity.check(ctx, "scale", 4, FIXED));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("scale ecslab-x-web to 4 tasks: the container instance holds at most 1 (container web maps the "
                + "fixed host port 8080, which an instance gives to one task at a time)", e.getMessage());
        assertTrue(e.hint().contains("\"hostPort\": 0") && e.hint().endsWith("or use --count 1"), e.hint());
        assertDoesNotThrow(() -> Capacity.check(ctx, "scale", 1, FIXED));
    }

    @Test
    void a_dynamic_host_port_or_an_own_network_interface_limits_nothing_beyond_cpu_and_memory() {
        String awsvpc = DYNAMIC.replace(":1", ":3");
        LabContext ctx = lab(revision(DYNAMIC, null, 0), revision(awsvpc, "awsvpc", 80));

        assertDoesNotThrow(() -> Capacity.check(ctx, "scale", 4, DYNAMIC));
        assertDoesNotThrow(() -> Capacity.check(ctx, "scale", 4, awsvpc));
    }

    @Test
    void a_host_port_the_instance_reserves_holds_no_task_at_all() {
        LabContext ctx = lab(revision(FIXED, "bridge", 51680));

        UsageException e = assertThrows(UsageException.class, () -> Capacity.check(ctx, "create", 1, FIXED));

        assertEquals("create ecslab-x-web to 1 tasks: the container instance holds none (container web maps host "
                + "port 51680, which the instance reserves: 22, 2375, 2376, 51678, 51679, 51680)", e.getMessage());
        assertTrue(e.hint().endsWith("or a port the instance does not reserve"), e.hint());
    }

    @Test
    void host_mode_takes_the_container_port_itself() {
        LabContext ctx = lab(revision(FIXED, "host", 0));

        UsageException e = assertThrows(UsageException.class, () -> Capacity.check(ctx, "scale", 2, FIXED));

        assertTrue(e.getMessage().contains("maps the fixed host port 80,"), e.getMessage());
    }

    @Test
    void before_the_instance_exists_the_estimate_counts_the_port_and_the_agents_default_reservations() {
        LabContext ctx = lab();
        InstanceTypeInfo t3 = new InstanceTypeInfo("t3.micro", 2, 1024, List.of("x86_64"), true);
        TaskDefinitionSpec fixed = new TaskDefinitionSpec("ecslab-x-web", "bridge", List.of("EC2"), null, null, null,
                null, List.of(web(8080)), Map.of());
        TaskDefinitionSpec ssh = new TaskDefinitionSpec("ecslab-x-web", null, List.of("EC2"), null, null, null,
                null, List.of(web(22)), Map.of());

        UsageException e = assertThrows(UsageException.class, () -> Capacity.checkEstimate(ctx, 4, t3, fixed));
        assertTrue(e.getMessage().startsWith("scale ecslab-x-web to 4 tasks: one t3.micro holds at most 1 ("),
                e.getMessage());
        assertDoesNotThrow(() -> Capacity.checkEstimate(ctx, 1, t3, fixed));
        assertTrue(assertThrows(UsageException.class, () -> Capacity.checkEstimate(ctx, 1, t3, ssh)).getMessage()
                .contains("holds none (container web maps host port 22"));
    }

    private static ServiceInfo running(String taskDefinition, int desired) {
        return new ServiceInfo("arn:svc", "ecslab-x-web", "arn:cluster", "ACTIVE", desired, desired, 0,
                taskDefinition, List.of("arn:tg"), List.of(), List.of(), Instant.now(), Map.of());
    }

    @Test
    void a_rollout_cannot_start_a_task_on_the_fixed_port_its_running_revision_holds() {
        String next = FIXED.replace(":2", ":3");
        String other = FIXED.replace(":2", ":4");
        LabContext ctx = lab(revision(FIXED, "bridge", 8080), revision(next, "bridge", 8080),
                revision(other, "bridge", 9090), revision(DYNAMIC, "bridge", 0));

        UsageException same = assertThrows(UsageException.class,
                () -> Capacity.checkRollout(ctx, running(FIXED, 1), next));
        assertTrue(same.getMessage().startsWith("deploy ecslab-x-web:3 to service ecslab-x-web: the new task cannot "
                + "start beside the running one (container web maps the fixed host port 8080"), same.getMessage());
        assertDoesNotThrow(() -> Capacity.checkRollout(ctx, running(FIXED, 1), other));
        // Four tasks on dynamic ports cannot become four on one fixed port.
        UsageException four = assertThrows(UsageException.class,
                () -> Capacity.checkRollout(ctx, running(DYNAMIC, 4), other));
        assertTrue(four.getMessage().contains("with 4 tasks: the container instance holds at most 1"),
                four.getMessage());
        assertTrue(four.hint().endsWith("or scale to 1 first (`ecslab scale --lab x --region us-east-1 --count 1`)"), four.hint());
    }
}
