package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab status. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows what exists for this lab, its state and age, the estimated cost per hour, and what to run next.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab status --lab demo", "  ecslab status --lab demo -o json"})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().status(lab, root.reporter(spec, lab)));
        return 0;
    }
}
