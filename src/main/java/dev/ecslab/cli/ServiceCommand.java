package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab service. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Step 4: creates the ECS service behind the target group and waits until its tasks are healthy targets.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab service --lab demo", "  ecslab service --lab demo --count 2"})
final class ServiceCommand extends LabCommand {
    @Mixin
    MutatingOptions mutating;

    @Mixin
    CountOption count;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.service(lab, reporter);
    }
}
