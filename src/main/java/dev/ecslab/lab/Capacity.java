package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.error.UsageException;

import java.util.List;
import java.util.Optional;

/**
 * How many of the lab's tasks its one container instance can hold: registered CPU and memory divided by what one
 * task reserves (memoryReservation when set, else memory — docs/aws.md §4). A --count above it could never
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
        int max = Math.min(fits(ci.registeredCpu(), cpu), fits(ci.registeredMemory(), memory));
        if (count > max) {
            throw new UsageException(verb + " " + ctx.names().service() + " to " + count + " tasks: the container "
                    + "instance holds at most " + max + " (it registered " + ci.registeredCpu() + " CPU units and "
                    + ci.registeredMemory() + " MiB; one task reserves " + cpu + " CPU units and " + memory + " MiB)",
                    "use --count " + max + " or less, or a larger --instance-type");
        }
    }

    /**
     * A rolling deployment (minimumHealthyPercent 100) starts new tasks beside the running ones and stops an old one
     * only once a new one is healthy: unless one new task fits beside them all, it never starts.
     */
    static void checkRollout(LabContext ctx, int running, String runningTd, String newTd) {
        EcsGateway ecs = ctx.aws().ecs();
        Optional<ContainerInstanceInfo> instance = activeInstance(ctx);
        Optional<TaskDefinitionInfo> old = ecs.describeTaskDefinition(runningTd);
        Optional<TaskDefinitionInfo> next = ecs.describeTaskDefinition(newTd);
        if (instance.isEmpty() || old.isEmpty() || next.isEmpty()) {
            return;
        }
        ContainerInstanceInfo ci = instance.get();
        int oldCpu = cpu(old.get().containers());
        int oldMemory = memory(old.get().containers());
        int newCpu = cpu(next.get().containers());
        int newMemory = memory(next.get().containers());
        if (running * oldCpu + newCpu <= ci.registeredCpu() && running * oldMemory + newMemory <= ci.registeredMemory()) {
            return;
        }
        int fewer = Math.min(fits(ci.registeredCpu() - newCpu, oldCpu),
                fits(ci.registeredMemory() - newMemory, oldMemory));
        String name = ctx.names().service();
        throw new UsageException("deploy " + Revisions.shortName(newTd) + " to service " + name + ": the "
                + "container instance cannot start one new task beside the " + running + " running ones (it "
                + "registered " + ci.registeredCpu() + " CPU units and " + ci.registeredMemory() + " MiB; a running "
                + "task reserves " + oldCpu + " CPU units and " + oldMemory + " MiB, a new one " + newCpu + " and "
                + newMemory + ")", fewer >= 1
                ? "scale to " + fewer + " first (`" + ctx.lab().command("scale").replaceFirst(" --count \\d+$", "")
                + " --count " + fewer + "`), or use a larger --instance-type"
                : "use a larger --instance-type, or a task definition that reserves less");
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
     * somewhat less memory than the type's nominal RAM (t3.micro: ~904 of 1024 MiB), estimated here as 88 %.
     */
    static void checkEstimate(LabContext ctx, int count, Ec2Gateway.InstanceTypeInfo type, List<ContainerSpec> tasks) {
        int cpu = cpu(tasks);
        int memory = memory(tasks);
        int registeredCpu = type.vcpus() * 1024;
        int registeredMemory = (int) (type.memoryMiB() * REGISTERED_MEMORY_SHARE);
        int max = Math.min(fits(registeredCpu, cpu), fits(registeredMemory, memory));
        if (count > max) {
            throw new UsageException("scale " + ctx.names().service() + " to " + count + " tasks: one " + type.name()
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
