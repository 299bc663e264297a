package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;

/** ecslab verify. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Step 5: checks the lab end to end; each check is OK, NG or SKIP with its evidence (exit 5 on NG).",
        footerHeading = "%nExamples:%n", footer = {"  ecslab verify --lab demo", "  ecslab verify --lab demo -o json"})
final class VerifyCommand extends LabCommand {
    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.verify(lab, reporter);
    }
}
