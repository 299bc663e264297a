package dev.ecslab.report;

import dev.ecslab.state.ResourceRef.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What commands return to the output layer: plain data, rendered as text or as one JSON document. */
public final class Results {
    private Results() {
    }

    /**
     * One resource in a report. state is e.g. ACTIVE, running, healthy; createdAt may be null; consoleUrl is its page
     * in the AWS console (ConsoleUrls), null when it has none or is gone.
     */
    public record ResourceView(Kind kind, String name, String id, String state, Instant createdAt,
                               boolean owned, String consoleUrl) {
        public ResourceView(Kind kind, String name, String id, String state, Instant createdAt, boolean owned) {
            this(kind, name, id, state, createdAt, owned, null);
        }
    }

    /** What a command returns: one of the kinds of result below. */
    public sealed interface Result
            permits StepResult, VerifyReport, CleanupResult, StatusReport, LabsReport, DoctorReport {
        String lab();
    }

    /** A verify check's outcome: passed, failed, or could not run here (with the reason as evidence). */
    public enum CheckOutcome { OK, NG, SKIP }

    /** One verify check; evidence says what was seen. */
    public record CheckResult(String name, CheckOutcome result, String evidence) {
        public boolean ng() {
            return result == CheckOutcome.NG;
        }
    }

    public record VerifyReport(String lab, List<CheckResult> checks) implements Result {
        public boolean ok() {
            return checks.stream().noneMatch(CheckResult::ng);
        }
    }

    /**
     * Result of a mutating step or of up: what exists now, the verify report if any, and what the lab now costs
     * (null for a dry-run, which changed nothing).
     */
    public record StepResult(String lab, String command, boolean dryRun, List<ResourceView> resources,
                             VerifyReport verify, List<String> next, Duration elapsed, LoadBalancerUrl url,
                             CostEstimate cost) implements Result { }

    /**
     * Where the lab's page is: the load balancer's URL, and against a local endpoint (where that name resolves
     * nowhere) the curl line that reaches its listener through the endpoint, the Host header naming it.
     */
    public record LoadBalancerUrl(String url, String localCurl) { }

    /**
     * What cleanup removed, and what it found tagged for the lab but left because ecslab did not name it so (not a
     * failure: it is not the lab's); leftovers are reported by CleanupIncompleteException instead.
     */
    public record CleanupResult(String lab, boolean dryRun, List<ResourceView> deleted, List<NotDeleted> notDeleted,
                                boolean nothingFound, Duration elapsed) implements Result { }

    /** A resource cleanup left on purpose: its AWS type ("ec2:instance"), name (null when it has none), id, why. */
    public record NotDeleted(String type, String name, String id, String reason) { }

    /** One check of doctor: its outcome, what was seen, and (NG, SKIP) what to do. */
    public record Diagnosis(String name, CheckOutcome result, String evidence, String hint) { }

    /** doctor: whether this account and region can run the lab, one check at a time. */
    public record DoctorReport(String lab, String region, List<Diagnosis> checks) implements Result {
        public boolean ok() {
            return checks.stream().noneMatch(c -> c.result() == CheckOutcome.NG);
        }
    }

    /** One lab in ls: how many resources it has, since when (its oldest), its service's state, its cost. */
    public record LabSummary(String name, int resources, Instant createdAt, String state, CostEstimate cost) { }

    /** ls: the labs in a region. It is about no one lab, so {@link #lab()} is null. */
    public record LabsReport(String region, List<LabSummary> labs) implements Result {
        @Override
        public String lab() {
            return null;
        }
    }

    /** One line of the lab's container logs (ecslab logs): when it was written, by which task, and the text. */
    public record LogLine(Instant at, String task, String message) { }

    /** status: what exists, its health and age, its cost (per hour and so far), and what to run next. */
    public record StatusReport(String lab, String region, List<ResourceView> resources, CostEstimate cost,
                               LoadBalancerUrl url, List<String> next) implements Result { }
}
