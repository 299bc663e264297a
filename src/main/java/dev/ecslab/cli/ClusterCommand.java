package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab cluster. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Step 1: creates the ECS cluster and one EC2 container instance (IAM role and instance profile, security groups, AMI from SSM).",
        footerHeading = "%nExamples:%n", footer = {"  ecslab cluster --lab demo", "  ecslab cluster --lab demo --instance-type t3.small"})
final class ClusterCommand extends LabCommand {
    @Mixin
    MutatingOptions mutating;

    @Mixin
    InstanceTypeOption instanceType;

    @Mixin
    AmiOption ami;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.cluster(lab, reporter);
    }
}
