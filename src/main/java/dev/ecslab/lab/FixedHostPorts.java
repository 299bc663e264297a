package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ContainerSpec;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The host ports a task takes whole on its container instance (docs/aws.md §4): in bridge mode every hostPort other
 * than 0, in host mode every container port. An instance gives such a port to one task at a time, and never one it
 * reserves — so a task definition that maps one runs at most one task per instance.
 */
record FixedHostPorts(List<Fixed> ports) {
    /** What the agent reserves unless told otherwise: SSH, Docker's two ports, its own three (docs/aws.md §4). */
    static final Set<Integer> AGENT_RESERVED = Set.of(22, 2375, 2376, 51678, 51679, 51680);

    record Fixed(String container, int port) { }

    static FixedHostPorts of(String networkMode, List<ContainerSpec> containers) {
        String mode = networkMode == null ? "bridge" : networkMode;
        if (!mode.equals("bridge") && !mode.equals("host")) {
            return new FixedHostPorts(List.of()); // awsvpc: each task has its own network interface
        }
        return new FixedHostPorts(containers.stream().filter(c -> c.portMappings() != null)
                .flatMap(c -> c.portMappings().stream()
                .map(p -> new Fixed(c.name(), p.hostPort() == 0 && mode.equals("host") ? p.containerPort()
                        : p.hostPort())))
                .filter(f -> f.port() > 0).toList());
    }

    boolean any() {
        return !ports.isEmpty();
    }

    /** The first of them the instance reserves, if any: then no task of this definition can run there. */
    Optional<Fixed> reservedAmong(Set<Integer> reserved) {
        return ports.stream().filter(f -> reserved.contains(f.port())).findFirst();
    }

    /** Whether a task of {@code other} holds a port one of these needs. */
    boolean overlap(FixedHostPorts other) {
        return ports.stream().anyMatch(f -> other.ports.stream().anyMatch(o -> o.port() == f.port()));
    }

    /** "container web maps host port 8080" (every fixed port counts alike, so the first one speaks for them). */
    String first() {
        Fixed f = ports.get(0);
        return "container " + f.container() + " maps the fixed host port " + f.port();
    }

    static String list(Set<Integer> ports) {
        return new TreeSet<>(ports).stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
