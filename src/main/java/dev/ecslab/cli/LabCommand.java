package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every command does: resolve the lab from the global options and its own option mixins, run, print the
 * result (failures go to {@link ErrorHandler}). A command only says which options it takes and what it runs.
 */
@Command // for picocli: the fields below are its annotations, inherited by every command
abstract class LabCommand implements Callable<Integer> {
    @ParentCommand
    EcslabCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Lab lab = root.lab(spec);
        root.output(spec).print(run(root.app(), lab, root.reporter(spec, lab)));
        return 0;
    }

    abstract Results.Result run(Ecslab app, Lab lab, Reporter reporter);
}
