package dev.ecslab.lab;

import dev.ecslab.aws.Budget;
import dev.ecslab.aws.WaitListener;
import dev.ecslab.report.Reporter;

import java.time.Duration;
import java.util.Objects;

/** Turns polls into "waiting" events: whenever the status changes, and at least every 15 s while it does not. */
final class Heartbeat implements WaitListener {
    static final Duration EVERY = Duration.ofSeconds(15);

    private final Reporter reporter;
    private final String step;
    private String lastStatus;
    private Duration lastShown = Duration.ofDays(-1);

    Heartbeat(Reporter reporter, String step) {
        this.reporter = reporter;
        this.step = step;
    }

    @Override
    public synchronized void polled(Budget budget, Duration elapsed, String status) {
        boolean changed = !Objects.equals(status, lastStatus);
        if (changed || elapsed.minus(lastShown).compareTo(EVERY) >= 0) {
            reporter.waiting(step, budget.name(), elapsed, budget.limit(), budget.due(), status);
            lastStatus = status;
            lastShown = elapsed;
        }
    }
}
