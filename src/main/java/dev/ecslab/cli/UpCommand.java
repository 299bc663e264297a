package dev.ecslab.cli;

import dev.ecslab.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
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

    @Option(names = "--count", paramLabel = "N", description = "Number of tasks (default: 4).")
    Integer count;

    @Mixin
    WaitOptions waiting;

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "EC2 instance type of the container instance (default: t3.micro).")
    String instanceType;

    @Option(names = "--file", paramLabel = "FILE", description = "Task definition JSON (register-task-definition 'input or describe-task-definition output) instead of the built-in nginx.")
    Path file;

    @Override
    public Integer call() {
        Lab lab = root.lab(spec, count, waiting.timeout, instanceType, file, mutating, Lab.DEFAULT_COUNT);
        root.output(spec).print(root.app().up(lab, root.reporter(spec, lab)));
        return 0;
    }
}
