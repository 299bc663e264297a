package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "EC2 instance type of the container instance (default: t3.micro).")
    String instanceType;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec, null, waiting.timeout, instanceType, null, mutating, Lab.DEFAULT_COUNT);
        root.output(spec).print(root.app().cluster(lab, root.reporter(spec, lab)));
        return 0;
    }
}
