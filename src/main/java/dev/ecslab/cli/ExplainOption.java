package dev.ecslab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** --explain, on up and on each step command: what each step builds, then its calls as AWS CLI commands. */
final class ExplainOption {
    @Option(names = "--explain", description = "Before each step, say what it builds in ECS's terms; after it, "
            + "print the AWS CLI commands that make the changes it made (on stderr, with the progress).")
    boolean explain;

    /** Whether the command has this option and it was given. */
    static boolean given(CommandSpec command) {
        return command.mixins().values().stream().map(CommandSpec::userObject)
                .anyMatch(o -> o instanceof ExplainOption e && e.explain);
    }
}
