package dev.ecslab.app;

import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.error.PreflightException;
import dev.ecslab.lab.Doctor;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;

import java.util.ArrayList;
import java.util.List;

/**
 * doctor: region and credentials first, as every command meets them, then lab/'s checks; a preflight failure is a
 * check that is NG, not an error, and the checks it stops are SKIP.
 */
final class DoctorVerb {
    private final LabAccess access;

    DoctorVerb(LabAccess access) {
        this.access = access;
    }

    Results.DoctorReport run(Lab lab, Reporter reporter) {
        List<Results.Diagnosis> checks = new ArrayList<>();
        Gateways aws;
        try {
            aws = access.gateways(lab);
        } catch (PreflightException e) {
            checks.add(new Results.Diagnosis("region", Results.CheckOutcome.NG, e.getMessage(), e.hint()));
            return stoppedAt(lab, null, checks, "needs a region");
        }
        checks.add(new Results.Diagnosis("region", Results.CheckOutcome.OK, aws.sts().region(), null));
        LabContext ctx;
        try {
            ctx = access.context(lab, reporter, aws);
        } catch (PreflightException e) {
            checks.add(new Results.Diagnosis("credentials", Results.CheckOutcome.NG, e.getMessage(), e.hint()));
            return stoppedAt(lab, aws.sts().region(), checks, "needs credentials");
        }
        StsGateway.CallerIdentity caller = ctx.caller();
        checks.add(new Results.Diagnosis("credentials", Results.CheckOutcome.OK, caller.arn() + " (account "
                + caller.account() + ")", null));
        checks.addAll(new Doctor(ctx).run());
        return new Results.DoctorReport(lab.name(), caller.region(), checks);
    }

    /** The checks after the one that failed cannot run: each is SKIP, saying why. */
    private static Results.DoctorReport stoppedAt(Lab lab, String region, List<Results.Diagnosis> checks,
                                                  String why) {
        List<String> names = new ArrayList<>(List.of("credentials"));
        names.addAll(Doctor.checkNames(lab.what().instanceType()));
        for (String name : names) {
            if (checks.stream().noneMatch(c -> c.name().equals(name))) {
                checks.add(new Results.Diagnosis(name, Results.CheckOutcome.SKIP, why, null));
            }
        }
        return new Results.DoctorReport(lab.name(), region, checks);
    }
}
