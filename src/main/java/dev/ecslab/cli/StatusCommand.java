package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;

/** ecslab status. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows what exists for this lab, its state and age, the estimated cost per hour, and what to run next; with --verbose, each resource's page in the AWS console.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab status --lab demo", "  ecslab status --lab demo --verbose",
        "  ecslab status --lab demo -o json"})
final class StatusCommand extends LabCommand {
    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.status(lab, reporter);
    }
}
