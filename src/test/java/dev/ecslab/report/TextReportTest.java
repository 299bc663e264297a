package dev.ecslab.report;

import dev.ecslab.state.ResourceRef.Kind;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A dry-run's plan is its result: one line per action, a task definition named with its revision, no ARN. */
    @Test
    void a_dry_runs_plan_is_printed_with_its_result() {
        StringWriter out = new StringWriter();
        String arn = "arn:aws:ecs:us-east-1:1:task-definition/ecslab-a-web:2";
        new TextReport(new PrintWriter(out), false, false, List.of(
                new RunRecord.PlannedAction("network", "create", "alb-security-group", "ecslab-a-alb-sg", "TCP 80"),
                new RunRecord.PlannedAction("taskdef", "deregister", "task-definition", "ecslab-a-web", arn)))
                .print(new Results.StepResult("a", "up", true, List.of(), null, List.of(), Duration.ZERO, null, null));

        assertEquals(List.of("lab a: up (dry run) — no changes were made; run again without --dry-run",
                "  [network] would create alb security group ecslab-a-alb-sg: TCP 80",
                "  [taskdef] would deregister task definition ecslab-a-web:2"), out.toString().lines().toList());
    }

    /** No lab, no cost: status prints a cost line only when something billed by the hour exists (JSON: null). */
    @Test
    void status_prints_no_cost_without_an_instance_or_load_balancer() {
        StringWriter out = new StringWriter();
        new TextReport(new PrintWriter(out)).print(new Results.StatusReport("demo", "us-east-1", List.of(
                new Results.ResourceView(Kind.LOG_GROUP, "/ecs/ecslab-demo", "arn:lg", null, null, true)), null, null,
                List.of()));
        assertFalse(out.toString().contains("cost"), out.toString());

        out.getBuffer().setLength(0);
        new TextReport(new PrintWriter(out)).print(new Results.StatusReport("demo", "us-east-1", List.of(),
                CostEstimate.of("t3.micro", 2), null, List.of()));
        assertTrue(out.toString().contains("cost: about $0.0"), out.toString());
    }

    @Test
    void status_shows_each_revision_of_the_task_definition_and_no_line_is_longer_than_120() {
        String arn = "arn:aws:ecs:us-east-1:1:task-definition/ecslab-a-web:";
        StringWriter out = new StringWriter();
        new TextReport(new PrintWriter(out)).print(new Results.StatusReport("a", "us-east-1", List.of(
                new Results.ResourceView(Kind.TASK_DEFINITION, "ecslab-a-web", arn + "2", "ACTIVE", null, true),
                new Results.ResourceView(Kind.TASK_DEFINITION, "ecslab-a-web", arn + "1", "INACTIVE", null, true)),
                new CostEstimate(0.05, null, "estimate"), null, List.of()));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("  task definition +ecslab-a-web:2 +ACTIVE.*")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  task definition +ecslab-a-web:1 +INACTIVE.*")),
                lines::toString);
    }

    /** --verbose: each resource's console page under the table, its URL whole on a line of its own. */
    @Test
    void status_lists_each_console_page_under_the_table_with_verbose_only() {
        String page = "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/ecslab-a/services?region=us-east-1";
        String td = "arn:aws:ecs:us-east-1:1:task-definition/ecslab-a-web:3";
        Results.StatusReport status = new Results.StatusReport("a", "us-east-1", List.of(
                new Results.ResourceView(Kind.CLUSTER, "ecslab-a", "arn:c", "ACTIVE", null, true, page),
                new Results.ResourceView(Kind.TASK_DEFINITION, "ecslab-a-web", td, "ACTIVE", null, true, "https://td"),
                new Results.ResourceView(Kind.INSTANCE_PROFILE, "ecslab-a-profile", "arn:p", null, null, true, null)),
                null, null, List.of());
        StringWriter out = new StringWriter();
        new TextReport(new PrintWriter(out), false, true).print(status);
        List<String> lines = out.toString().lines().toList();
        int console = lines.indexOf("console:");
        assertTrue(console > 0, lines::toString);
        assertEquals(List.of("  cluster ecslab-a", "    " + page, "  task definition ecslab-a-web:3",
                "    https://td"), lines.subList(console + 1, lines.size()), lines::toString);

        out.getBuffer().setLength(0);
        new TextReport(new PrintWriter(out), false, false).print(status);
        assertFalse(out.toString().contains("console"), out::toString);
    }

    @Test
    void verify_evidence_wraps_at_120_columns_with_task_ids_cut_to_8() {
        StringWriter out = new StringWriter();
        String evidence = "healthy 4/4 running tasks: " + "i-00896fa601c6a1f6f:32768 healthy, ".repeat(4)
                + "task 574f865b-6a32-4e42-ae9f-4ea0b4aa2afa";
        new TextReport(new PrintWriter(out)).print(new Results.VerifyReport("a", List.of(new Results.CheckResult(
                "one registered, healthy target per running task", Results.CheckOutcome.OK, evidence))));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.size() > 1 && lines.stream().allMatch(l -> l.length() <= Wrapped.WIDTH), lines::toString);
        assertTrue(String.join(" ", lines).replaceAll(" +", " ").endsWith("healthy, task 574f865b"), lines::toString);
    }
}
