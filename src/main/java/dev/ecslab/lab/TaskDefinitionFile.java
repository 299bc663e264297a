package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.LogConfiguration;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.Names;
import dev.ecslab.error.UsageException;
import dev.ecslab.json.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a task definition file in either shape users already have: the input of
 * {@code aws ecs register-task-definition --cli-input-json}, or the output of
 * {@code aws ecs describe-task-definition} (its read-only fields are dropped, with a note). Nothing asked is changed
 * silently: every other field ecslab does not register is named in a warning, and what the lab must not run (host
 * network mode, logs sent elsewhere) is refused.
 */
public final class TaskDefinitionFile {
    /** Fields describe-task-definition adds that register-task-definition does not take. */
    static final Set<String> READ_ONLY = Set.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");
    /** What is registered of the task (family is replaced by the lab's, with a note). */
    static final Set<String> TASK_FIELDS = Set.of("family", "containerDefinitions", "networkMode",
            "requiresCompatibilities", "cpu", "memory", "executionRoleArn", "taskRoleArn");
    static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "cpu", "memory", "memoryReservation",
            "essential", "portMappings", "environment", "command", "entryPoint", "logConfiguration");
    static final Set<String> PORT_FIELDS = Set.of("containerPort", "hostPort", "protocol");
    static final Set<String> LOG_FIELDS = Set.of("logDriver", "options");
    /** Docker 20.10+ refuses less (docs/aws.md §4). */
    static final int MIN_MEMORY_MIB = 6;
    static final int MAX_PORT = 65535;
    private static final String EXAMPLE_HINT = "see examples/taskdef-register.json for a file ecslab accepts";

    /**
     * What the file says, as register-task-definition input, plus notes (how it was read) and warnings (what of it
     * is not registered as asked, or is risky) for the user.
     */
    public record Parsed(String networkMode, List<String> requiresCompatibilities, String taskCpu, String taskMemory,
                         String executionRoleArn, String taskRoleArn, List<ContainerSpec> containers,
                         List<String> notes, List<String> warnings) { }

    private TaskDefinitionFile() {
    }

    /** @param labLogGroup the only log group the file's awslogs may name */
    public static Parsed read(Path file, String labLogGroup) {
        String where = "read task definition " + file;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(where + ": cannot read it (" + e.getClass().getSimpleName() + ")",
                    "check the path and its permissions");
        }
        if (text.isBlank()) {
            throw new UsageException(where + ": the file is empty", "see examples/taskdef-register.json");
        }
        Object doc;
        try {
            doc = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new UsageException(where + ": not JSON: " + e.withoutContent(), "see examples/taskdef-register.json");
        }
        return parse(doc, where, labLogGroup);
    }

    static Parsed parse(Object doc, String where, String labLogGroup) {
        if (!(doc instanceof Map<?, ?> root)) {
            throw shape(where, "the top level must be a JSON object");
        }
        List<String> notes = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        Map<?, ?> td = root;
        if (root.get("taskDefinition") instanceof Map<?, ?> inner) {
            td = inner;
            notes.add("read describe-task-definition output");
            dropUnread(root, Set.of("taskDefinition"), "", dropped);
        }
        List<String> readOnly = td.keySet().stream().map(String::valueOf).filter(READ_ONLY::contains).sorted()
                .toList();
        if (!readOnly.isEmpty()) {
            notes.add("dropped read-only fields " + String.join(", ", readOnly));
        }
        dropUnread(td, union(TASK_FIELDS, READ_ONLY), "", dropped);
        String networkMode = text(td.get("networkMode"), "networkMode", where);
        if ("host".equals(networkMode)) {
            throw new UsageException(where + ": networkMode host is refused: the containers would share the "
                    + "instance's network, its metadata service (the instance role's credentials) included",
                    "remove networkMode (bridge, the default, maps port 80 to a dynamic host port for the load "
                            + "balancer); ecslab has no option to allow host mode");
        }
        if (!(td.get("containerDefinitions") instanceof List<?> defs) || defs.isEmpty()) {
            throw shape(where, "it has no containerDefinitions");
        }
        List<ContainerSpec> containers = new ArrayList<>();
        for (Object d : defs) {
            if (!(d instanceof Map<?, ?> c)) {
                throw shape(where, "each containerDefinitions entry must be an object");
            }
            containers.add(container(c, where, labLogGroup, dropped));
        }
        String taskMemory = text(td.get("memory"), "memory", where);
        ContainerSpec web = containers.stream().filter(c -> Names.CONTAINER_NAME.equals(c.name())).findFirst()
                .orElseThrow(() -> shape(where, "no container is named \"" + Names.CONTAINER_NAME
                        + "\" (the load balancer sends traffic to it)"));
        if (web.portMappings().stream().noneMatch(p -> p.containerPort() == Names.CONTAINER_PORT)) {
            throw shape(where, "container \"" + Names.CONTAINER_NAME + "\" has no port mapping for containerPort "
                    + Names.CONTAINER_PORT + " (the load-balanced port)");
        }
        // The load balancer reaches the instance only on the dynamic ports (LabDesign): a fixed host port outside
        // them is registered as a target that never turns healthy on AWS.
        web.portMappings().stream().filter(p -> p.containerPort() == Names.CONTAINER_PORT && p.hostPort() != 0
                        && (p.hostPort() < LabDesign.DYNAMIC_PORTS_FROM || p.hostPort() > LabDesign.DYNAMIC_PORTS_TO))
                .findFirst().ifPresent(p -> {
                    throw new UsageException(where + ": container \"" + Names.CONTAINER_NAME + "\" maps port "
                            + Names.CONTAINER_PORT + " to host port " + p.hostPort() + ", which the load balancer "
                            + "cannot reach: the lab's instance security group admits it only on "
                            + LabDesign.DYNAMIC_PORTS_FROM + "-" + LabDesign.DYNAMIC_PORTS_TO,
                            "set \"hostPort\": 0 (a dynamic port, one per task), or a port from "
                                    + LabDesign.DYNAMIC_PORTS_FROM + " to " + LabDesign.DYNAMIC_PORTS_TO);
                });
        for (ContainerSpec c : containers) {
            Integer mem = c.memoryReservation() != null ? c.memoryReservation() : c.memory();
            if (mem == null && taskMemory == null) {
                throw shape(where, "container \"" + c.name() + "\" needs memory or memoryReservation (EC2 launch type)");
            }
            if (mem != null && mem < MIN_MEMORY_MIB) {
                throw shape(where, "container \"" + c.name() + "\" has " + mem + " MiB of memory; at least "
                        + MIN_MEMORY_MIB + " MiB is needed");
            }
        }
        List<String> warnings = new ArrayList<>();
        if (!dropped.isEmpty()) {
            warnings.add("dropped " + String.join(", ", dropped) + ": ecslab does not register "
                    + (dropped.size() == 1 ? "this field" : "these fields") + "; the revision goes without");
        }
        String executionRole = text(td.get("executionRoleArn"), "executionRoleArn", where);
        String taskRole = text(td.get("taskRoleArn"), "taskRoleArn", where);
        List<String> roles = new ArrayList<>();
        if (taskRole != null) {
            roles.add("taskRoleArn");
        }
        if (executionRole != null) {
            roles.add("executionRoleArn");
        }
        if (!roles.isEmpty()) {
            warnings.add(String.join(" and ", roles) + " registered as given: the tasks act with "
                    + (roles.size() == 1 ? "that role's" : "those roles'") + " permissions, and registering needs "
                    + "iam:PassRole on " + (roles.size() == 1 ? "it" : "them")
                    + " (examples/ecslab-iam-policy.json does not grant it)");
        }
        List<String> compat = strings(td.get("requiresCompatibilities"), "requiresCompatibilities", where);
        return new Parsed(networkMode == null ? "bridge" : networkMode, compat.isEmpty() ? List.of("EC2") : compat,
                text(td.get("cpu"), "cpu", where), taskMemory, executionRole, taskRole, containers, notes, warnings);
    }

    private static ContainerSpec container(Map<?, ?> c, String where, String labLogGroup, List<String> dropped) {
        if (!(c.get("name") instanceof String name) || !(c.get("image") instanceof String image)) {
            throw shape(where, "each container needs a name and an image");
        }
        String at = "containerDefinitions[" + name + "]";
        dropUnread(c, CONTAINER_FIELDS, at + ".", dropped);
        List<PortMapping> ports = new ArrayList<>();
        for (Object o : list(c.get("portMappings"), at + ".portMappings", where)) {
            if (!(o instanceof Map<?, ?> m)) {
                throw shape(where, "each port mapping of \"" + name + "\" must be an object");
            }
            Integer container = port(m.get("containerPort"), 1, at + ".portMappings containerPort", where);
            if (container == null) {
                throw shape(where, "a port mapping of \"" + name + "\" has no containerPort");
            }
            Integer host = port(m.get("hostPort"), 0, at + ".portMappings hostPort", where);
            String protocol = text(m.get("protocol"), at + ".portMappings protocol", where);
            dropUnread(m, PORT_FIELDS, at + ".portMappings[" + container + "].", dropped);
            ports.add(new PortMapping(container, host == null ? 0 : host, protocol == null ? "tcp" : protocol));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Object o : list(c.get("environment"), at + ".environment", where)) {
            if (!(o instanceof Map<?, ?> v) || !(v.get("name") instanceof String key)
                    || !(v.get("value") instanceof String || v.get("value") instanceof Number
                    || v.get("value") instanceof Boolean)) {
                throw shape(where, "each environment entry of \"" + name + "\" must be an object with a name "
                        + "and a value");
            }
            env.put(key, String.valueOf(v.get("value")));
        }
        LogConfiguration logs = null;
        if (c.get("logConfiguration") instanceof Map<?, ?> l) {
            dropUnread(l, LOG_FIELDS, at + ".logConfiguration.", dropped);
            if (!(l.get("logDriver") instanceof String driver)) {
                throw shape(where, at + ".logConfiguration needs a logDriver");
            }
            Map<String, String> options = new LinkedHashMap<>();
            if (l.get("options") instanceof Map<?, ?> o) {
                o.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
            } else if (l.get("options") != null) {
                throw shape(where, at + ".logConfiguration options: expected an object, found " + kind(l.get("options")));
            }
            logs = new LogConfiguration(driver, options);
            checkLogs(name, logs, where, labLogGroup);
        } else if (c.get("logConfiguration") != null) {
            throw shape(where, at + ".logConfiguration must be an object");
        }
        if (c.get("essential") != null && !(c.get("essential") instanceof Boolean)) {
            throw shape(where, at + ".essential must be true or false");
        }
        return new ContainerSpec(name, image, integer(c.get("cpu"), at + ".cpu", where),
                integer(c.get("memory"), at + ".memory", where),
                integer(c.get("memoryReservation"), at + ".memoryReservation", where),
                !Boolean.FALSE.equals(c.get("essential")), ports, env,
                strings(c.get("command"), at + ".command", where),
                strings(c.get("entryPoint"), at + ".entryPoint", where), logs);
    }

    /**
     * The lab's logs go to its own group, which ecslab creates, retains for a day and deletes: another group would
     * outlive the lab (or be someone else's), and awslogs-create-group needs a permission the instance role lacks.
     */
    private static void checkLogs(String container, LogConfiguration logs, String where, String labLogGroup) {
        if (!"awslogs".equals(logs.driver())) {
            return;
        }
        String group = logs.options().get("awslogs-group");
        if (group != null && !group.equals(labLogGroup)) {
            throw new UsageException(where + ": container \"" + container + "\" logs to awslogs-group \"" + group
                    + "\", not the lab's log group " + labLogGroup, "remove awslogs-group (ecslab fills in "
                    + labLogGroup + ", which it creates and deletes with the lab) or set it to that");
        }
        if (logs.options().containsKey("awslogs-create-group")) {
            throw new UsageException(where + ": container \"" + container + "\" sets awslogs-create-group",
                    "remove it: ecslab creates the lab's log group " + labLogGroup + " itself");
        }
    }

    /** Names each field of {@code object} not in {@code read} that says something, prefixed by where it is. */
    private static void dropUnread(Map<?, ?> object, Set<String> read, String prefix, List<String> dropped) {
        object.forEach((k, v) -> {
            if (!read.contains(String.valueOf(k)) && !isEmpty(v)) {
                dropped.add(prefix + k);
            }
        });
    }

    /**
     * Null, false, "" and empty lists and objects are ECS's defaults for every field ecslab does not register (the
     * mountPoints: [] of describe-task-definition output); dropping them changes nothing.
     */
    private static boolean isEmpty(Object v) {
        return v == null || Boolean.FALSE.equals(v) || "".equals(v) || v instanceof List<?> l && l.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A whole number from 0 to 2^31 - 1; the message names the field and the kind of value, not the value. */
    private static Integer integer(Object o, String field, String where) {
        if (o == null) {
            return null;
        }
        if (o instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (o instanceof Long || o instanceof BigInteger) {
            throw shape(where, field + " is out of range (0–" + Integer.MAX_VALUE + ")");
        }
        throw shape(where, field + ": expected a whole number, found " + kind(o));
    }

    private static Integer port(Object o, int min, String field, String where) {
        if (o instanceof Long l && l >= min && l <= MAX_PORT || o == null) {
            return o == null ? null : ((Long) o).intValue();
        }
        if (o instanceof Long || o instanceof BigInteger) {
            throw shape(where, field + " is not a port (" + min + "–" + MAX_PORT + ")");
        }
        throw shape(where, field + ": expected a whole number, found " + kind(o));
    }

    private static String text(Object o, String field, String where) {
        if (o == null) {
            return null;
        }
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Long) {
            return String.valueOf(o); // "cpu": 256 means "256"
        }
        throw shape(where, field + ": expected a string, found " + kind(o));
    }

    private static List<?> list(Object o, String field, String where) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        throw shape(where, field + ": expected a list, found " + kind(o));
    }

    private static List<String> strings(Object o, String field, String where) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o, field, where)) {
            if (!(x instanceof String s)) {
                throw shape(where, field + ": expected a list of strings, found " + kind(x) + " in it");
            }
            out.add(s);
        }
        return out;
    }

    private static String kind(Object o) {
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof BigDecimal) {
            return "a decimal number";
        }
        if (o instanceof Number) {
            return "a number";
        }
        if (o instanceof Boolean) {
            return "true or false";
        }
        if (o instanceof List<?>) {
            return "a list";
        }
        if (o instanceof Map<?, ?>) {
            return "an object";
        }
        return "null";
    }

    private static UsageException shape(String where, String problem) {
        return new UsageException(where + ": " + problem, EXAMPLE_HINT);
    }
}
