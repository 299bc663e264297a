package dev.ecslab.app;

import dev.ecslab.aws.AwsSettings;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.SdkGateways;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabScript;
import dev.ecslab.lab.LogTail;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.run.RunControl;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The application as the command line sees it: each verb is done by a class of its own (the step verbs, which run
 * steps through the orchestrator, share one); this only wires them to the same gateways and run control.
 */
public final class DefaultEcslab implements Ecslab {
    private final StepVerbs steps;
    private final VerifyVerb verify;
    private final CleanupVerb cleanup;
    private final StatusVerb status;
    private final DoctorVerb doctor;
    private final LsVerb ls;
    private final LogsVerb logs;
    private final LabAccess access;

    /**
     * @param confirm asks the user a yes/no question (cleanup without --yes); returns false when nobody can answer,
     *                throws CancelledException when the answer is no
     */
    public DefaultEcslab(Function<Lab, Gateways> gateways, RunControl control, Predicate<String> confirm) {
        this.access = new LabAccess(gateways, control);
        this.steps = new StepVerbs(access);
        this.verify = new VerifyVerb(access);
        this.cleanup = new CleanupVerb(access, confirm);
        this.status = new StatusVerb(access);
        this.doctor = new DoctorVerb(access);
        this.ls = new LsVerb(access);
        this.logs = new LogsVerb(access);
    }

    /**
     * Production wiring: SDK gateways from the lab's region, profile and endpoint; what they share starts being
     * built now, while the command line is parsed.
     */
    public static DefaultEcslab withSdk(RunControl control, Predicate<String> confirm) {
        SdkGateways.prepare();
        return new DefaultEcslab(lab -> SdkGateways.create(new AwsSettings(lab.where().region(), lab.where().profile(),
                lab.where().endpoint())), control, confirm);
    }

    @Override
    public Results.StepResult up(Lab lab, Reporter reporter) {
        return steps.up(lab, reporter);
    }

    @Override
    public Results.StepResult cluster(Lab lab, Reporter reporter) {
        return steps.cluster(lab, reporter);
    }

    @Override
    public Results.StepResult taskdef(Lab lab, Reporter reporter) {
        return steps.taskdef(lab, reporter);
    }

    @Override
    public Results.StepResult elb(Lab lab, Reporter reporter) {
        return steps.elb(lab, reporter);
    }

    @Override
    public Results.StepResult service(Lab lab, Reporter reporter) {
        return steps.service(lab, reporter);
    }

    @Override
    public Results.StepResult scale(Lab lab, Reporter reporter) {
        return steps.scale(lab, reporter);
    }

    @Override
    public Results.VerifyReport verify(Lab lab, Reporter reporter) {
        return verify.run(lab, reporter);
    }

    @Override
    public Results.CleanupResult cleanup(Lab lab, Reporter reporter) {
        return cleanup.run(lab, reporter);
    }

    @Override
    public Results.StatusReport status(Lab lab, Reporter reporter) {
        return status.run(lab, reporter);
    }

    @Override
    public Results.DoctorReport doctor(Lab lab, Reporter reporter) {
        return doctor.run(lab, reporter);
    }

    @Override
    public Results.LabsReport ls(Lab lab, Reporter reporter) {
        return ls.run(lab, reporter);
    }

    @Override
    public long logs(Lab lab, Reporter reporter, LogTail.Query query, Consumer<Results.LogLine> sink) {
        return logs.run(lab, reporter, query, sink);
    }

    @Override
    public String script(Lab lab) {
        return LabScript.of(lab, access.gateways(lab).sts().region());
    }
}
