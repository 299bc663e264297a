package dev.ecslab.aws;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one polling loop, used for every wait — also where the SDK has a waiter — because each look yields a status
 * for the heartbeat ("running 2/4, healthy targets 1/2") and can decide a failure at once (a FAILED deployment, a
 * pull error) instead of waiting out its budget, which it never outlives. A look that still fails with throttling or
 * a server error after the SDK's retries counts as "not yet"; any other exception ends the wait. How often it looks
 * is the budget's to say ({@link Budget#sleepAfter}).
 */
public final class Poller {
    private final Clock clock;

    /** Time source, replaceable in unit tests. */
    public interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }
        };

        long nanos();

        void sleep(Duration d) throws InterruptedException;
    }

    public Poller() {
        this(Clock.SYSTEM);
    }

    public Poller(Clock clock) {
        this.clock = clock;
    }

    /** Throttling and server errors the SDK's retries could not absorb only cost this one look, not the wait. */
    private static <T> Poll<T> lookThroughHiccups(Supplier<Poll<T>> look) {
        try {
            return look.get();
        } catch (AwsCallException e) {
            if (e.isThrottling() || e.isServerHiccup()) {
                return Poll.pending("could not look this time (" + e.getMessage() + "); trying again");
            }
            throw e;
        }
    }

    /**
     * Calls until the call stops failing with an answer that means "not yet" — an eventual-consistency window, a
     * resource still in use — for which {@code notYet} gives the status to report (null: any other failure, which
     * ends the wait at once). The retries of a create or delete that AWS refuses for a while all go through here.
     */
    public <T> T retry(Budget budget, WaitListener listener, Supplier<T> call,
                       Function<AwsCallException, String> notYet) {
        return poll(budget, listener, () -> {
            try {
                return Poll.done(call.get(), budget.name());
            } catch (AwsCallException e) {
                String status = notYet.apply(e);
                if (status == null) {
                    throw e;
                }
                return Poll.pending(status);
            }
        });
    }

    /** The time it gave up at: before its limit when the next look would have come after it (a short --timeout). */
    private static String gaveUp(Budget budget, Duration elapsed) {
        String at = Durations.format(elapsed);
        String limit = Durations.format(budget.limit());
        return elapsed.compareTo(budget.limit()) >= 0 || at.equals(limit) ? "gave up after " + limit
                : "gave up after " + at + ": the next look would come after its limit of " + limit;
    }

    public <T> T poll(Budget budget, WaitListener listener, Supplier<Poll<T>> look) {
        long start = clock.nanos();
        String last = null;
        for (int n = 0; ; n++) {
            Poll<T> p = lookThroughHiccups(look);
            Duration elapsed = Duration.ofNanos(clock.nanos() - start);
            if (p instanceof Poll.Done<T> d) {
                return d.value();
            }
            if (p instanceof Poll.Failed<T> f) {
                throw new WaitFailedException(budget, false, f.reason(), last);
            }
            last = ((Poll.Pending<T>) p).status();
            listener.polled(budget, elapsed, last);
            Duration sleep = budget.sleepAfter(n, elapsed);
            if (elapsed.plus(sleep).compareTo(budget.limit()) > 0) {
                throw new WaitFailedException(budget, true, budget.name() + ": " + gaveUp(budget, elapsed)
                        + (last == null ? "" : "; last seen: " + last), last);
            }
            try {
                clock.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitFailedException(budget, false, budget.name() + ": interrupted", last);
            }
        }
    }
}
