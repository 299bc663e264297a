package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One test's ground in an end-to-end class: a private home (its own ~/.ecslab, state and lock) removed after the
 * test, the packaged CLI run from it against the class's emulator, the scenario's independent checks, and
 * task-definition files written into it.
 * <pre>
 * {@literal @}RegisterExtension static final Emulator EMULATOR = new Emulator();
 * {@literal @}RegisterExtension final LabHome home = new LabHome(EMULATOR);
 * private final Cli cli = home.cli();
 * ... cli.run("up", "--lab", "x").ok(); home.scenario().assertNothingLeft("x");
 * </pre>
 * An instance field, made with each test's instance (after the class's emulator started): each test, concurrent
 * ones included, has a home of its own.
 */
final class LabHome implements AfterEachCallback {
    private final Path path;
    private final Cli cli;
    private final LabScenario scenario;

    LabHome(Emulator emulator) {
        try {
            path = Files.createTempDirectory("ecslab-e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cli = new Cli(emulator.endpoint(), path);
        scenario = new LabScenario(cli, emulator.clients());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Path path() {
        return path;
    }

    /** A file in this home. */
    Path resolve(String name) {
        return path.resolve(name);
    }

    /** The CLI as a user in this home runs it (its environment settings last for the test). */
    Cli cli() {
        return cli;
    }

    LabScenario scenario() {
        return scenario;
    }

    /**
     * A task-definition file as a user writes one for the lab: the bridge-mode web container on a dynamic host
     * port, of this image (an image the emulator fails to pull or serves unhealthy says so by its name).
     */
    Path taskDefinition(String image) {
        return taskDefinition(image, 128, 64);
    }

    /** The same with this container memory limit and reservation (MiB), which decide how many tasks fit. */
    Path taskDefinition(String image, int memory, int memoryReservation) {
        Path file = path.resolve("td-" + Integer.toHexString(image.hashCode()) + "-" + memory + "-"
                + memoryReservation + ".json");
        try {
            Files.writeString(file, """
                    {"family": "whatever", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
                     "containerDefinitions": [{"name": "web", "image": "%s", "essential": true,
                       "cpu": 128, "memory": %d, "memoryReservation": %d,
                       "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]}
                    """.formatted(image, memory, memoryReservation));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
