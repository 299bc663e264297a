package dev.ecslab.report;

import dev.ecslab.state.ResourceRef.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where steps send what happens; they never print. Implementations render to stderr as human lines or NDJSON.
 * Must be safe to call from several threads (independent steps run concurrently).
 */
public interface Reporter {
    void emit(Event event);

    default void stepStarted(String step, String what) {
        emit(new Event(Event.Type.STEP_STARTED, Instant.now(), step, what, null));
    }

    default void stepDone(String step, Duration elapsed) {
        emit(new Event(Event.Type.STEP_DONE, Instant.now(), step, "done", Map.of("elapsed", elapsed)));
    }

    default void stepFailed(String step, String cause, Duration elapsed) {
        emit(new Event(Event.Type.STEP_FAILED, Instant.now(), step, cause, Map.of("elapsed", elapsed)));
    }

    /** Dry run: "(plan) would create target group ecslab-demo-tg (HTTP:80, health check every 5s)". */
    default void planned(String step, String action, Kind kind, String name, String details) {
        emit(new Event(Event.Type.PLANNED, Instant.now(), step, details,
                resource(kind, name, null, "action", action)));
    }

    default void created(String step, Kind kind, String name, String id) {
        emit(new Event(Event.Type.CREATED, Instant.now(), step, null, resource(kind, name, id)));
    }

    default void adopted(String step, Kind kind, String name, String id) {
        emit(new Event(Event.Type.ADOPTED, Instant.now(), step, null, resource(kind, name, id)));
    }

    default void deleted(String step, Kind kind, String name, String id) {
        emit(new Event(Event.Type.DELETED, Instant.now(), step, null, resource(kind, name, id)));
    }

    /** Heartbeat of a wait: what, how long so far, its budget, the latest real status. */
    default void waiting(String step, String what, Duration elapsed, Duration budget, String status) {
        waiting(step, what, elapsed, budget, null, status);
    }

    /** As above, with how long the wait usually takes on AWS (null if not known). */
    default void waiting(String step, String what, Duration elapsed, Duration budget, Duration typical,
                         String status) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("elapsed", elapsed);
        f.put("budget", budget);
        if (typical != null) {
            f.put("typical", typical);
        }
        if (status != null) {
            f.put("status", status);
        }
        emit(new Event(Event.Type.WAITING, Instant.now(), step, what, f));
    }

    default void info(String step, String message) {
        emit(new Event(Event.Type.INFO, Instant.now(), step, message, null));
    }

    /** Routine detail (e.g. ECS's "has reached a steady state"): people see it with --verbose. */
    default void detail(String step, String message) {
        emit(new Event(Event.Type.DETAIL, Instant.now(), step, message, null));
    }

    default void warning(String step, String message) {
        emit(new Event(Event.Type.WARNING, Instant.now(), step, message, null));
    }

    /** A verify check: result OK, NG or SKIP with its evidence. */
    default void check(String step, String name, String result, String evidence) {
        emit(new Event(Event.Type.CHECK, Instant.now(), step, name, Map.of("result", result, "evidence", evidence)));
    }

    /** The next useful command, e.g. "ecslab verify --lab demo". */
    default void next(String command) {
        emit(new Event(Event.Type.NEXT, Instant.now(), null, command, null));
    }

    /** Who is calling where: the account and region every later event belongs to. */
    default void caller(String account, String region, String arn) {
        emit(new Event(Event.Type.INFO, Instant.now(), "preflight", "account " + account + ", region " + region
                + ", caller " + arn, Map.of("account", account, "region", region, "caller", arn)));
    }

    private static Map<String, Object> resource(Kind kind, String name, String id, Object... more) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", kind.id());
        if (name != null) {
            f.put("name", name);
        }
        if (id != null) {
            f.put("id", id);
        }
        for (int i = 0; i + 1 < more.length; i += 2) {
            f.put((String) more[i], more[i + 1]);
        }
        return f;
    }
}
