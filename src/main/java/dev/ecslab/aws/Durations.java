package dev.ecslab.aws;

import java.time.Duration;

/** Human-readable durations for messages: "45s", "1m20s", "15m0s". */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return d.toMillis() < 10_000 && d.toMillis() % 1000 != 0
                    ? String.format("%.1fs", d.toMillis() / 1000.0) : s + "s";
        }
        return s >= 3600 ? (s / 3600) + "h" + (s % 3600 / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
    }
}
