package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.LogConfiguration;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the register input ecslab would send and a revision ECS describes: every field of the input
 * but the family (always the lab's) and the tags (each run tags its own). Both sides are read with ECS's defaults
 * filled in, so a revision registered from the same input compares equal although ECS answers with more than it was
 * given (container cpu 0, hostPort, protocol tcp, networkMode bridge, "1 vCPU" as "1024", a role name as its ARN).
 */
final class TaskDefinitionDiff {
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(vcpu|gb)?\\s*");

    private TaskDefinitionDiff() {
    }

    /** Whether a revision registered from {@code asked} would be {@code registered}. */
    static boolean same(TaskDefinitionSpec asked, TaskDefinitionInfo registered) {
        return changes(asked, registered).isEmpty();
    }

    /** The names of the fields that differ, in the order of the register input; empty when none does. */
    static List<String> changes(TaskDefinitionSpec asked, TaskDefinitionInfo registered) {
        List<String> changed = new ArrayList<>();
        String mode = networkMode(asked.networkMode());
        if (!mode.equals(networkMode(registered.networkMode()))) {
            changed.add("networkMode");
        }
        if (!compatibilities(asked.requiresCompatibilities())
                .equals(compatibilities(registered.requiresCompatibilities()))) {
            changed.add("requiresCompatibilities");
        }
        if (!Objects.equals(size(asked.taskCpu()), size(registered.taskCpu()))) {
            changed.add("cpu");
        }
        if (!Objects.equals(size(asked.taskMemory()), size(registered.taskMemory()))) {
            changed.add("memory");
        }
        if (!sameRole(asked.executionRoleArn(), registered.executionRoleArn())) {
            changed.add("executionRoleArn");
        }
        if (!sameRole(asked.taskRoleArn(), registered.taskRoleArn())) {
            changed.add("taskRoleArn");
        }
        if (!containers(asked.containers(), mode).equals(containers(registered.containers(), mode))) {
            changed.add("containerDefinitions");
        }
        return changed;
    }

    /** ECS registers bridge when no mode is given (EC2). */
    private static String networkMode(String mode) {
        return mode == null || mode.isBlank() ? "bridge" : mode;
    }

    /** Order does not matter; none given is EC2 for what ecslab registers. */
    private static TreeSet<String> compatibilities(List<String> given) {
        TreeSet<String> set = new TreeSet<>(given == null ? List.of() : given);
        return set.isEmpty() ? new TreeSet<>(List.of("EC2")) : set;
    }

    /** Task-level cpu/memory as ECS stores them: units, "1 vCPU" = 1024, "2 GB" = 2048. */
    static String size(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        Matcher m = SIZE.matcher(given);
        if (!m.matches()) {
            return given.trim();
        }
        double n = Double.parseDouble(m.group(1));
        double units = m.group(2) == null ? n : n * 1024;
        return units == Math.rint(units) ? String.valueOf((long) units) : given.trim();
    }

    /** ECS takes a role's name or ARN and may answer with either; the name, after the path, decides. */
    private static boolean sameRole(String a, String b) {
        String x = a == null || a.isBlank() ? null : a;
        String y = b == null || b.isBlank() ? null : b;
        if (x == null || y == null) {
            return x == y;
        }
        if (x.startsWith("arn:") && y.startsWith("arn:")) {
            return x.equals(y);
        }
        return roleName(x).equals(roleName(y));
    }

    private static String roleName(String nameOrArn) {
        return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
    }

    private static List<ContainerSpec> containers(List<ContainerSpec> given, String mode) {
        return given.stream().map(c -> container(c, mode)).toList();
    }

    /** One container with ECS's defaults filled in and lists ECS may answer as an SDK list made plain. */
    private static ContainerSpec container(ContainerSpec c, String mode) {
        boolean hostPortIsContainerPort = mode.equals("awsvpc") || mode.equals("host");
        List<PortMapping> ports = c.portMappings() == null ? List.of() : c.portMappings().stream()
                .map(p -> new PortMapping(p.containerPort(),
                        p.hostPort() == 0 && hostPortIsContainerPort ? p.containerPort() : p.hostPort(),
                        p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT)))
                .toList();
        LogConfiguration logs = c.logConfiguration() == null ? null : new LogConfiguration(
                c.logConfiguration().driver(), c.logConfiguration().options() == null ? Map.of()
                : Map.copyOf(c.logConfiguration().options()));
        return new ContainerSpec(c.name(), c.image(), c.cpu() == null ? 0 : c.cpu(), c.memory(),
                c.memoryReservation(), c.essential(), ports,
                c.environment() == null ? Map.of() : Map.copyOf(c.environment()),
                c.command() == null ? List.of() : List.copyOf(c.command()),
                c.entryPoint() == null ? List.of() : List.copyOf(c.entryPoint()), logs);
    }
}
