package dev.ecslab.app;

import dev.ecslab.lab.Lab;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;

/**
 * The application: one method per command. cli/ resolves a {@link Lab}, calls exactly one of these, and renders
 * the result; errors arrive as EcslabException subtypes (see dev.ecslab.error).
 */
public interface Ecslab {
    Results.StepResult up(Lab lab, Reporter reporter);

    Results.StepResult cluster(Lab lab, Reporter reporter);

    Results.StepResult taskdef(Lab lab, Reporter reporter);

    Results.StepResult elb(Lab lab, Reporter reporter);

    Results.StepResult service(Lab lab, Reporter reporter);

    /** Throws VerifyFailedException (exit 5) when any check is NG. */
    Results.VerifyReport verify(Lab lab, Reporter reporter);

    Results.StepResult scale(Lab lab, Reporter reporter);

    /** Throws CleanupIncompleteException (exit 4) when something could not be removed. */
    Results.CleanupResult cleanup(Lab lab, Reporter reporter);

    Results.StatusReport status(Lab lab, Reporter reporter);
}
