package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.error.UsageException;
import dev.ecslab.report.Verb;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How many of the lab's tasks its one container instance can hold: registered CPU and memory divided by what one
 * task reserves (memoryReservation when set, else memory — docs/aws.md §4), and one task at most when the task
 * definition maps a fixed host port (none when the instance reserves that port). A --count above it could never
 * become steady, so it is refused with the numbers.
 */
final class Capacity {
    private Capacity() {
    }

    static void check(LabContext ctx, String verb, int count, String taskDefinitionArn) {
        Optional<ContainerInstanceInfo> instance = activeInstance(ctx);
        Optional<TaskDefinitionInfo> td = ctx.aws().ecs().describeTaskDefinition(taskDefinitionArn);
        if (instance.isEmpty() || td.isEmpty()) {
            return; // the step's own prerequisites say what is missing
        }
        int cpu = cpu(td.get().containers());
        int memory = memory(td.get().containers());
        ContainerInstanceInfo ci = instance.get();
        String action = verb + " " + ctx.names().service() + " to " + count + " tasks";
        checkPorts(action, "the container instance", count, FixedHostPorts.of(td.get().networkMode(),
                td.get().containers()), ci.reservedPorts(), "use --count 1");
        int max = Math.min(fits(ci.registeredCpu(), cpu), fits(ci.registeredMemory(), memory));
        if (count > max) {
            throw new UsageException(action + ": the container "
                    + "instance holds at most " + max + " (it registered " + ci.registeredCpu() + " CPU units and "
                    + ci.registeredMemory() + " MiB; one task reserves " + cpu + " CPU units and " + memory + " MiB)",
                    "use --count " + max + " or less, or a larger --instance-type");
        }
    }

    /**
     * A fixed host port allows one task per instance, and none when the instance reserves it (AWS would leave the
     * rest unplaced, "already using a port required by your task", until the wait timed out).
     */
    private static void checkPorts(String action, String instance, int count, FixedHostPorts ports,
                                   Set<Integer> reserved, String fewer) {
        if (!ports.any() || count == 0) {
            return;
        }
        Optional<FixedHostPorts.Fixed> taken = ports.reservedAmong(reserved);
        if (taken.isPresent()) {
            throw new UsageException(action + ": " + instance + " holds none (container " + taken.get().container()
                    + " maps host port " + taken.get().port() + ", which the instance reserves: "
                    + FixedHostPorts.list(reserved) + ")", DYNAMIC_PORT_HINT + " or a port the instance does not "
                    + "reserve");
        }
        if (count > 1) {
            throw new UsageException(action + ": " + instance + " holds at most 1 (" + ports.first() + ", which an "
                    + "instance gives to one task at a time)", DYNAMIC_PORT_HINT + ", or " + fewer);
        }
    }

    private static final String DYNAMIC_PORT_HINT = "set \"hostPort\": 0 in the task definition's portMappings (ECS "
            + "then gives each task a free port and the load balancer follows it)";

