package dev.ecslab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;

/** --timeout, for every command that waits. */
final class WaitOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Duration timeout;

    @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Give up waiting after this long, e.g. 20m (default: 30m).")
    void setTimeout(Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ParameterException(command.commandLine(), "--timeout must be longer than zero (got " + value
                    + ")");
        }
        timeout = value;
    }
}
