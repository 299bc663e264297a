package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab elb. */
@Command(name = "elb", mixinStandardHelpOptions = true, description = "Step 3: creates the application load balancer, its target group and an HTTP listener.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab elb --lab demo"})
final class ElbCommand extends LabCommand {
    @Mixin
    MutatingOptions mutating;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.elb(lab, reporter);
    }
}
