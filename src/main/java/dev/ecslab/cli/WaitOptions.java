package dev.ecslab.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** --timeout, for every command that waits. */
final class WaitOptions {
    @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Give up waiting after this long, e.g. 20m (default: 30m).")
    Duration timeout;
}
