package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.error.DoctorFailedException;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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
        Results.Result result;
        try {
            result = run(root.app(), lab, root.reporter(spec, lab));
        } finally {
            root.endProgress(); // the timeline, before the result or the error
        }
        if (result instanceof Results.DoctorReport d && !d.ok()) {
            // An NG check fails doctor as a failed preflight (exit 3); its checks are printed whole first, in text.
            // With -o json they are in the failure's document, which must stay the only one on stdout.
            if (!root.json()) {
                root.output(spec).print(result);
            }
            throw new DoctorFailedException("doctor lab " + lab.name() + ": " + d.checks().stream()
                    .filter(c -> c.result() == Results.CheckOutcome.NG).map(Results.Diagnosis::name)
                    .collect(Collectors.joining("; ")) + " — NG", "fix what the NG lines say, then run `"
                    + lab.command(Verb.DOCTOR) + "` again", d);
        }
        root.output(spec).print(result);
        return 0;
    }

    abstract Results.Result run(Ecslab app, Lab lab, Reporter reporter);
}
