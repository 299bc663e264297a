package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;

/** ecslab ls. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        // the first element is the summary `ecslab --help` lists: one whole sentence
        description = {"Lists every lab in the region, with its age, state and cost.",
                "Labs are found from the ecslab:lab tag; each shows its resources' count, age, service state, and "
                        + "cost per hour and so far."},
        footerHeading = "%nExamples:%n", footer = {"  ecslab ls", "  ecslab ls --region eu-west-1 -o json"})
final class LsCommand extends LabCommand {
    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.ls(lab, reporter);
    }
}
