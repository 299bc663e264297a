package dev.ecslab.e2e;

import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/local-lab, the README's first command, as a newcomer runs it: the whole lab against its own emulator,
 * ending with the lab's figures as ecslab reported them (up, verify, cleanup; what it would cost on AWS); and the
 * mvn it builds with writes no stray escape codes into that output.
 */
class LocalLabE2E {
    private static final String ESC = "\u001b";

    @Test
    void ends_with_the_labs_figures_up_verify_cleanup_and_its_cost_per_hour_on_aws() throws Exception {
        Run run = run(List.of("scripts/local-lab", "--lab", "locallab", "--count", "1"));
        assertEquals(0, run.exit, run.toString());
        List<String> summary = run.stdout.lines().dropWhile(l -> !l.equals("lab locallab on the local AWS:"))
                .toList();
        assertEquals(5, summary.size(), "the summary block closes stdout\n" + run);
        assertTrue(summary.get(1).matches("  up +\\d+\\.\\d s"), run.toString());
        assertTrue(summary.get(2).matches("  verify +\\d+\\.\\d s, 4/4 checks OK"), run.toString());
        assertTrue(summary.get(3).matches("  cleanup +\\d+\\.\\d s, 11 resources deleted"), run.toString());
        assertTrue(summary.get(4).matches("  on AWS it would cost \\$0\\.\\d{4} per hour \\(.*estimate.*\\)"),
                run.toString());
        assertFalse(run.stdout.contains(ESC) || run.stderr.contains(ESC), "a pipe: plain lines\n" + run);
    }

    @Test
    void help_says_how_to_use_it_and_starts_nothing() throws Exception {
        Run run = run(List.of("scripts/local-lab", "--help"));
        assertEquals(0, run.exit, run.toString());
        assertTrue(run.stdout.contains("Usage: scripts/local-lab [--lab NAME] [--keep]"), run.toString());
        assertFalse(run.stderr.contains("emulator:") || run.stderr.contains("+ ecslab"), "nothing ran\n" + run);
    }

    @Test
    void mvn_writes_no_escape_codes_into_a_scripts_output() throws Exception {
        Run run = run(List.of("mvn", "-B", "-q", "validate"));
        assertEquals(0, run.exit, run.toString());
        assertFalse(run.stdout.contains(ESC) || run.stderr.contains(ESC), run.toString());
    }

    private record Run(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("local-lab", ".out");
        Path err = Files.createTempFile("local-lab", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Emulator.projectDir().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("MAVEN_OPTS");
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) { // a guard against a hang, not a timing assertion
                process.destroyForcibly();
            }
            return new Run(process.waitFor(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
