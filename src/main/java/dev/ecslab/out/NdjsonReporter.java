package dev.ecslab.out;

import dev.ecslab.json.Json;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Progress for programs (-o json): the same events, one JSON object per line on stderr. */
public final class NdjsonReporter implements Reporter {
    private final PrintWriter err;
    private final String lab;

    public NdjsonReporter(PrintWriter err, String lab) {
        this.err = err;
        this.lab = lab;
    }

    @Override
    public synchronized void emit(Event e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", e.type().name().toLowerCase());
        line.put("ts", e.ts());
        line.put("lab", lab);
        line.put("step", e.step());
        if (e.message() != null) {
            line.put("message", e.message());
        }
        e.fields().forEach((k, v) -> line.put(k, v instanceof Duration d ? d.toMillis() / 1000.0 : v));
        err.println(Json.write(line));
        err.flush();
    }
}
