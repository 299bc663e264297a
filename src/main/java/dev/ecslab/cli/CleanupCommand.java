package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab cleanup. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "Step 7: deletes everything this lab owns, found by its tags (with or without local state); asks first unless --yes.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab cleanup --lab demo", "  ecslab cleanup --lab demo --yes", "  ecslab cleanup --lab demo --dry-run"})
final class CleanupCommand implements Callable<Integer> {
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
        root.output(spec).print(root.app().cleanup(lab, root.reporter(spec, lab)));
        return 0;
    }
}
