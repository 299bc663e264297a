package dev.ecslab.app;

import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LogTail;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;

import java.util.function.Consumer;

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

    /**
     * Whether this account and region can run the lab: every check `up` makes before it changes anything, each OK,
     * NG or SKIP. It creates nothing; an NG check does not throw (the report says it; the CLI exits 3).
     */
    Results.DoctorReport doctor(Lab lab, Reporter reporter);

    /** Every lab in the lab's region (of its name, only the region, profile and endpoint count). */
    Results.LabsReport ls(Lab lab, Reporter reporter);

    /**
     * The lab's container logs, each line sent to {@code sink} as it is read; returns how many. Following, it returns
     * only when interrupted. A lab without its log group is a PreflightException (exit 3), as for scale.
     */
    long logs(Lab lab, Reporter reporter, LogTail.Query query, Consumer<Results.LogLine> sink);

    /**
     * The lab as a bash script of AWS CLI commands that builds, confirms, scales and cleans it up as `up` and
     * `cleanup` would (lab/LabScript). It makes no AWS call: only the region is resolved.
     */
    String script(Lab lab);
}
