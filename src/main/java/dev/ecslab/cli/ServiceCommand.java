package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab service. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Step 4: creates the ECS service behind the target group and waits until its tasks are healthy targets.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab service --lab demo", "  ecslab service --lab demo --count 2"})
final class ServiceCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().service(lab, root.reporter(spec, lab)));
        return 0;
    }
}
