package dev.ecslab.lab;

import dev.ecslab.json.Json;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AWS's durations are written twice: here, for what `up` tells people to expect, and in the emulator's clock
 * (src/emulator/ecslab_emulator/clock.py), which plays them. This holds the two tables equal, row by row.
 */
class AwsTimesIT {
    @Test
    void the_cli_expects_what_the_emulator_plays() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("scripts/emulator", "clock", "--json")
                .directory(Emulator.projectDir().toFile()).redirectErrorStream(false);
        builder.environment().keySet().removeIf(k -> k.startsWith("ECSLAB_CLOCK_")); // the table as written
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "scripts/emulator clock: " + out);
        Map<?, ?> played = (Map<?, ?>) ((Map<?, ?>) Json.parse(out)).get("aws_seconds");

        Map<String, Duration> expected = Map.of("instance_pending", AwsTimes.INSTANCE_PENDING,
                "agent_registration", AwsTimes.AGENT_REGISTRATION, "alb_provisioning", AwsTimes.ALB_PROVISIONING,
                "task_start", AwsTimes.TASK_START, "instance_shutting_down", AwsTimes.INSTANCE_SHUTTING_DOWN,
                "alb_eni_linger", AwsTimes.ALB_ENI_LINGER);
        assertEquals(expected.keySet(), played.keySet(), "the same phases on both sides");
        expected.forEach((phase, duration) -> assertEquals((double) duration.toSeconds(),
                ((Number) played.get(phase)).doubleValue(), phase));
    }
}
