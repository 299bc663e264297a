package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab verify. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Step 5: checks the lab end to end; each check is OK, NG or SKIP with its evidence (exit 5 on NG).",
        footerHeading = "%nExamples:%n", footer = {"  ecslab verify --lab demo", "  ecslab verify --lab demo -o json"})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().verify(lab, root.reporter(spec, lab)));
        return 0;
    }
}
