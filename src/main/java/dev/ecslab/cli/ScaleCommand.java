package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab scale. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Step 6: scales the service to --count tasks, waits until stable and healthy, then verifies.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab scale --lab demo", "  ecslab scale --lab demo --count 2",
                "  ecslab scale --lab demo --count 0"})
final class ScaleCommand implements Callable<Integer> {
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
        root.output(spec).print(root.app().scale(lab, root.reporter(spec, lab)));
        return 0;
    }
}
