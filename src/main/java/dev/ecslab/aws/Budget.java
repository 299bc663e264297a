package dev.ecslab.aws;

import java.time.Duration;

/**
 * A named bound on one wait: how long at most, and how often to look. Every wait in ecslab has one, so a message
 * can say which wait ran out ("service stable: gave up after 15m0s"). With {@code firstInterval} set, the looks
 * start that quickly and double up to {@code interval}: for eventual-consistency windows, which usually close in
 * seconds but sometimes take minutes. With {@code due} set (the phase's typical time on AWS), the looks follow it:
 * every interval until it is due, one look right then, then quickly (a fifth of the interval), slowing again as the
 * phase runs late — a wait ends within a moment of what it waits for, without looking more often than it must.
 */
public record Budget(String name, Duration limit, Duration interval, Duration firstInterval, Duration due) {
    public Budget {
        if (limit.isNegative() || interval.isNegative() || interval.isZero()
                || (firstInterval != null && (firstInterval.isNegative() || firstInterval.isZero()))
                || (due != null && due.isNegative())) {
            throw new IllegalArgumentException("bad budget " + name + ": " + limit + " every " + interval);
        }
    }

    public Budget(String name, Duration limit, Duration interval) {
        this(name, limit, interval, null, null);
    }

    public Budget withInterval(Duration newInterval) {
        return new Budget(name, limit, newInterval, firstInterval, due);
    }

    /** Looks after {@code first}, then twice as long each time, up to the interval. */
    public Budget withBackoffFrom(Duration first) {
        return new Budget(name, limit, interval, first.compareTo(interval) < 0 ? first : interval, due);
    }

    /** Expects the phase to be over after {@code typical}; see the class comment. */
    public Budget expecting(Duration typical) {
        return new Budget(name, limit, interval, firstInterval, typical);
    }

    /** How long to sleep before look number {@code look + 1} (the first look is number 0), {@code elapsed} in. */
    public Duration sleepAfter(int look, Duration elapsed) {
        if (due != null) {
            Duration quick = interval.dividedBy(5);
            Duration untilDue = due.minus(elapsed);
            if (untilDue.compareTo(quick) > 0) {
                return min(untilDue, interval);
            }
            Duration halfLate = elapsed.minus(due).dividedBy(2);
            return min(halfLate.compareTo(quick) > 0 ? halfLate : quick, interval);
        }
        if (firstInterval == null) {
            return interval;
        }
        return min(firstInterval.multipliedBy(1L << Math.min(look, 20)), interval);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
