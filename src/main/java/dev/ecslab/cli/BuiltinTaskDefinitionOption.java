package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import dev.ecslab.error.UsageException;
import picocli.CommandLine.Option;

/**
 * --builtin-task-definition, for up: the way back to the built-in nginx from a revision a --file registered, which
 * up otherwise keeps. After --file's mixin, whose choice it contradicts.
 */
final class BuiltinTaskDefinitionOption implements LabResolver.Flags {
    @Option(names = "--builtin-task-definition", description = "Deploy the built-in nginx task definition even "
            + "when the lab runs one registered from a --file (up keeps that one otherwise).")
    boolean builtin;

    @Override
    public Lab.What what(Lab.What resolved) {
        if (builtin && resolved.taskDefinitionFile() != null) {
            throw new UsageException("choose the task definition: --builtin-task-definition and --file both do",
                    "give one of them");
        }
        return builtin ? resolved.withBuiltin(true) : resolved;
    }
}
