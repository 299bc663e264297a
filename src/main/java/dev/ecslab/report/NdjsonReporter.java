package dev.ecslab.report;

import dev.ecslab.json.Json;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress for programs (--progress json): the same events, one JSON object per line on stderr
 * (docs/json/progress.schema.json).
 */
public final class NdjsonReporter implements Reporter {
    private final PrintWriter err;
    private final String lab;

    public NdjsonReporter(PrintWriter err, String lab) {
        this.err = err;
        this.lab = lab;
    }

    @Override
    public synchronized void emit(Event e) {
        err.println(line(e.type().name().toLowerCase(), lab, e.step(), e.message(), e.fields()));
        err.flush();
    }

    /**
     * One progress line; also for what is said outside a reporter (an error, an interrupt), so that with
     * --progress json every stderr line is one of these. Durations are written as seconds.
     */
    public static String line(String type, String lab, String step, String message, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("ts", Instant.now());
        line.put("lab", lab);
        line.put("step", step);
        if (message != null) {
            line.put("message", message);
        }
        fields.forEach((k, v) -> line.put(k, v instanceof Duration d ? d.toMillis() / 1000.0 : v));
        return Json.write(line);
    }
}
