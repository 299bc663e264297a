package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab elb. */
@Command(name = "elb", mixinStandardHelpOptions = true, description = "Step 3: creates the application load balancer, its target group and an HTTP listener.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab elb --lab demo"})
final class ElbCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    MutatingOptions mutating;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().elb(lab, root.reporter(spec, lab)));
        return 0;
    }
}
