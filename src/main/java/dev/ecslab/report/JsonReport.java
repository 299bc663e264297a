package dev.ecslab.report;

import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.json.Json;
import dev.ecslab.report.Results.ResourceView;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of a command for programs (-o json): exactly one JSON document on stdout, of one shape for every
 * command, success or failure — every key always present, null or empty when it does not apply (docs/json.md,
 * docs/json/result.schema.json).
 */
public final class JsonReport implements ResultPrinter {
    public static final String SCHEMA = "ecslab/result/v1";

    /** What a failed command's document says about the failure. */
    public record Failure(String message, String hint, int exitCode, Results.VerifyReport verify,
                          Results.DoctorReport doctor, List<Leftover> leftovers) {
        public Failure(String message, String hint, int exitCode, Results.VerifyReport verify,
                       List<Leftover> leftovers) {
            this(message, hint, exitCode, verify, null, leftovers);
        }
    }

    private final PrintWriter out;
    private final RunRecord record;

    /** @param record the run's events, or null when the command never started (a usage error) */
    public JsonReport(PrintWriter out, RunRecord record) {
        this.out = out;
        this.record = record;
    }

    @Override
    public void print(Results.StepResult r) {
        Map<String, Object> doc = head(true, r.command(), r.lab(), r.dryRun(), r.elapsed());
        doc.put("resources", resources(r.resources()));
        doc.put("verify", r.verify() == null ? null : verify(r.verify()));
        doc.put("cost", cost(r.cost()));
        doc.put("url", r.url() == null ? null : r.url().url());
        doc.put("next", r.next());
        write(doc);
    }

    @Override
    public void print(Results.VerifyReport r) {
        Map<String, Object> doc = head(true, Verb.VERIFY.word(), r.lab(), false, null);
        doc.put("verify", verify(r));
        write(doc);
    }

    @Override
    public void print(Results.CleanupResult r) {
        Map<String, Object> doc = head(true, Verb.CLEANUP.word(), r.lab(), r.dryRun(), r.elapsed());
        // a dry-run deleted nothing: what it would delete is its plan
        doc.put("deleted", r.dryRun() ? List.of() : resources(r.deleted()));
        doc.put("notDeleted", r.notDeleted().stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", n.type());
            m.put("name", n.name());
            m.put("id", n.id());
            m.put("reason", n.reason());
            return m;
        }).collect(Collectors.toList()));
        write(doc);
    }

    @Override
    public void print(Results.StatusReport r) {
        Map<String, Object> doc = head(true, Verb.STATUS.word(), r.lab(), false, null);
        if (doc.get("region") == null) {
            doc.put("region", r.region());
        }
        doc.put("resources", resources(r.resources()));
        doc.put("cost", cost(r.cost()));
        doc.put("url", r.url() == null ? null : r.url().url());
        doc.put("next", r.next());
        write(doc);
    }

    @Override
    public void print(Results.DoctorReport r) {
        Map<String, Object> doc = head(true, Verb.DOCTOR.word(), r.lab(), false, null);
        if (doc.get("region") == null) {
            doc.put("region", r.region());
        }
        doc.put("doctor", doctor(r));
        write(doc);
    }

    @Override
    public void print(Results.LabsReport r) {
        Map<String, Object> doc = head(true, Verb.LS.word(), null, false, null);
        if (doc.get("region") == null) {
            doc.put("region", r.region());
        }
        doc.put("labs", r.labs().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("resources", l.resources());
            m.put("createdAt", l.createdAt());
            m.put("state", l.state());
            m.put("cost", cost(l.cost()));
            return m;
        }).collect(Collectors.toList()));
        write(doc);
    }

    /** The document of a failed command; what the run got to (steps, plan, verify checks) is in it as on success. */
    public void printError(String command, String lab, boolean dryRun, Failure f) {
        Map<String, Object> doc = head(false, command, lab, dryRun, null);
        doc.put("verify", f.verify() == null ? null : verify(f.verify()));
        doc.put("doctor", f.doctor() == null ? null : doctor(f.doctor()));
        if (f.doctor() != null && doc.get("region") == null) {
            doc.put("region", f.doctor().region());
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", f.message());
        error.put("hint", f.hint());
        error.put("exitCode", f.exitCode());
        error.put("leftovers", f.leftovers().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kindId(l.kind()));
            m.put("name", l.name());
            m.put("id", l.id());
            m.put("reason", l.reason());
            return m;
        }).collect(Collectors.toList()));
        doc.put("error", error);
        write(doc);
    }

    /** "alb security group" → "alb-security-group": the identifiers of ResourceRef.Kind. */
    static String kindId(String label) {
        return label == null ? null : label.replace(' ', '-');
    }

    private Map<String, Object> head(boolean ok, String command, String lab, boolean dryRun, Duration elapsed) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("ok", ok);
        doc.put("command", command);
        doc.put("lab", lab);
        doc.put("region", record == null ? null : record.region());
        doc.put("account", record == null ? null : record.account());
        doc.put("dryRun", dryRun);
        Duration took = elapsed != null ? elapsed : record != null ? record.elapsed() : Duration.ZERO;
        doc.put("elapsedSeconds", seconds(took));
        doc.put("steps", record == null ? List.of() : record.steps().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("result", s.result());
            m.put("elapsedSeconds", seconds(s.elapsed()));
            return m;
        }).collect(Collectors.toList()));
        doc.put("plan", record == null ? List.of() : record.plan().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", p.step());
            m.put("action", p.action());
            m.put("kind", p.kind());
            m.put("name", p.name());
            m.put("details", p.details());
            return m;
        }).collect(Collectors.toList()));
        doc.put("resources", List.of());
        doc.put("deleted", List.of());
        doc.put("notDeleted", List.of());
        doc.put("verify", null);
        doc.put("cost", null);
        doc.put("url", null);
        doc.put("next", List.of());
        doc.put("labs", List.of());
        doc.put("doctor", null);
        doc.put("error", null);
        return doc;
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }

    static Map<String, Object> verify(Results.VerifyReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ok", r.ok());
        v.put("checks", r.checks().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("result", c.result().name());
            m.put("evidence", c.evidence());
            return m;
        }).collect(Collectors.toList()));
        return v;
    }

    private static Map<String, Object> doctor(Results.DoctorReport r) {
        Map<String, Object> doctor = new LinkedHashMap<>();
        doctor.put("ok", r.ok());
        doctor.put("checks", r.checks().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("result", c.result().name());
            m.put("evidence", c.evidence());
            m.put("hint", c.hint());
            return m;
        }).collect(Collectors.toList()));
        return doctor;
    }

    private static Map<String, Object> cost(CostEstimate c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perHourUsd", c.perHourUsd());
        m.put("soFarUsd", c.soFarUsd());
        m.put("note", c.note());
        return m;
    }

    static List<Map<String, Object>> resources(List<ResourceView> views) {
        return views.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", v.kind().id());
            m.put("name", v.name());
            m.put("id", v.id());
            m.put("state", v.state());
            m.put("createdAt", v.createdAt());
            m.put("consoleUrl", v.consoleUrl());
            return m;
        }).collect(Collectors.toList());
    }

    private void write(Map<String, Object> doc) {
        out.println(Json.write(doc));
        out.flush();
    }
}
