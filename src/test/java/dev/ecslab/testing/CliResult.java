package dev.ecslab.testing;

import dev.ecslab.json.Json;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One finished CLI run, with fluent assertions whose failure shows the command, exit code and both streams. */
public record CliResult(List<String> args, int exitCode, String stdout, String stderr) {
    public CliResult exitedWith(int expected) {
        assertEquals(expected, exitCode, () -> "unexpected exit code\n" + this);
        return this;
    }

    public CliResult ok() {
        return exitedWith(0);
    }

    public CliResult stderrContains(String... parts) {
        for (String part : parts) {
            assertTrue(stderr.contains(part) || unwrapped(stderr).contains(part),
                    () -> "stderr lacks '" + part + "'\n" + this);
        }
        return this;
    }

    public CliResult stdoutContains(String... parts) {
        for (String part : parts) {
            assertTrue(stdout.contains(part) || unwrapped(stdout).contains(part),
                    () -> "stdout lacks '" + part + "'\n" + this);
        }
        return this;
    }

    /** Text output wraps long lines (report/Wrapped), continuation lines indented: the lines joined again. */
    public static String unwrapped(String text) {
        return text.replaceAll("\n +", " ");
    }

    /** stdout parsed as the one JSON document of -o json. */
    public Map<?, ?> stdoutJson() {
        Object doc = Json.parse(stdout.trim());
        assertTrue(doc instanceof Map, () -> "stdout is not one JSON object\n" + this);
        return (Map<?, ?>) doc;
    }

    @Override
    public String toString() {
        return "$ ecslab " + String.join(" ", args) + "\nexit " + exitCode + "\n--- stdout\n" + stdout
                + "\n--- stderr\n" + stderr;
    }
}
