package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab verify. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Step 5: checks the lab end to end; each check is OK, NG or SKIP with its evidence (exit 5 on NG).",
        "The HTTP check wants 5 answers in a row of 200 with nginx's page from the load balancer's DNS name; with an "
                + "--endpoint-url on this machine it asks that endpoint, the DNS name as Host header (LocalStack's "
                + "convention, which ecslab's emulator follows)."},
        footerHeading = "%nExamples:%n", footer = {"  ecslab verify --lab demo", "  ecslab verify --lab demo -o json"})
final class VerifyCommand extends LabCommand {
    @Mixin
    ExplainOption explain;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.verify(lab, reporter);
    }
}
