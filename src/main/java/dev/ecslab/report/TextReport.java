package dev.ecslab.report;

import dev.ecslab.aws.Durations;
import dev.ecslab.report.Results.ResourceView;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The results of a command, for people, on stdout. */
public final class TextReport implements ResultPrinter {
    private final PrintWriter out;
    private final boolean colour;
    private final boolean verbose;
    private final List<RunRecord.PlannedAction> plan;

    public TextReport(PrintWriter out) {
        this(out, false, false);
    }

    public TextReport(PrintWriter out, boolean colour, boolean verbose) {
        this(out, colour, verbose, List.of());
    }

    /**
     * @param colour  whether OK, NG and SKIP are coloured: stdout is a terminal and NO_COLOR is not set
     * @param verbose whether the resources' ARNs are listed (ids such as sg-… and i-… always are; JSON has all), and
     *                status's console pages
     * @param plan    a dry-run's plan, as the run recorded it: a dry-run's result
     */
    public TextReport(PrintWriter out, boolean colour, boolean verbose, List<RunRecord.PlannedAction> plan) {
        this.out = out;
        this.colour = colour;
        this.verbose = verbose;
        this.plan = plan;
    }

    /** A line of evidence or of AWS's words: task ids shortened, wrapped to {@link Wrapped#WIDTH}. */
    private void println(String line) {
        out.println(Wrapped.lines(ShortIds.in(line), "    "));
    }

    /** "  [taskdef] would deregister task definition ecslab-a-web:2"; an ARN as details only with --verbose. */
    private void planned(RunRecord.PlannedAction p) {
        String details = p.details();
        boolean shown = details != null && (verbose || !details.startsWith("arn:"));
        println(Printable.text("  [" + p.step() + "] would " + p.action() + " " + p.kind().replace('-', ' ') + " "
                + RevisionNames.shown(p.kind(), p.name(), details) + (shown ? ": " + details : "")));
    }

    private String outcome(Object result) {
        return colour ? Ansi.outcome(result.toString()) : "[" + result + "]";
    }

    @Override
    public void print(Results.StepResult r) {
        out.println("lab " + r.lab() + ": " + r.command() + (r.dryRun() ? " (dry run) — no changes were made; run again"
                + " without --dry-run" : " done in " + Durations.format(r.elapsed())));
        if (r.dryRun()) { // the plan is what a dry-run found: its result, on stdout like cleanup's, --quiet or not
            plan.forEach(this::planned);
        }
        resources(r.resources());
        if (r.verify() != null) {
            print(r.verify());
        }
        url(r.url());
        r.next().forEach(n -> out.println("next: " + n));
        out.flush();
    }

    @Override
    public void print(Results.VerifyReport r) {
        for (Results.CheckResult c : r.checks()) {
            println(outcome(c.result()) + " " + c.name() + " — " + Printable.text(c.evidence()));
        }
        out.flush();
    }

    @Override
    public void print(Results.CleanupResult r) {
        if (r.nothingFound()) {
            out.println("lab " + r.lab() + ": nothing to clean up");
        } else if (r.dryRun()) {
            out.println("lab " + r.lab() + ": cleanup would delete (dry run — no changes were made):");
            resources(r.deleted());
        } else {
            out.println("lab " + r.lab() + ": deleted " + r.deleted().size() + " resources in "
                    + Durations.format(r.elapsed()));
            resources(r.deleted());
        }
        for (Results.NotDeleted n : r.notDeleted()) {
            println("not deleted: " + n.type() + " " + (n.name() == null ? "(no name)" : Printable.line(n.name()))
                    + " " + n.id() + " — " + n.reason());
        }
        if (!r.notDeleted().isEmpty()) { // tagged by someone, so someone should look; ecslab will not decide
            out.println("  check them: ecslab names what it makes ecslab-" + r.lab() + "-…; if one should go, remove"
                    + " it yourself, else its tag");
        }
        out.flush();
    }

    @Override
    public void print(Results.StatusReport r) {
        out.println("lab " + r.lab() + " in " + r.region() + ": " + (r.resources().isEmpty() ? "nothing exists"
                : r.resources().size() + " resources"));
        resources(r.resources());
        if (verbose) {
            consolePages(r.resources());
        }
        if (r.cost() != null) { // an instance or a load balancer exists: what is billed by the hour
            out.println("cost: " + cost(r.cost()));
        }
        url(r.url());
        r.next().forEach(n -> out.println("next: " + n));
        out.flush();
    }

