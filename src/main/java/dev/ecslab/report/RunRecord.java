package dev.ecslab.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Passes every event on, keeping what the result document needs from them (docs/json.md): the account and region,
 * each step's outcome and time, and a dry-run's plan. Steps run concurrently, so it is thread-safe.
 */
public final class RunRecord implements Reporter {
    /** result: done or failed. */
    public record StepTime(String name, String result, Duration elapsed) { }

    public record PlannedAction(String step, String action, String kind, String name, String details) { }

    private final Reporter next;
    private final long startedNanos = System.nanoTime();
    private final List<StepTime> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<PlannedAction> plan = Collections.synchronizedList(new ArrayList<>());
    private volatile String account;
    private volatile String region;

    public RunRecord(Reporter next) {
        this.next = next;
    }

    @Override
    public void emit(Event e) {
        switch (e.type()) {
            case INFO -> {
                if (e.fields().get("account") != null) {
                    account = (String) e.fields().get("account");
                    region = (String) e.fields().get("region");
                }
            }
            case STEP_DONE -> steps.add(new StepTime(e.step(), "done", e.elapsed()));
            case STEP_FAILED -> steps.add(new StepTime(e.step(), "failed", e.elapsed()));
            case PLANNED -> plan.add(new PlannedAction(e.step(), (String) e.fields().get("action"),
                    (String) e.fields().get("kind"), (String) e.fields().get("name"), e.message()));
            default -> { }
        }
        next.emit(e);
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public List<StepTime> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    public List<PlannedAction> plan() {
        synchronized (plan) {
            return List.copyOf(plan);
        }
    }

    /** Since the command started (for a failure's document, which has no result to take it from). */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
