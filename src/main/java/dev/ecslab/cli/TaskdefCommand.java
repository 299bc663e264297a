package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab taskdef. */
@Command(name = "taskdef", mixinStandardHelpOptions = true, description = "Step 2: registers the task definition (built-in nginx, or --file) and creates its log group.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab taskdef --lab demo", "  ecslab taskdef --lab demo --file examples/taskdef-register.json"})
final class TaskdefCommand extends LabCommand {
    @Mixin
    MutatingOptions mutating;

    @Mixin
    TaskDefinitionFileOption file;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.taskdef(lab, reporter);
    }
}
