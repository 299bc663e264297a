package dev.ecslab.aws;

import dev.ecslab.error.StepFailedException;

import java.time.Duration;

/**
 * An AWS call still had no answer when the command's --timeout ran out ({@link Deadline}): the run failed (exit 1),
 * whichever phase it was in, as when a wait runs out of budget.
 */
public class RunTimedOutException extends StepFailedException {
    private static final long serialVersionUID = 1L;

    RunTimedOutException(String operation, Duration limit, Throwable cause) {
        super(operation + ": gave up after " + Durations.format(limit) + " (--timeout) waiting for AWS's answer",
                "run again with a longer --timeout; if AWS never answers, check --endpoint-url / AWS_ENDPOINT_URL "
                        + "and your network", cause);
    }
}
