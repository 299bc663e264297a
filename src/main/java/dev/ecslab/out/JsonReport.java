package dev.ecslab.out;

import dev.ecslab.app.Results;
import dev.ecslab.app.Results.ResourceView;
import dev.ecslab.json.Json;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The results of a command for programs (-o json): exactly one JSON document on stdout. */
public final class JsonReport {
    private final PrintWriter out;

    public JsonReport(PrintWriter out) {
        this.out = out;
    }

    public void print(Results.StepResult r) {
        Map<String, Object> doc = head(r.lab(), r.command());
        doc.put("dryRun", r.dryRun());
        doc.put("elapsedSeconds", r.elapsed().toMillis() / 1000.0);
        doc.put("resources", resources(r.resources()));
        if (r.verify() != null) {
            doc.put("verify", verify(r.verify()));
        }
        doc.put("url", r.endpointHint());
        doc.put("next", r.next());
        write(doc);
    }

    public void print(Results.VerifyReport r) {
        Map<String, Object> doc = head(r.lab(), "verify");
        doc.put("verify", verify(r));
        write(doc);
    }

    public void print(Results.CleanupResult r) {
        Map<String, Object> doc = head(r.lab(), "cleanup");
        doc.put("dryRun", r.dryRun());
        doc.put("nothingFound", r.nothingFound());
        doc.put("deleted", resources(r.deleted()));
        write(doc);
    }

    public void print(Results.StatusReport r) {
        Map<String, Object> doc = head(r.lab(), "status");
        doc.put("region", r.region());
        doc.put("resources", resources(r.resources()));
        doc.put("costPerHourUsd", r.costPerHourUsd());
        doc.put("costNote", r.costNote());
        doc.put("next", r.next());
        write(doc);
    }

    /** The document for a failed command. */
    public void printError(String message, String hint, int exitCode, Object detail) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("hint", hint);
        error.put("exitCode", exitCode);
        if (detail instanceof Results.VerifyReport v) {
            error.put("verify", verify(v));
        } else if (detail != null) {
            error.put("leftovers", detail);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ok", false);
        doc.put("error", error);
        write(doc);
    }

    static Map<String, Object> verify(Results.VerifyReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ok", r.ok());
        v.put("checks", r.checks().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("result", c.result());
            m.put("evidence", c.evidence());
            return m;
        }).collect(Collectors.toList()));
        return v;
    }

    static List<Map<String, Object>> resources(List<ResourceView> views) {
        return views.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", v.kind());
            m.put("name", v.name());
            m.put("id", v.id());
            m.put("state", v.state());
            m.put("createdAt", v.createdAt());
            return m;
        }).collect(Collectors.toList());
    }

    private static Map<String, Object> head(String lab, String command) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ok", true);
        doc.put("lab", lab);
        doc.put("command", command);
        return doc;
    }

    private void write(Map<String, Object> doc) {
        out.println(Json.write(doc));
        out.flush();
    }
}
