package dev.ecslab.lab;

import dev.ecslab.aws.LogsGateway.LogEvent;

import java.time.Duration;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ids of the log events seen at or after a horizon that follows the newest one: {@code margin} before it. A read
 * that starts no earlier than the horizon can return only these again, so older ids are forgotten as the newest
 * moves on, and the set holds the lines of one margin however many lines pass.
 */
final class SeenEvents {
    private final long marginMillis;
    /** An event's id is unique to it, and so to its timestamp: kept by timestamp, the old ones drop in one cut. */
    private final NavigableMap<Long, Set<String>> idsByTime = new TreeMap<>();

    SeenEvents(Duration margin) {
        this.marginMillis = margin.toMillis();
    }

    /** True the first time an event is offered; false for an event seen before. */
    boolean firstTime(LogEvent event) {
        boolean first = idsByTime.computeIfAbsent(event.timestampMillis(), t -> new HashSet<>()).add(event.id());
        idsByTime.headMap(horizon(), false).clear();
        return first;
    }

    /** The newest event's time less the margin; Long.MIN_VALUE before any event. */
    long horizon() {
        return idsByTime.isEmpty() ? Long.MIN_VALUE : idsByTime.lastKey() - marginMillis;
    }

    /** How many ids are remembered. */
    int size() {
        return idsByTime.values().stream().mapToInt(Set::size).sum();
    }
}
