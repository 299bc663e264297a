package dev.ecslab.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened during a run, rendered by a {@link Reporter} as a human line or one NDJSON object.
 * {@code fields} carries the details (kind, name, id, elapsed, budget, status, check, evidence ...).
 */
public record Event(Type type, Instant ts, String step, String message, Map<String, Object> fields) {
    public enum Type {
        STEP_STARTED, STEP_DONE, STEP_FAILED, PLANNED, CREATED, ADOPTED, DELETED, WAITING, INFO, DETAIL, WARNING,
        CHECK, NEXT, EXPLAIN
    }

    public Event {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public Duration elapsed() {
        Object e = fields.get("elapsed");
        return e instanceof Duration d ? d : null;
    }
}
