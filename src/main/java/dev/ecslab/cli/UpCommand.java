package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab up. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Runs the whole lab: cluster, task definition and load balancer, then the service, scaling to --count tasks, and verify.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab up --lab demo", "  ecslab up --lab demo --count 2 --instance-type t3.small", "  ecslab up --lab demo --dry-run",
        "  ecslab up --lab demo --builtin-task-definition"})
final class UpCommand extends LabCommand {
    @Mixin
    MutatingOptions mutating;

    @Mixin
    CountOption count;

    @Mixin
    WaitOptions waiting;

    @Mixin
    InstanceTypeOption instanceType;

    @Mixin
    AmiOption ami;

    @Mixin
    TaskDefinitionFileOption file;

    @Mixin
    BuiltinTaskDefinitionOption builtin;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.up(lab, reporter);
    }
}
