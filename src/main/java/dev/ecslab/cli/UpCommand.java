package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab up. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Runs the whole lab: cluster, task definition and load balancer, then the service, scaling to --count tasks, and verify.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab up --lab demo", "  ecslab up --lab demo --count 2 --instance-type t3.small", "  ecslab up --lab demo --dry-run"})
final class UpCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    MutatingOptions mutating;

    @Mixin
    CountOption count;

    @Mixin
    WaitOptions waiting;

    @Mixin
    InstanceTypeOption instanceType;

    @Mixin
    TaskDefinitionFileOption file;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().up(lab, root.reporter(spec, lab)));
        return 0;
    }
}
