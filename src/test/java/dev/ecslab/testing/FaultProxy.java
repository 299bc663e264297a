package dev.ecslab.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's fault-injecting proxy ({@code ecslab_emulator.faults}) between the CLI and the emulator:
 * throttling and server errors in each protocol's wire shape, and lost answers.
 */
public final class FaultProxy implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final Path log;

    public FaultProxy(URI upstream, Path log, String... faults) {
        Path project = Emulator.projectDir();
        List<String> cmd = new ArrayList<>(List.of(project.resolve(".venv/bin/python").toString(), "-m",
                "ecslab_emulator.faults", "--upstream", upstream.toString()));
        cmd.addAll(List.of(faults));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().put("PYTHONPATH", project.resolve("src/emulator").toString());
        this.log = log;
        try {
            process = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String url = out.readLine();
            if (url == null) {
                throw new IllegalStateException("fault proxy did not start; see " + log);
            }
            endpoint = URI.create(url.trim());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fault proxy", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** How many faults of a kind ("throttled", "server-error", "lost") were injected so far. */
    public long injected(String kind) {
        try {
            return java.nio.file.Files.readAllLines(log).stream().filter(l -> l.startsWith("fault " + kind + " "))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
