package dev.ecslab.lab;

import dev.ecslab.aws.LogsGateway.LogEvent;
import dev.ecslab.testing.FakeAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTailTest {
    private static final String GROUP = "/ecs/ecslab-t";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final long T0 = NOW.minusSeconds(60).toEpochMilli();

    /** What happened, in order: "fetch N from T" when the gateway is asked a page, "print MESSAGE" when printed. */
    private final List<String> happened = new ArrayList<>();
    private final FakeAws aws = new FakeAws();

    @AfterEach
    void clearTheInterrupt() { // a following read ends when its thread is interrupted, and leaves the flag set
        Thread.interrupted();
    }

    @Test
    void each_page_is_printed_before_the_next_is_asked_for() {
        aws.on("logs.events", reads(List.of(List.of(events(0, 3), events(3, 3), events(6, 2)))));

        long printed = read(false, null);

        assertEquals(8, printed);
        assertEquals(List.of("fetch 1 from " + T0, "print line 0", "print line 1", "print line 2",
                "fetch 2 from " + T0, "print line 3", "print line 4", "print line 5",
                "fetch 3 from " + T0, "print line 6", "print line 7"), happened);
    }

    @Test
    void following_reads_again_from_late_before_the_newest_line_and_prints_each_line_once() {
        // Lines 0..29 one second apart; the second read goes back 10 s before line 19 and so returns 9..29 again.
        aws.on("logs.events", reads(List.of(List.of(events(0, 10), events(10, 10)),
                List.of(events(9, 11), events(20, 10)))));

        long printed = read(true, null);

        assertEquals(30, printed);
        assertEquals(IntStream.range(0, 30).mapToObj(i -> "print line " + i).collect(Collectors.toList()),
                happened.stream().filter(h -> h.startsWith("print")).collect(Collectors.toList()));
        long secondFrom = T0 + 19_000 - LogTail.LATE.toMillis();
        assertEquals(List.of("fetch 1 from " + T0, "fetch 2 from " + T0, "fetch 3 from " + secondFrom,
                "fetch 4 from " + secondFrom), happened.stream().filter(h -> h.startsWith("fetch"))
                .collect(Collectors.toList()));
    }

    @Test
    void a_task_reads_only_its_own_streams_and_none_when_it_has_none() {
        aws.on("logs.streamNames", args -> List.of("web/web/abc123", "web/web/def456"));
        List<Object> asked = new ArrayList<>();
        Function<Object[], Object> pages = reads(List.of(List.of(events(0, 2))));
        aws.on("logs.events", args -> {
            asked.add(args[1]);
            return pages.apply(args);
        });

        assertEquals(2, read(false, "abc"));
        assertEquals(List.of(List.of("web/web/abc123")), asked);
        assertEquals(0, read(false, "fed"));
        assertEquals(1, asked.size());
    }

    @Test
    void the_seen_ids_are_those_of_the_last_margin_however_many_lines_pass() {
        SeenEvents seen = new SeenEvents(Duration.ofSeconds(10));
        for (int i = 0; i < 100_000; i++) { // a line every millisecond for 100 s
            assertTrue(seen.firstTime(new LogEvent("e" + i, "s", T0 + i, "m")));
        }
        assertEquals(10_001, seen.size()); // the last 10 s, both ends included
        assertEquals(T0 + 99_999 - 10_000, seen.horizon());
        assertFalse(seen.firstTime(new LogEvent("e90000", "s", T0 + 90_000, "m")));
        assertTrue(seen.firstTime(new LogEvent("other", "s", T0 + 90_000, "m")));
    }

    private long read(boolean follow, String task) {
        return new LogTail(aws.gateways().logs(), GROUP).read(new LogTail.Query(Duration.ofSeconds(60), task, follow),
                NOW, line -> happened.add("print " + line.message())).printed();
    }

    /**
     * Each call of events answers the next read's pages, recording each fetch before handing its page on; the last
     * read interrupts the thread, so a following tail stops after it instead of sleeping.
     */
    private Function<Object[], Object> reads(List<List<List<LogEvent>>> reads) {
        Iterator<List<List<LogEvent>>> next = reads.iterator();
        int[] fetched = {0};
        return args -> {
            @SuppressWarnings("unchecked")
            Consumer<List<LogEvent>> page = (Consumer<List<LogEvent>>) args[3];
            for (List<LogEvent> events : next.next()) {
                happened.add("fetch " + ++fetched[0] + " from " + args[2]);
                page.accept(events);
            }
            if (!next.hasNext()) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
    }

    /** Lines first..first+count-1, one second apart, alternating between two tasks' streams. */
    private static List<LogEvent> events(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(i -> new LogEvent("id-" + i,
                "web/web/" + (i % 2 == 0 ? "abc123" : "def456"), T0 + i * 1000L, "line " + i))
                .collect(Collectors.toList());
    }
}
