package dev.ecslab.aws;

import java.time.Duration;

/**
 * A named bound on one wait: how long at most, and how often to look. Every wait in ecslab has one, so a message
 * can say which wait ran out ("service stable: gave up after 15m0s"). With {@code firstInterval} set, the looks
 * start that quickly and double up to {@code interval}: for eventual-consistency windows, which usually close in
 * seconds but sometimes take minutes.
 */
public record Budget(String name, Duration limit, Duration interval, Duration firstInterval) {
    public Budget {
        if (limit.isNegative() || interval.isNegative() || interval.isZero()
                || (firstInterval != null && (firstInterval.isNegative() || firstInterval.isZero()))) {
            throw new IllegalArgumentException("bad budget " + name + ": " + limit + " every " + interval);
        }
    }

    public Budget(String name, Duration limit, Duration interval) {
        this(name, limit, interval, null);
    }

    public Budget withInterval(Duration newInterval) {
        return new Budget(name, limit, newInterval, firstInterval);
    }

    /** Looks after {@code first}, then twice as long each time, up to the interval. */
    public Budget withBackoffFrom(Duration first) {
        return new Budget(name, limit, interval, first.compareTo(interval) < 0 ? first : interval);
    }

    /** How long to sleep before look number {@code look + 1} (the first look is number 0). */
    public Duration sleepAfter(int look) {
        if (firstInterval == null) {
            return interval;
        }
        Duration d = firstInterval.multipliedBy(1L << Math.min(look, 20));
        return d.compareTo(interval) < 0 ? d : interval;
    }
}
