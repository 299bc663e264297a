package dev.ecslab.aws;

import java.time.Duration;
import java.util.Optional;

/**
 * When the command must be over (--timeout, counted from its first AWS call): every AWS call made while it runs is
 * cut off when it passes, preflight included, so no slow or silent endpoint outlives it. A rollback lifts it: a run
 * that used up its time must still be able to remove what it created.
 */
public final class Deadline {
    private volatile Duration limit;
    private volatile long endNanos;

    /** Starts now: calls from here on end at the latest {@code limit} from now. */
    public void start(Duration limit) {
        this.endNanos = System.nanoTime() + limit.toNanos();
        this.limit = limit;
    }

    /** From here on, calls are bounded by their own timeouts alone. */
    public void lift() {
        limit = null;
    }

    /** What is left, or empty when the deadline is not running. */
    public Optional<Duration> left() {
        Duration l = limit;
        return l == null ? Optional.empty() : Optional.of(Duration.ofNanos(endNanos - System.nanoTime()));
    }

    /** The --timeout it was started with, or null when not running. */
    public Duration limit() {
        return limit;
    }
}
