package dev.ecslab.aws;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollerTest {
    /** A clock that only moves when the poller sleeps. */
    static final class FakeClock implements Poller.Clock {
        long nanos;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public void sleep(Duration d) {
            nanos += d.toNanos();
        }
    }

    private final Budget budget = new Budget("thing ready", Duration.ofSeconds(30), Duration.ofSeconds(5));

    @Test
    void returns_the_value_once_done_and_reports_every_pending_poll() {
        AtomicInteger looks = new AtomicInteger();
        List<String> heard = new ArrayList<>();
        String value = new Poller(new FakeClock()).poll(budget, (b, elapsed, status) -> heard.add(status + "@"
                + elapsed.toSeconds()), () -> looks.incrementAndGet() < 3 ? Poll.pending("look " + looks.get())
                : Poll.done("ready", "done"));
        assertEquals("ready", value);
        assertEquals(List.of("look 1@0", "look 2@5"), heard);
    }

    @Test
    void with_backoff_it_looks_again_soon_then_twice_as_long_up_to_the_interval() {
        List<Long> at = new ArrayList<>();
        FakeClock clock = new FakeClock();
        new Poller(clock).poll(budget.withBackoffFrom(Duration.ofMillis(500)), WaitListener.NONE, () -> {
            at.add(clock.nanos / 1_000_000);
            return at.size() < 7 ? Poll.pending("not visible yet") : Poll.done(true, "visible");
        });
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 12500L, 17500L), at);
    }

    @Test
    void expecting_a_phase_it_looks_every_interval_until_due_then_quickly_slowing_as_it_runs_late() {
        List<Long> at = new ArrayList<>();
        FakeClock clock = new FakeClock();
        Budget expecting = new Budget("thing ready", Duration.ofSeconds(60), Duration.ofSeconds(5))
                .expecting(Duration.ofSeconds(12));
        new Poller(clock).poll(expecting, WaitListener.NONE, () -> {
            at.add(clock.nanos / 1_000_000);
            return at.size() < 9 ? Poll.pending("provisioning") : Poll.done(true, "active");
        });
        // 0, 5, 10 every interval; 12 when due; then a fifth of the interval (1 s) while only a little late,
        // half of the lateness after that, never more than the interval.
        assertEquals(List.of(0L, 5000L, 10000L, 12000L, 13000L, 14000L, 15000L, 16500L, 18750L), at);
    }

    @Test
    void retry_calls_again_while_the_answer_means_not_yet_and_fails_at_once_on_any_other() {
        AwsCallException notYet = new AwsCallException("create thing", "InvalidGroup.NotFound", "not there", null,
                400, null);
        AwsCallException other = new AwsCallException("create thing", "InvalidParameterValue", "bad", null, 400,
                null);
        AtomicInteger calls = new AtomicInteger();
        List<String> heard = new ArrayList<>();
        String made = new Poller(new FakeClock()).retry(budget, (b, elapsed, status) -> heard.add(status), () -> {
            if (calls.incrementAndGet() < 3) {
                throw notYet;
            }
            return "made";
        }, e -> "InvalidGroup.NotFound".equals(e.errorCode()) ? "not visible yet" : null);
        assertEquals("made", made);
        assertEquals(List.of("not visible yet", "not visible yet"), heard);

        AwsCallException thrown = assertThrows(AwsCallException.class, () -> new Poller(new FakeClock()).retry(
                budget, WaitListener.NONE, () -> {
                    throw other;
                }, e -> "InvalidGroup.NotFound".equals(e.errorCode()) ? "not visible yet" : null));
        assertEquals(other, thrown);
    }

    @Test
    void gives_up_when_the_budget_is_spent_naming_the_wait_and_the_last_status() {
        WaitFailedException e = assertThrows(WaitFailedException.class, () -> new Poller(new FakeClock())
                .poll(budget, WaitListener.NONE, () -> Poll.pending("still booting")));
        assertTrue(e.timedOut());
        assertEquals("still booting", e.lastStatus());
        assertEquals("thing ready: gave up after 30s; last seen: still booting", e.getMessage());
    }

    @Test
    void giving_up_before_the_limit_says_when_and_why_not_the_limit_alone() {
        Budget short26 = new Budget("load balancer active", Duration.ofMillis(2600), Duration.ofSeconds(2));
        WaitFailedException e = assertThrows(WaitFailedException.class, () -> new Poller(new FakeClock())
                .poll(short26, WaitListener.NONE, () -> Poll.pending("provisioning")));
        assertEquals("load balancer active: gave up after 2s: the next look would come after its limit of 2.6s; "
                + "last seen: provisioning", e.getMessage());
    }

    @Test
    void stops_at_once_on_a_decided_failure() {
        AtomicInteger looks = new AtomicInteger();
        WaitFailedException e = assertThrows(WaitFailedException.class, () -> new Poller(new FakeClock())
                .poll(budget, WaitListener.NONE, () -> {
                    looks.incrementAndGet();
                    return Poll.failed("deployment FAILED");
                }));
        assertFalse(e.timedOut());
        assertEquals(1, looks.get());
        assertEquals("deployment FAILED", e.getMessage());
    }

    @Test
    void a_look_still_throttled_or_failing_on_the_server_side_only_costs_that_look() {
        AtomicInteger looks = new AtomicInteger();
        List<String> heard = new ArrayList<>();
        String value = new Poller(new FakeClock()).poll(budget, (b, elapsed, status) -> heard.add(status), () -> {
            switch (looks.incrementAndGet()) {
                case 1:
                    throw new AwsCallException("describe services", "ThrottlingException", "Rate exceeded", "r", 400,
                            null);
                case 2:
                    throw new AwsCallException("describe services", null, "Internal error", "r", 500, null);
                default:
                    return Poll.done("stable", "done");
            }
        });
        assertEquals("stable", value);
        assertEquals(2, heard.size());
        assertTrue(heard.get(0).contains("ThrottlingException: Rate exceeded"), heard.get(0));
    }

    @Test
    void any_other_failure_of_a_look_ends_the_wait() {
        AwsCallException denied = new AwsCallException("describe services", "AccessDeniedException", "no", "r", 400,
                null);
        AwsCallException e = assertThrows(AwsCallException.class, () -> new Poller(new FakeClock())
                .poll(budget, WaitListener.NONE, () -> {
                    throw denied;
                }));
        assertEquals(denied, e);
    }

    @Test
    void no_capacity_in_a_zone_is_an_answer_not_a_hiccup_and_ends_the_wait() {
        AwsCallException full = new AwsCallException("run instance", "InsufficientInstanceCapacity",
                "We currently do not have sufficient t3.micro capacity", "r", 500, null);
        AtomicInteger looks = new AtomicInteger();
        AwsCallException e = assertThrows(AwsCallException.class, () -> new Poller(new FakeClock())
                .poll(budget, WaitListener.NONE, () -> {
                    looks.incrementAndGet();
                    throw full;
                }));
        assertEquals(full, e);
        assertEquals(1, looks.get());
    }
}
