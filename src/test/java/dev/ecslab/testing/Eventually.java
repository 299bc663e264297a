package dev.ecslab.testing;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads through AWS's eventual consistency, as a careful client does: the strict emulator, like EC2, does not show a
 * new security group or instance for a moment, answering "NotFound" to a describe by id. Retries only those answers,
 * for at most 20 seconds; {@link #until} also waits for an answer that lags behind a change.
 */
public final class Eventually {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Eventually() {
    }

    public static <T> T visible(Supplier<T> read) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            try {
                return read.get();
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (code == null || !code.contains("NotFound") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A read, again until its answer shows a change AWS lags behind (a target group's LoadBalancerArns right after
     * CreateListener), for at most 20 seconds; the last answer either way, for the test to judge.
     */
    public static <T> T until(Supplier<T> read, Predicate<T> shows) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T answer = visible(read);
        while (!shows.test(answer) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            answer = visible(read);
        }
        return answer;
    }
}
