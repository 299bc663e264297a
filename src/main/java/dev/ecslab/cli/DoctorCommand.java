package dev.ecslab.cli;

import dev.ecslab.app.Ecslab;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ecslab doctor. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        // the first element is the summary `ecslab --help` lists: one whole sentence
        description = {"Checks, changing nothing, that `up` can run here.",
                "Region, credentials, default VPC and its zones for the instance type, AMI, service-linked roles, "
                        + "quotas, and whether the caller's IAM policies allow the lab's calls (simulated). Each check "
                        + "is OK, NG (with a hint) or SKIP; exit 0, or 3 when one is NG."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecslab doctor", "  ecslab doctor --region eu-west-1 --instance-type t4g.small"})
final class DoctorCommand extends LabCommand {
    @Mixin
    InstanceTypeOption instanceType;

    @Override
    Results.Result run(Ecslab app, Lab lab, Reporter reporter) {
        return app.doctor(lab, reporter);
    }
}