    @Override
    public void print(Results.DoctorReport r) {
        out.println("doctor: lab " + r.lab() + (r.region() == null ? "" : " in " + r.region()));
        for (Results.Diagnosis c : r.checks()) {
            println(outcome(c.result()) + " " + c.name() + " — " + Printable.text(c.evidence()));
            if (c.hint() != null && c.result() != Results.CheckOutcome.OK) {
                println("       hint: " + Printable.text(c.hint()));
            }
        }
        if (r.ok()) { // else the error on stderr says what to do
            out.println("no problem found: `up` can run here");
        }
        out.flush();
    }

    @Override
    public void print(Results.LabsReport r) {
        out.println(r.labs().isEmpty() ? "no labs in " + r.region()
                : r.labs().size() + (r.labs().size() == 1 ? " lab" : " labs") + " in " + r.region() + ":");
        if (!r.labs().isEmpty()) {
            String format = "  %-20s %9s %-8s %-24s %8s %9s%n";
            out.printf(format, "LAB", "RESOURCES", "AGE", "STATE", "$/HOUR", "$ SO FAR");
            for (Results.LabSummary lab : r.labs()) {
                out.printf(Locale.ROOT, format, Printable.line(lab.name()), lab.resources(), age(lab.createdAt()),
                        lab.state() == null ? "-" : Printable.line(lab.state()), String.format(Locale.ROOT, "%.4f",
                                lab.cost().perHourUsd()), lab.cost().soFarUsd() == null ? "-"
                                : String.format(Locale.ROOT, "%.4f", lab.cost().soFarUsd()));
            }
            out.println("costs are on-demand us-east-1 estimates; `ecslab status --lab NAME` shows a lab's resources");
        }
        out.flush();
    }

    /** "about $0.0509 per hour, $0.1234 so far (on-demand …)". */
    static String cost(CostEstimate c) {
        return String.format(Locale.ROOT, "about $%.4f per hour", c.perHourUsd())
                + (c.soFarUsd() == null ? "" : String.format(Locale.ROOT, ", $%.4f so far", c.soFarUsd()))
                + " (" + c.note() + ")";
    }

    private void url(Results.LoadBalancerUrl url) {
        if (url != null) {
            out.println("load balancer: " + url.url());
            if (url.localCurl() != null) {
                out.println("  open it here: " + url.localCurl());
            }
        }
    }

    private void resources(List<ResourceView> resources) {
        if (resources.isEmpty()) {
            return;
        }
        String format = "  %-24s %-30s %-22s %-8s %s%n";
        out.printf(format, "KIND", "NAME", "STATE", "AGE", verbose ? "ID" : "ID (ARNs with --verbose)");
        for (ResourceView v : resources) {
            String name = RevisionNames.shown(v.kind().id(), v.name(), v.id()); // each revision its own row
            out.printf(format, v.kind().label(), Printable.line(name), v.state() == null ? "-" : v.state(),
                    age(v.createdAt()),
                    v.id() == null || !verbose && v.id().startsWith("arn:") ? "" : v.id());
        }
    }

    /**
     * Under the table, each resource's page in the AWS console: its kind and name, then the URL on a line of its own
     * (an ARN makes it longer than a line, and a terminal opens a URL it finds whole on one).
     */
    private void consolePages(List<ResourceView> resources) {
        List<ResourceView> paged = resources.stream().filter(v -> v.consoleUrl() != null).toList();
        if (paged.isEmpty()) {
            return;
        }
        out.println("console:");
        for (ResourceView v : paged) {
            out.println("  " + v.kind().label() + " " + Printable.line(RevisionNames.shown(v.kind().id(), v.name(),
                    v.id())));
            out.println("    " + Printable.line(v.consoleUrl()));
        }
    }

    static String age(Instant createdAt) {
        if (createdAt == null || createdAt.toEpochMilli() <= 0) {
            return "-";
        }
        Duration d = Duration.between(createdAt, Instant.now());
        return d.isNegative() ? "0s" : Durations.format(d.withNanos(0));
    }
}
