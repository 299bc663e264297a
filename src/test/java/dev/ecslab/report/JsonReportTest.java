package dev.ecslab.report;

import dev.ecslab.error.CleanupIncompleteException;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.JsonContract;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documents JsonReport writes keep the schema, and the schema does reject what breaks the contract. */
class JsonReportTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final RunRecord record = new RunRecord(new NdjsonReporter(new PrintWriter(err, true), "demo"));

    @Test
    void success_and_failure_documents_and_progress_lines_are_valid() {
        record.caller("123456789012", "us-east-1", "arn:aws:iam::123456789012:user/me");
        record.planned("elb", "create", Kind.ALB_SECURITY_GROUP, "ecslab-demo-alb-sg", "HTTP from anywhere");
        record.stepDone("elb", Duration.ofMillis(1500));
        record.check("verify", "service ACTIVE", "NG", "no service");
        JsonReport report = new JsonReport(new PrintWriter(out, true), record);
        Results.ResourceView sg = new Results.ResourceView(Kind.ALB_SECURITY_GROUP, "ecslab-demo-alb-sg", "sg-1",
                null, Instant.parse("2026-11-27T10:00:00Z"), true);
        Results.VerifyReport ng = new Results.VerifyReport("demo", List.of(new Results.CheckResult("service ACTIVE",
                Results.CheckOutcome.NG, "no service")));
        report.print(new Results.StepResult("demo", "elb", false, List.of(sg), null, List.of("ecslab service --lab demo"),
                Duration.ofSeconds(2), new Results.LoadBalancerUrl("http://x/", null), CostEstimate.of("t3.micro", 2)));
        report.print(ng);
        report.print(new Results.CleanupResult("demo", false, List.of(sg), List.of(new Results.NotDeleted(
                "ec2:instance", "prod-db", "i-1", "tagged for the lab but not named like it"), new Results.NotDeleted(
                "ec2:instance", null, "i-2", "tagged for the lab but not named like it")), false,
                Duration.ofSeconds(1)));
        Results.ResourceView cluster = new Results.ResourceView(Kind.CLUSTER, "ecslab-demo", "arn:aws:ecs:…", "ACTIVE",
                null, true, "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/ecslab-demo/services");
        report.print(new Results.StatusReport("demo", "us-east-1", List.of(sg, cluster),
                new CostEstimate(0.05, 0.2, "estimate"),
                new Results.LoadBalancerUrl("http://x/", "curl -H 'Host: x' http://127.0.0.1:1/"), List.of()));
        report.printError("verify", "demo", false, new JsonReport.Failure("verify lab demo: NG", "look", 5, ng,
                List.of(new CleanupIncompleteException.Leftover("alb security group", "ecslab-demo-alb-sg", "sg-1", "in use"))));
        assertTrue(out.toString().contains("\"consoleUrl\":\"https://us-east-1.console.aws.amazon.com/ecs/v2/"
                + "clusters/ecslab-demo/services\"") && out.toString().contains("\"consoleUrl\":null"), out::toString);
        for (String doc : out.toString().trim().split("\n")) {
            assertEquals(List.of(), JsonContract.errors(JsonContract.RESULT, doc), doc);
        }
        for (String line : err.toString().trim().split("\n")) {
            assertEquals(List.of(), JsonContract.errors(JsonContract.PROGRESS, line), line);
        }
    }

    @Test
    void the_schema_rejects_prose_kinds_a_missing_key_and_a_failure_without_its_error() {
        new JsonReport(new PrintWriter(out, true), record).print(new Results.StatusReport("demo", "us-east-1",
                List.of(), new CostEstimate(0, null, "estimate"), null, List.of()));
        String valid = out.toString().trim();
        assertEquals(List.of(), JsonContract.errors(JsonContract.RESULT, valid));
        assertFalse(JsonContract.errors(JsonContract.RESULT, valid.replace("\"resources\":[]",
                "\"resources\":[{\"kind\":\"alb security group\",\"name\":\"n\",\"id\":\"i\",\"state\":null,"
                        + "\"createdAt\":null}]")).isEmpty());
        assertFalse(JsonContract.errors(JsonContract.RESULT, valid.replace(",\"url\":null", "")).isEmpty());
        assertFalse(JsonContract.errors(JsonContract.RESULT, valid.replace("\"ok\":true", "\"ok\":false"))
                .isEmpty());
    }
}
