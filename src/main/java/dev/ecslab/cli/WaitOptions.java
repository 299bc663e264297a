package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;

/** --timeout, for every command that waits. */
final class WaitOptions implements LabResolver.Flags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * No wait runs longer than its own limit (15 minutes at most), so a longer --timeout changes nothing; the cap keeps
     * the run's deadline (now + --timeout) a time that exists.
     */
    static final Duration MAX = Duration.ofHours(24);

    Duration timeout;

    @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Give up after this long, e.g. 20m, counted from the first AWS call: checks, calls and "
                    + "waits (default: 30m; at most 24h). A rollback gets its own time.")
    void setTimeout(Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ParameterException(command.commandLine(), "--timeout must be longer than zero (got " + value
                    + ")");
        }
        if (value.compareTo(MAX) > 0) {
            throw new ParameterException(command.commandLine(), "--timeout must be at most 24h (got " + value + ")");
        }
        timeout = value;
    }

    @Override
    public Lab.How how(Lab.How resolved) {
        return timeout == null ? resolved : resolved.withTimeout(timeout);
    }
}
