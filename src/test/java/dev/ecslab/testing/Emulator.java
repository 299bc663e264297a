package dev.ecslab.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gives a test class its own local AWS (moto + the ECS control-plane companion) on a free loopback port, started
 * and stopped through the project's own {@code scripts/emulator}, exactly as a person would.
 * <pre>
 * {@literal @}RegisterExtension static final Emulator EMULATOR = new Emulator();
 * ... EMULATOR.endpoint(), EMULATOR.clients().ecs() ...
 * </pre>
 */
public final class Emulator implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> environment;
    private URI endpoint;
    private TestClients clients;

    public Emulator() {
        this(Map.of());
    }

    /**
     * For classes that check what the lab makes and says rather than how it rides out AWS's delays: AWS's phases
     * at a fiftieth of their length instead of the default tenth (its eventual-consistency windows then almost
     * vanish, so classes that show ecslab waits them out keep the default).
     */
    public static Emulator fast() {
        return new Emulator(Map.of("ECSLAB_EMULATOR_TIME_SCALE", "0.02"));
    }

    /** An emulator started with these environment variables, e.g. ECSLAB_EMULATOR_TIME_SCALE (docs/emulator.md). */
    public Emulator(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static Path projectDir() {
        String dir = System.getProperty("ecslab.projectDir");
        return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String out = run("start").trim();
        String[] lines = out.split("\n");
        endpoint = URI.create(lines[lines.length - 1].trim());
        clients = new TestClients(endpoint);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (endpoint != null) {
            run("stop", "--port", String.valueOf(endpoint.getPort()));
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Independent SDK clients pointed at this emulator, for checking outcomes without ecslab's own code. */
    public TestClients clients() {
        return clients;
    }

    private String run(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = projectDir().resolve("scripts/emulator").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(projectDir().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("scripts/emulator " + String.join(" ", args) + " failed (exit "
                    + (p.isAlive() ? "timeout" : p.exitValue()) + "): " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
