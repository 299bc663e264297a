package dev.ecslab.lab;

import dev.ecslab.aws.LogsGateway;
import dev.ecslab.aws.LogsGateway.LogEvent;
import dev.ecslab.report.Results.LogLine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The lab's container logs, as `aws logs tail` reads them: FilterLogEvents from a start time, then (following) again
 * from the newest line seen, every {@link #POLL}. Lines reach CloudWatch a few seconds after they are written and not
 * always in order, so each read goes back {@link #LATE} before the newest line and skips the ids already printed.
 */
public final class LogTail {
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration LATE = Duration.ofSeconds(10);

    /** What to read: since when, one task's lines only (an id or its first characters; null for all), follow. */
    public record Query(Duration since, String task, boolean follow) { }

    private final LogsGateway logs;
    private final String group;

    public LogTail(LogsGateway logs, String group) {
        this.logs = logs;
        this.group = group;
    }

    /**
     * Sends each line to {@code sink} in time order; returns how many. Following, it reads until this thread is
     * interrupted (Ctrl-C ends the process itself).
     */
    public long read(Query query, Instant now, Consumer<LogLine> sink) {
        long from = now.minus(query.since()).toEpochMilli();
        Set<String> printed = new HashSet<>();
        long count = 0;
        while (true) {
            List<String> streams = query.task() == null ? List.of() : streamsOf(query.task());
            List<LogEvent> events = query.task() != null && streams.isEmpty() ? List.of()
                    : logs.events(group, streams, from);
            long newest = from;
            for (LogEvent e : events) {
                if (printed.add(e.id())) {
                    sink.accept(new LogLine(Instant.ofEpochMilli(e.timestampMillis()), taskOf(e.stream()),
                            e.message()));
                    count++;
                }
                newest = Math.max(newest, e.timestampMillis());
            }
            if (!query.follow()) {
                return count;
            }
            from = Math.max(from, newest - LATE.toMillis());
            long next = from; // what the next read can return again: the ids at or after its start
            printed = events.stream().filter(e -> e.timestampMillis() >= next).map(LogEvent::id)
                    .collect(Collectors.toCollection(HashSet::new));
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return count;
            }
        }
    }

    /** The streams of the tasks whose id starts with {@code task} (awslogs names them prefix/container/task-id). */
    private List<String> streamsOf(String task) {
        return logs.streamNames(group, "").stream().filter(s -> taskOf(s).startsWith(task))
                .collect(Collectors.toList());
    }

    /** The task id a stream belongs to: the last part of its name. */
    static String taskOf(String stream) {
        return stream.substring(stream.lastIndexOf('/') + 1);
    }
}
