package dev.ecslab.aws;

import java.time.Duration;

/** Told about every poll of a wait, with the latest real status seen (service events, target reasons ...). */
@FunctionalInterface
public interface WaitListener {
    WaitListener NONE = (budget, elapsed, status) -> { };

    void polled(Budget budget, Duration elapsed, String status);
}
