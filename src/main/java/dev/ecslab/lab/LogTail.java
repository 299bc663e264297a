package dev.ecslab.lab;

import dev.ecslab.aws.LogsGateway;
import dev.ecslab.aws.LogsGateway.LogEvent;
import dev.ecslab.report.Results.LogLine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The lab's container logs, as `aws logs tail` reads them: FilterLogEvents from a start time, then (following) again
 * from the newest line seen, every {@link #POLL}. Lines reach CloudWatch a few seconds after they are written and not
 * always in order, so each read goes back {@link #LATE} before the newest line and skips the ids already printed.
 * Nothing is held beyond the page being printed and the ids of the last {@link #LATE} ({@link SeenEvents}).
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
     * Sends each line to {@code sink} in time order, page by page as FilterLogEvents answers them; returns how many.
     * Following, it reads until this thread is interrupted (Ctrl-C ends the process itself).
     */
    public long read(Query query, Instant now, Consumer<LogLine> sink) {
        long from = now.minus(query.since()).toEpochMilli();
        // One read returns each event once; following, the next goes back LATE and skips the ids already printed.
        SeenEvents seen = new SeenEvents(query.follow() ? LATE : Duration.ZERO);
        Printer printer = new Printer(seen, sink);
        while (true) {
            List<String> streams = query.task() == null ? List.of() : streamsOf(query.task());
            if (query.task() == null || !streams.isEmpty()) {
                logs.events(group, streams, from, printer);
            }
            if (!query.follow()) {
                return printer.printed;
            }
            from = Math.max(from, seen.horizon());
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return printer.printed;
            }
        }
    }

    /** Prints each page's events not seen before, and counts them. */
    private static final class Printer implements Consumer<List<LogEvent>> {
        private final SeenEvents seen;
        private final Consumer<LogLine> sink;
        private long printed;

        Printer(SeenEvents seen, Consumer<LogLine> sink) {
            this.seen = seen;
            this.sink = sink;
        }

        @Override
        public void accept(List<LogEvent> page) {
            for (LogEvent e : page) {
                if (seen.firstTime(e)) {
                    sink.accept(new LogLine(Instant.ofEpochMilli(e.timestampMillis()), taskOf(e.stream()),
                            e.message()));
                    printed++;
                }
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
