package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** ecslab taskdef. */
@Command(name = "taskdef", mixinStandardHelpOptions = true, description = "Step 2: registers the task definition (built-in nginx, or --file) and creates its log group.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab taskdef --lab demo", "  ecslab taskdef --lab demo --file examples/taskdef-register.json"})
final class TaskdefCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    MutatingOptions mutating;

    @Mixin
    TaskDefinitionFileOption file;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(root.app().taskdef(lab, root.reporter(spec, lab)));
        return 0;
    }
}
