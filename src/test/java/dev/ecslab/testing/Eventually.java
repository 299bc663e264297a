package dev.ecslab.testing;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reads through AWS's eventual consistency, as a careful client does: the strict emulator, like EC2, does not show a
 * new security group or instance for a moment, answering "NotFound" to a describe by id. Retries only those answers,
 * for at most 20 seconds.
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
}
