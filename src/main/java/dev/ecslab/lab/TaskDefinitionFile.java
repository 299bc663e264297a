package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.LogConfiguration;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.Names;
import dev.ecslab.error.UsageException;
import dev.ecslab.json.Json;

import java.io.IOException;
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
 * {@code aws ecs describe-task-definition} (its read-only fields are dropped, with a note).
 */
public final class TaskDefinitionFile {
    /** Fields describe-task-definition adds that register-task-definition does not take. */
    static final Set<String> READ_ONLY = Set.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");
    /** Docker 20.10+ refuses less (aws-reference.md §4). */
    static final int MIN_MEMORY_MIB = 6;

    /** What the file says, as register-task-definition input, plus notes for the user. */
    public record Parsed(String networkMode, List<String> requiresCompatibilities, String taskCpu, String taskMemory,
                         String executionRoleArn, String taskRoleArn, List<ContainerSpec> containers,
                         List<String> notes) { }

    private TaskDefinitionFile() {
    }

    public static Parsed read(Path file) {
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
            throw new UsageException(where + ": not JSON: " + e.getMessage(), "see examples/taskdef-register.json");
        }
        return parse(doc, where);
    }

    static Parsed parse(Object doc, String where) {
        if (!(doc instanceof Map<?, ?> root)) {
            throw shape(where, "the top level must be a JSON object");
        }
        List<String> notes = new ArrayList<>();
        Map<?, ?> td = root;
        if (root.get("taskDefinition") instanceof Map<?, ?> inner) {
            td = inner;
            notes.add("read describe-task-definition output");
        }
        List<String> dropped = td.keySet().stream().map(String::valueOf).filter(READ_ONLY::contains).sorted().toList();
        if (!dropped.isEmpty()) {
            notes.add("dropped read-only fields " + String.join(", ", dropped));
        }
        if (!(td.get("containerDefinitions") instanceof List<?> defs) || defs.isEmpty()) {
            throw shape(where, "it has no containerDefinitions");
        }
        List<ContainerSpec> containers = new ArrayList<>();
        for (Object d : defs) {
            if (!(d instanceof Map<?, ?> c)) {
                throw shape(where, "each containerDefinitions entry must be an object");
            }
            containers.add(container(c, where));
        }
        String taskMemory = string(td.get("memory"));
        ContainerSpec web = containers.stream().filter(c -> Names.CONTAINER_NAME.equals(c.name())).findFirst()
                .orElseThrow(() -> shape(where, "no container is named \"" + Names.CONTAINER_NAME
                        + "\" (the load balancer sends traffic to it)"));
        if (web.portMappings().stream().noneMatch(p -> p.containerPort() == Names.CONTAINER_PORT)) {
            throw shape(where, "container \"" + Names.CONTAINER_NAME + "\" has no port mapping for containerPort "
                    + Names.CONTAINER_PORT + " (the load-balanced port)");
        }
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
        List<String> compat = strings(td.get("requiresCompatibilities"));
        return new Parsed(td.get("networkMode") == null ? "bridge" : String.valueOf(td.get("networkMode")),
                compat.isEmpty() ? List.of("EC2") : compat, string(td.get("cpu")), taskMemory,
                string(td.get("executionRoleArn")), string(td.get("taskRoleArn")), containers, notes);
    }

    private static ContainerSpec container(Map<?, ?> c, String where) {
        if (!(c.get("name") instanceof String name) || !(c.get("image") instanceof String image)) {
            throw shape(where, "each container needs a name and an image");
        }
        List<PortMapping> ports = new ArrayList<>();
        if (c.get("portMappings") instanceof List<?> mappings) {
            for (Object o : mappings) {
                Map<?, ?> m = (Map<?, ?>) o;
                Integer container = integer(m.get("containerPort"), where);
                if (container == null) {
                    throw shape(where, "a port mapping of \"" + name + "\" has no containerPort");
                }
                Integer host = integer(m.get("hostPort"), where);
                ports.add(new PortMapping(container, host == null ? 0 : host,
                        m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol"))));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (c.get("environment") instanceof List<?> vars) {
            for (Object o : vars) {
                Map<?, ?> v = (Map<?, ?>) o;
                env.put(String.valueOf(v.get("name")), String.valueOf(v.get("value")));
            }
        }
        LogConfiguration logs = null;
        if (c.get("logConfiguration") instanceof Map<?, ?> l) {
            Map<String, String> options = new LinkedHashMap<>();
            if (l.get("options") instanceof Map<?, ?> o) {
                o.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
            }
            logs = new LogConfiguration(String.valueOf(l.get("logDriver")), options);
        }
        return new ContainerSpec(name, image, integer(c.get("cpu"), where), integer(c.get("memory"), where),
                integer(c.get("memoryReservation"), where), !Boolean.FALSE.equals(c.get("essential")), ports, env,
                strings(c.get("command")), strings(c.get("entryPoint")), logs);
    }

    private static Integer integer(Object o, String where) {
        if (o == null) {
            return null;
        }
        if (o instanceof Long l) {
            return Math.toIntExact(l);
        }
        throw shape(where, "expected a whole number, found " + Json.write(o));
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> list) {
            list.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    private static UsageException shape(String where, String problem) {
        return new UsageException(where + ": " + problem,
                "see examples/taskdef-register.json for a file ecslab accepts");
    }
}
