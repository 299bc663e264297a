package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Verb;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** --count, for the commands that set the service's task count (up, service, scale). */
final class CountOption implements LabResolver.Flags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Integer count;

    /** `scale --count 0` stops every task and keeps everything else (as ecspresso and kubectl allow). */
    @Option(names = "--count", paramLabel = "N", description = "Number of tasks (up, scale, script: 4; service: 1). "
            + "scale --count 0 stops every task and keeps the rest.")
    void setCount(int value) {
        int fewest = verb() == Verb.SCALE ? 0 : 1;
        if (value < fewest) {
            throw new ParameterException(command.commandLine(), "--count must be at least " + fewest + " (got "
                    + value + ")");
        }
        count = value;
    }

    private Verb verb() {
        return Verb.of(command.name()).orElseThrow();
    }

    /** The count given, or the command's own default: the service starts with one task; up and scale aim at four. */
    @Override
    public Lab.What what(Lab.What resolved) {
        if (count != null) {
            return resolved.withCount(count, true);
        }
        return resolved.withCount(verb() == Verb.SERVICE ? Lab.SERVICE_INITIAL_COUNT : Lab.DEFAULT_COUNT, false);
    }
}
