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

    /**
     * What to read: since when, one task's lines only (an id or its first characters; null for all), follow; the
     * load balancer's health checks too (else hidden and counted); only lines containing {@code grep} (null: all).
     */
    public record Query(Duration since, String task, boolean follow, boolean healthChecks, String grep) {
        public Query(Duration since, String task, boolean follow) {
            this(since, task, follow, false, null);
        }
    }

    /** What a read printed, and how many health checks of the load balancer it hid (those --grep would show). */
    public record Tally(long printed, long healthChecks) { }

    /**
     * The user agent of an ALB's health checks, at the end of each one's nginx access log line: one every 30 s (the
     * target group's interval) from each of the ALB's nodes, to every task, most of the lab's log.
     */
    static final String HEALTH_CHECKER = "ELB-HealthChecker/";

    private final LogsGateway logs;
    private final String group;

    public LogTail(LogsGateway logs, String group) {
        this.logs = logs;
        this.group = group;
    }

    /**
     * Sends each line the query asks for to {@code sink} in time order, page by page as FilterLogEvents answers them;
     * returns how many, and how many health checks it hid. Following, it reads until this thread is interrupted
     * (Ctrl-C ends the process itself).
     */
    public Tally read(Query query, Instant now, Consumer<LogLine> sink) {
        long from = now.minus(query.since()).toEpochMilli();
        // One read returns each event once; following, the next goes back LATE and skips the ids already printed.
        SeenEvents seen = new SeenEvents(query.follow() ? LATE : Duration.ZERO);
        Printer printer = new Printer(seen, query, sink);
        while (true) {
            List<String> streams = query.task() == null ? List.of() : streamsOf(query.task());
            if (query.task() == null || !streams.isEmpty()) {
                logs.events(group, streams, from, printer);
            }
            if (!query.follow()) {
                return printer.tally();
            }
            from = Math.max(from, seen.horizon());
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return printer.tally();
            }
        }
    }

    /** Prints each page's events not seen before that the query asks for, and counts them and the hidden checks. */
    private static final class Printer implements Consumer<List<LogEvent>> {
        private final SeenEvents seen;
        private final Query query;
        private final Consumer<LogLine> sink;
        private long printed;
        private long healthChecks;

        Printer(SeenEvents seen, Query query, Consumer<LogLine> sink) {
            this.seen = seen;
            this.query = query;
            this.sink = sink;
        }

        @Override
        public void accept(List<LogEvent> page) {
            for (LogEvent e : page) {
                if (!seen.firstTime(e) || query.grep() != null && !e.message().contains(query.grep())) {
                    continue;
                }
                if (!query.healthChecks() && e.message().contains(HEALTH_CHECKER)) {
                    healthChecks++;
                    continue;
                }
                sink.accept(new LogLine(Instant.ofEpochMilli(e.timestampMillis()), taskOf(e.stream()), e.message()));
                printed++;
            }
        }

        Tally tally() {
            return new Tally(printed, healthChecks);
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
