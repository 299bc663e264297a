package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab cluster. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Step 1: creates the ECS cluster and one EC2 container instance (IAM role and instance profile, security groups, AMI from SSM).",
        footerHeading = "%nExamples:%n", footer = {"  ecslab cluster --lab demo", "  ecslab cluster --lab demo --instance-type t3.small"})
final class ClusterCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    MutatingOptions mutating;

    @Mixin
    InstanceTypeOption instanceType;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().cluster(lab, root.reporter(spec, lab)));
        return 0;
    }
}
