package dev.ecslab.app;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.error.PreflightException;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.Labs;
import dev.ecslab.lab.LabContext;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Verb;
import dev.ecslab.run.RunControl;
import dev.ecslab.state.LabLock;
import dev.ecslab.state.LabScope;
import dev.ecslab.state.StateFile;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every verb does before its own work: the gateways for the lab's region, profile and endpoint, who is calling,
 * the lab's state file, and for a change the per-lab lock. Also how a refused first read fails.
 */
final class LabAccess {
    private final Function<Lab, Gateways> gateways;
    private final RunControl control;

    LabAccess(Function<Lab, Gateways> gateways, RunControl control) {
        this.gateways = gateways;
        this.control = control;
    }

    /** How the command line stops a run (Ctrl-C): runs that change something attach to it. */
    RunControl control() {
        return control;
    }

    Gateways gateways(Lab lab) {
        try {
            return gateways.apply(lab);
        } catch (AwsCallException e) {
            throw new PreflightException("configure AWS clients: " + e.awsMessage(),
                    "pass --region or set AWS_REGION (e.g. us-east-1)", e);
        }
    }

    LabContext context(Lab lab, Reporter reporter) {
        return context(lab, reporter, gateways(lab));
    }

    /** Who and where (STS: every command asks first), and the lab's state file for that account and region. */
    LabContext context(Lab lab, Reporter reporter, Gateways aws) {
        StsGateway.CallerIdentity caller = CallerPreflight.whoAmI(aws, lab);
        reporter.caller(caller.account(), caller.region(), caller.arn());
        // the endpoint the clients use, whether --endpoint-url or AWS_ENDPOINT_URL chose it
        String scope = LabScope.of(caller.account(), caller.region(), aws.elb().endpointOverride().orElse(null));
        StateFile state = StateFile.open(lab.stateDir(), scope, lab.name());
        if (state.warning() != null) {
            reporter.warning("state", state.warning());
        }
        return new LabContext(lab, aws, reporter, state, caller, control::rollbackAbandoned);
    }

    /**
     * One run per lab on this machine: a second one (dry-runs too: the real run would be refused) stops here, before
     * it changes anything, saying who holds the lab.
     */
    static LabLock lock(LabContext ctx, Verb command) {
        String lab = ctx.lab().name();
        return LabLock.tryAcquire(ctx.state(), ctx.lab().command(command)).orElseThrow(() -> {
            String who = LabLock.holder(ctx.state()).map(h -> "pid " + h.pid() + ", `" + h.command() + "`, since "
                    + h.since()).orElse("another ecslab process");
            return new PreflightException(command + " lab " + lab + ": another run is working on this lab (" + who
                    + "); nothing was changed", "wait for it to finish (or stop it with Ctrl-C), then run again; "
                    + "`" + ctx.lab().command(Verb.STATUS) + "` shows what exists");
        });
    }

    /**
     * A read before any change: AWS refusing it (a denied action, a region it does not serve) fails the command as a
     * preflight does — nothing was changed — naming the call, never as an internal error.
     */
    static <T> T refusedRead(Verb command, Lab lab, Supplier<T> read) {
        try {
            return read.get();
        } catch (AwsCallException e) {
            throw new PreflightException(command + " lab " + lab.name() + ": " + e.getMessage()
                    + (command == Verb.CLEANUP ? "; nothing was deleted" : ""), e.preflightHint(), e);
        }
    }

    /**
     * For the commands that work on a lab that exists (service, scale, verify, logs): a lab with nothing in AWS is
     * said to be missing, naming the labs that exist (the labs `ls` lists), rather than left to a chain of hints
     * about its missing parts. `status` and `cleanup` answer "nothing" instead: that is what they report.
     */
    static void requireExisting(LabContext ctx, Verb command) {
        Lab lab = ctx.lab();
        if (!refusedRead(command, lab, () -> new Inventory(ctx.aws(), lab.name(), ctx.reporter()).discover())
                .isEmpty()) {
            return;
        }
        List<String> labs = refusedRead(command, lab, () -> Labs.find(ctx.aws(), ctx.reporter())).stream()
                .map(Labs.Found::name).toList();
        String region = ctx.caller().region();
        throw new PreflightException(command + " lab " + lab.name() + ": lab " + lab.name() + " does not exist ("
                + (labs.isEmpty() ? "no lab in " + region : "labs in " + region + ": " + String.join(", ", labs))
                + ")", "run `" + lab.command(Verb.UP) + "` to create it" + (command == Verb.SERVICE
                ? ", or `" + lab.command(Verb.CLUSTER) + "` to build it step by step" : ""));
    }

    static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
