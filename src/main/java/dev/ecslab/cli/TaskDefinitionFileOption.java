package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** --file, for the commands that register the task definition (up, taskdef); its content is checked in preflight. */
final class TaskDefinitionFileOption implements LabResolver.Flags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Path file;

    @Option(names = "--file", paramLabel = "FILE", description = "Task definition JSON (register-task-definition "
            + "input or describe-task-definition output) instead of the built-in nginx.")
    void setFile(Path value) {
        if (!Files.isRegularFile(value) || !Files.isReadable(value)) {
            throw new ParameterException(command.commandLine(), "--file " + value + " does not exist or cannot be "
                    + "read");
        }
        file = value;
    }

    @Override
    public Lab.What what(Lab.What resolved) {
        return file == null ? resolved : resolved.withTaskDefinitionFile(file);
    }
}
