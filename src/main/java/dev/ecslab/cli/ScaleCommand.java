package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab scale. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Step 6: scales the service to --count tasks, waits until stable and healthy, then verifies.",
        footerHeading = "%nExamples:%n", footer = {"  ecslab scale --lab demo", "  ecslab scale --lab demo --count 2",
                "  ecslab scale --lab demo --count 0"})
final class ScaleCommand extends LabCommand {
    @Mixin
    MutatingOptions mutating;

    @Mixin
    CountOption count;

    @Mixin
    WaitOptions waiting;

    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.scale(lab, reporter);
    }
}
