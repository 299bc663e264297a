package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** cleanup's text result: what it left on purpose is named after what it deleted, each on a line of its own. */
class TextReportTest {
    @Test
    void cleanup_names_each_resource_it_did_not_delete_and_what_to_do() {
        StringWriter out = new StringWriter();
        String reason = "tagged for the lab but not named like it";
        new TextReport(new PrintWriter(out)).print(new Results.CleanupResult("demo", false, List.of(), List.of(
                new Results.NotDeleted("ec2:instance", "prod-db", "i-1", reason),
                new Results.NotDeleted("ec2:instance", null, "i-2", reason),
                new Results.NotDeleted("ec2:security-group", "evil\u001b[2Jsg", "sg-1", reason)), true,
                Duration.ZERO));

        assertEquals(List.of("lab demo: nothing to clean up",
                "not deleted: ec2:instance prod-db i-1 — " + reason,
                "not deleted: ec2:instance (no name) i-2 — " + reason,
                "not deleted: ec2:security-group evil\\x1b[2Jsg sg-1 — " + reason,
                "  check them: ecslab names what it makes ecslab-demo-…; if one should go, remove it yourself, else its"
                        + " tag"), out.toString().lines().toList());
    }
}
