package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab cleanup. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "Step 7: deletes everything this lab owns, found by its tags (with or without local state); asks first unless --yes.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab cleanup --lab demo", "  ecslab cleanup --lab demo --yes", "  ecslab cleanup --lab demo --dry-run"})
final class CleanupCommand extends LabCommand {
    @Mixin
    DryRunOption dryRun;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.cleanup(lab, reporter);
    }
}
