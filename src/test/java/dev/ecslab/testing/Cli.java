package dev.ecslab.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the packaged CLI ({@code scripts/ecslab}) as a separate process, the way a user does: a private HOME and
 * ECSLAB_HOME, NO_COLOR, dummy credentials, the emulator's endpoint in AWS_ENDPOINT_URL. Both streams go to files
 * so a chatty run can never block on a full pipe.
 */
public final class Cli {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final URI endpoint;
    private final Path home;
    private final Map<String, String> extraEnv = new HashMap<>();

    public Cli(URI endpoint, Path home) {
        this.endpoint = endpoint;
        this.home = home;
    }

    /** An extra environment variable for every later run; a null value removes the variable. */
    public Cli env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    public Path home() {
        return home;
    }

    public CliResult run(String... args) {
        return run(Duration.ofMinutes(10), args);
    }

    public CliResult run(Duration limit, String... args) {
        return await(start(args), limit);
    }

    /**
     * Runs the CLI in a pseudo-terminal, as at a terminal: util-linux's {@code script} gives it one for stdin, stdout
     * and stderr, whose output comes back as stdout (stderr's lines included). Set TERM, and unset NO_COLOR, with
     * {@link #env} as the test needs.
     */
    public CliResult runInTerminal(String... args) {
        return runInTerminalTyping(null, args);
    }

    /** As {@link #runInTerminal}, with {@code typed} typed at the terminal (e.g. the answer to a prompt). */
    public CliResult runInTerminalTyping(String typed, String... args) {
        StringBuilder line = new StringBuilder(quote(Emulator.projectDir().resolve("scripts/ecslab").toString()));
        for (String arg : args) {
            line.append(' ').append(quote(arg));
        }
        Running running = start(List.of("script", "-q", "-e", "-c", line.toString(), "/dev/null"), args);
        if (typed != null) { // script passes its stdin to the terminal, where it waits until the CLI reads it
            try {
                running.process().getOutputStream().write(typed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                running.process().getOutputStream().flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return await(running, Duration.ofMinutes(10));
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static CliResult await(Running r, Duration limit) {
        String[] args = r.args().toArray(String[]::new);
        try {
            if (!r.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                r.process().destroyForcibly();
                throw new AssertionError("ecslab " + String.join(" ", args) + " did not end within " + limit
                        + "\nstderr so far:\n" + r.stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return r.result();
    }

    /** A started CLI process and the files its streams go to. */
    public record Running(List<String> args, Process process, Path stdoutFile, Path stderrFile) {
        public String stdout() {
            return readQuietly(stdoutFile);
        }

        public String stderr() {
            return readQuietly(stderrFile);
        }

        /** Waits until stderr shows {@code mark}, the process ends or {@code limit} passes. */
        public void awaitStderr(String mark, Duration limit) throws InterruptedException {
            await(this::stderr, mark, limit);
        }

        /** Waits until stdout shows {@code mark}, the process ends or {@code limit} passes. */
        public void awaitStdout(String mark, Duration limit) throws InterruptedException {
            await(this::stdout, mark, limit);
        }

        private void await(java.util.function.Supplier<String> stream, String mark, Duration limit)
                throws InterruptedException {
            Instant deadline = Instant.now().plus(limit);
            while (!stream.get().contains(mark) && process.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
        }

        /** Sends the process a signal by name (INT is Ctrl-C) and waits until it ends. */
        public CliResult signalAndWait(String name, Duration limit) throws Exception {
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running " + limit + " after SIG" + name + ": " + args);
            }
            return result();
        }

        /** Waits until the process ends; one still running after {@code limit} is killed: it hung. */
        public CliResult awaitResult(Duration limit) {
            return Cli.await(this, limit);
        }

        /** Call once the process has ended. */
        public CliResult result() {
            return new CliResult(args, process.exitValue(), stdout(), stderr());
        }

        private static String readQuietly(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** Starts the CLI without waiting, for tests that interrupt or kill it. */
    public Running start(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Emulator.projectDir().resolve("scripts/ecslab").toString());
        cmd.addAll(List.of(args));
        return start(cmd, args);
    }

    private Running start(List<String> cmd, String... args) {
        try {
            Files.createDirectories(home);
            int n = RUNS.incrementAndGet();
            Path out = home.resolve("run-" + n + ".stdout");
            Path err = home.resolve("run-" + n + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ECSLAB_"));
            env.put("HOME", home.toString());
            env.put("ECSLAB_HOME", home.resolve(".ecslab").toString());
            env.put("ECSLAB_POLL_INTERVAL_MS", "200");
            env.put("NO_COLOR", "1");
            env.put("AWS_ACCESS_KEY_ID", "testing");
            env.put("AWS_SECRET_ACCESS_KEY", "testing");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL", endpoint.toString());
            extraEnv.forEach((k, v) -> {
                if (v == null) {
                    env.remove(k);
                } else {
                    env.put(k, v);
                }
            });
            return new Running(List.of(args), pb.start(), out, err);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + cmd, e);
        }
    }
}
