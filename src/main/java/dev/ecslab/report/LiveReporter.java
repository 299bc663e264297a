package dev.ecslab.report;

import dev.ecslab.aws.Durations;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Progress on a terminal: the lines {@link HumanReporter} prints, in colour, scroll by above a block with one line
 * per running step — what it waits for, its clock, and what that phase typically takes on AWS — redrawn in place
 * every half second. {@link #close()} clears the block and prints the timeline: each step's start, duration, total.
 */
public final class LiveReporter implements Reporter, AutoCloseable {
    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private record Running(long startedNanos, String what) { }

    private record Ended(String step, Duration start, Duration took, boolean ok) { }

    private final PrintWriter err;
    private final HumanReporter lines;
    private final Function<String, Optional<Duration>> typical;
    private final int columns;
    private final long t0 = System.nanoTime();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Map<String, Long> started = new LinkedHashMap<>();
    private final List<Ended> timeline = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private int drawn;
    private int tick;

    /**
     * @param typical what a step typically takes on AWS, if known
     * @param columns the terminal's width: a block line must not wrap, or redrawing it in place goes wrong
     */
    public LiveReporter(PrintWriter err, boolean verbose, Function<String, Optional<Duration>> typical,
                        int columns) {
        this.err = err;
        this.lines = new HumanReporter(err, false, verbose);
        this.typical = typical;
        this.columns = Math.max(40, columns);
        this.ticker = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread t = new Thread(work, "ecslab-live-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void emit(Event e) {
        long now = System.nanoTime();
        switch (e.type()) {
            case STEP_STARTED -> {
                running.put(e.step(), new Running(now, e.message()));
                started.putIfAbsent(e.step(), now);
            }
            case WAITING -> running.computeIfPresent(e.step(), (step, r) -> new Running(r.startedNanos(),
                    "waiting for " + e.message() + (e.fields().get("status") == null ? ""
                            : ": " + e.fields().get("status"))));
            case STEP_DONE, STEP_FAILED -> {
                running.remove(e.step());
                long from = started.getOrDefault(e.step(), now);
                timeline.add(new Ended(e.step(), Duration.ofNanos(from - t0), Duration.ofNanos(now - from),
                        e.type() == Event.Type.STEP_DONE));
            }
            default -> { }
        }
        // A step's start and its waits are the block's to show, updated in place; the rest scrolls by above it.
        String line = e.type() == Event.Type.WAITING || e.type() == Event.Type.STEP_STARTED ? null
                : lines.format(e);
        clearBlock();
        if (line != null) {
            err.println(Ansi.colourLine(HumanReporter.shown(e, line)));
        }
        drawBlock();
        err.flush();
    }

    private synchronized void redraw() {
        tick++;
        clearBlock();
        drawBlock();
        err.flush();
    }

    private void clearBlock() {
        if (drawn > 0) { // to the start of the block's first line, then clear to the end of the screen
            err.print("\u001b[" + drawn + "F\u001b[J");
            drawn = 0;
        }
    }

    private void drawBlock() {
        long now = System.nanoTime();
        for (Map.Entry<String, Running> r : running.entrySet()) {
            Duration elapsed = Duration.ofNanos(now - r.getValue().startedNanos()).withNanos(0);
            String clock = Durations.format(elapsed) + typical.apply(r.getKey())
                    .map(t -> " (on AWS ~" + Durations.format(t) + ")").orElse("");
            String head = SPINNER[tick % SPINNER.length] + " [" + r.getKey() + "] ";
            String what = ShortIds.in(Printable.line(r.getValue().what())); // a waited-on status may be AWS's text
            int room = columns - 1 - head.length() - clock.length() - 2;
            if (what.length() > room) {
                what = room > 1 ? what.substring(0, room - 1) + "…" : "";
            }
            err.println(Ansi.CYAN + head + Ansi.RESET + what + "  " + Ansi.DIM + clock + Ansi.RESET);
            drawn++;
        }
    }

    /** Clears the block and prints the timeline of the steps that ran. */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        clearBlock();
        if (!timeline.isEmpty()) {
            err.println("timeline:");
            for (Ended s : timeline) {
                err.println(String.format("  %-9s %8s → %-8s %s", s.step(), Durations.format(s.start().withNanos(0)),
                        Durations.format(s.start().plus(s.took()).withNanos(0)), s.ok() ? Durations.format(s.took())
                                : Ansi.RED + Durations.format(s.took()) + " failed" + Ansi.RESET));
            }
            err.println("total " + Durations.format(Duration.ofNanos(System.nanoTime() - t0)));
        }
        err.flush();
    }
}
