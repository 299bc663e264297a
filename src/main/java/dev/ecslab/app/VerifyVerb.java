package dev.ecslab.app;

import dev.ecslab.error.VerifyFailedException;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Verifier;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;

import java.time.Duration;
import java.util.stream.Collectors;

/** verify: the end-to-end checks of a lab, also run at the end of up and scale. */
final class VerifyVerb {
    private final LabAccess access;

    VerifyVerb(LabAccess access) {
        this.access = access;
    }

    Results.VerifyReport run(Lab lab, Reporter reporter) {
        LabContext ctx = access.context(lab, reporter);
        LabAccess.requireExisting(ctx, Verb.VERIFY);
        return verified(ctx);
    }

    /** The checks as a step of their own; any NG fails the command (exit 5) with the report. */
    static Results.VerifyReport verified(LabContext ctx) {
        long t0 = System.nanoTime();
        ctx.reporter().stepStarted(Verb.VERIFY.word(), "end-to-end checks");
        Results.VerifyReport report = new Verifier(ctx).run();
        ctx.reporter().stepDone(Verb.VERIFY.word(), Duration.ofNanos(System.nanoTime() - t0));
        if (!report.ok()) {
            throw new VerifyFailedException("verify lab " + ctx.lab().name() + ": "
                    + report.checks().stream().filter(Results.CheckResult::ng).map(Results.CheckResult::name)
                    .collect(Collectors.joining("; ")) + " — NG",
                    "read the evidence above; `" + ctx.lab().command(Verb.STATUS) + "` shows what exists",
                    report);
        }
        return report;
    }
}
