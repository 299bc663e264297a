package dev.ecslab.aws;

import java.time.Duration;

/**
 * A named bound on one wait: how long at most, and how often to look. Every wait in ecslab has one, so a message
 * can say which wait ran out ("service stable: gave up after 15m0s").
 */
public record Budget(String name, Duration limit, Duration interval) {
    public Budget {
        if (limit.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("bad budget " + name + ": " + limit + " every " + interval);
        }
    }

    public Budget withInterval(Duration newInterval) {
        return new Budget(name, limit, newInterval);
    }

    public Budget withLimit(Duration newLimit) {
        return new Budget(name, newLimit, interval);
    }
}