    /**
     * A rolling deployment (minimumHealthyPercent 100) starts new tasks beside the running ones and stops an old one
     * only once a new one is healthy: unless one new task fits beside them all, it never starts.
     */
    static void checkRollout(LabContext ctx, ServiceInfo service, String newTd) {
        EcsGateway ecs = ctx.aws().ecs();
        int running = service.running();
        Optional<ContainerInstanceInfo> instance = activeInstance(ctx);
        Optional<TaskDefinitionInfo> old = ecs.describeTaskDefinition(service.taskDefinitionArn());
        Optional<TaskDefinitionInfo> next = ecs.describeTaskDefinition(newTd);
        if (instance.isEmpty() || old.isEmpty() || next.isEmpty()) {
            return;
        }
        ContainerInstanceInfo ci = instance.get();
        String action = "deploy " + Revisions.shortName(newTd) + " to service " + service.name();
        FixedHostPorts nextPorts = FixedHostPorts.of(next.get().networkMode(), next.get().containers());
        checkPorts(action + " with " + service.desired() + " tasks", "the container instance", service.desired(),
                nextPorts, ci.reservedPorts(), "scale to 1 first (`" + scaleTo(ctx, 1) + "`)");
        if (running > 0 && nextPorts.overlap(FixedHostPorts.of(old.get().networkMode(), old.get().containers()))) {
            // The old task keeps its port until a new one is healthy, and the new one needs that port to start.
            throw new UsageException(action + ": the new task cannot start beside the running one (" + nextPorts.first()
                    + ", which the running revision holds, and an old task stops only once a new one is healthy)",
                    DYNAMIC_PORT_HINT + ", or another fixed port than the running revision's");
        }
        int oldCpu = cpu(old.get().containers());
        int oldMemory = memory(old.get().containers());
        int newCpu = cpu(next.get().containers());
        int newMemory = memory(next.get().containers());
        if (running * oldCpu + newCpu <= ci.registeredCpu() && running * oldMemory + newMemory <= ci.registeredMemory()) {
            return;
        }
        int fewer = Math.min(fits(ci.registeredCpu() - newCpu, oldCpu),
                fits(ci.registeredMemory() - newMemory, oldMemory));
        throw new UsageException(action + ": the container instance cannot start one new task beside the " + running
                + " running ones (it registered " + ci.registeredCpu() + " CPU units and " + ci.registeredMemory()
                + " MiB; a running task reserves " + oldCpu + " CPU units and " + oldMemory + " MiB, a new one " + newCpu + " and "
                + newMemory + ")", fewer >= 1
                ? "scale to " + fewer + " first (`" + scaleTo(ctx, fewer) + "`), or use a larger --instance-type"
                : "use a larger --instance-type, or a task definition that reserves less");
    }

    private static String scaleTo(LabContext ctx, int count) {
        return ctx.lab().command(Verb.SCALE).replaceFirst(" --count \\d+$", "") + " --count " + count;
    }

    private static Optional<ContainerInstanceInfo> activeInstance(LabContext ctx) {
        return ctx.aws().ecs().listContainerInstances(ctx.names().cluster()).stream()
                .filter(ci -> "ACTIVE".equals(ci.status())).findFirst();
    }

    /** How many tasks reserving {@code each} fit in {@code room} (any number when a task reserves nothing). */
    private static int fits(int room, int each) {
        return each == 0 ? Integer.MAX_VALUE : room / each;
    }

    private static int cpu(List<ContainerSpec> containers) {
        return containers.stream().mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum();
    }

    private static int memory(List<ContainerSpec> containers) {
        return containers.stream().mapToInt(Capacity::reservedMemory).sum();
    }

    /**
     * The same check before the instance exists, from its type: the agent registers vCPUs × 1024 CPU units and
     * less memory than the type's nominal RAM, what the kernel leaves (AWS's one example: an m4.large registers 7985
     * of 8192 MiB, docs/aws.md §2). Small types lose a larger share to the kernel, so this estimate takes 88 %: it
     * may refuse a count that would just fit, never allow one that cannot.
     */
    static void checkEstimate(LabContext ctx, int count, Ec2Gateway.InstanceTypeInfo type, TaskDefinitionSpec td) {
        List<ContainerSpec> tasks = td.containers();
        int cpu = cpu(tasks);
        int memory = memory(tasks);
        String action = "scale " + ctx.names().service() + " to " + count + " tasks";
        checkPorts(action, "one " + type.name(), count, FixedHostPorts.of(td.networkMode(), tasks),
                FixedHostPorts.AGENT_RESERVED, "use --count 1");
        int registeredCpu = type.vcpus() * 1024;
        int registeredMemory = (int) (type.memoryMiB() * REGISTERED_MEMORY_SHARE);
        int max = Math.min(fits(registeredCpu, cpu), fits(registeredMemory, memory));
        if (count > max) {
            throw new UsageException(action + ": one " + type.name()
                    + " holds at most " + max + " (about " + registeredCpu + " CPU units and " + registeredMemory
                    + " MiB for tasks; one task reserves " + cpu + " CPU units and " + memory + " MiB)",
                    "use --count " + max + " or less, or a larger --instance-type");
        }
    }

    static final double REGISTERED_MEMORY_SHARE = 0.88;

    private static int reservedMemory(ContainerSpec c) {
        if (c.memoryReservation() != null) {
            return c.memoryReservation();
        }
        return c.memory() == null ? 0 : c.memory();
    }
}
