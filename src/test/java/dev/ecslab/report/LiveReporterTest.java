package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveReporterTest {
    @Test
    void aWaitedOnStatusFromAwsCannotDriveTheTerminal() {
        StringWriter out = new StringWriter();
        try (LiveReporter live = new LiveReporter(new PrintWriter(out), false, step -> Optional.empty(), 200)) {
            live.emit(new Event(Event.Type.STEP_STARTED, Instant.now(), "service", "creating service", Map.of()));
            live.emit(new Event(Event.Type.WAITING, Instant.now(), "service", "tasks\u001b]52;c;aGk=\u0007",
                    Map.of("status", "1/4\n[OK] verify passed\u001b[2J")));
        }
        String shown = out.toString();
        assertTrue(shown.contains("waiting for tasks\\x1b]52;c;aGk=\\x07: 1/4\\x0a[OK] verify passed\\x1b[2J"), shown);
        assertFalse(shown.contains("\u001b]52") || shown.contains("\u0007") || shown.contains("\u001b[2J"), shown);
    }
}
