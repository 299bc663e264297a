package dev.ecslab.app;

import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.lab.AwsTimes;
import dev.ecslab.lab.ClusterStep;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.LoadBalancerStep;
import dev.ecslab.lab.NetworkStep;
import dev.ecslab.lab.ScaleStep;
import dev.ecslab.lab.ServiceStep;
import dev.ecslab.lab.Step;
import dev.ecslab.lab.TaskDefinitionFile;
import dev.ecslab.lab.TaskDefinitionStep;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;
import dev.ecslab.run.Orchestrator;
import dev.ecslab.run.RunControl;
import dev.ecslab.state.LabLock;

import java.util.List;

/**
 * The verbs that change the lab, each a list of steps for the orchestrator: up, cluster, taskdef, elb, service and
 * scale. They run alike: under the lab's lock, planned only with --dry-run, and end with what exists now.
 */
final class StepVerbs {
    private final LabAccess access;

    StepVerbs(LabAccess access) {
        this.access = access;
    }

    Results.StepResult up(Lab lab, Reporter reporter) {
        return steps(lab, reporter, Verb.UP, List.of(new NetworkStep(), new ClusterStep(), new TaskDefinitionStep(true),
                new LoadBalancerStep(), new ServiceStep(Lab.SERVICE_INITIAL_COUNT),
                new ScaleStep(lab.what().count(), true)), true);
    }

    Results.StepResult cluster(Lab lab, Reporter reporter) {
        return steps(lab, reporter, Verb.CLUSTER, List.of(new NetworkStep(), new ClusterStep()), false);
    }

    Results.StepResult taskdef(Lab lab, Reporter reporter) {
        return steps(lab, reporter, Verb.TASKDEF, List.of(new TaskDefinitionStep()), false);
    }

    Results.StepResult elb(Lab lab, Reporter reporter) {
        return steps(lab, reporter, Verb.ELB, List.of(new NetworkStep(), new LoadBalancerStep()), false);
    }

    Results.StepResult service(Lab lab, Reporter reporter) {
        return steps(lab, reporter, Verb.SERVICE, List.of(new ServiceStep(lab.what().count(), true)), false);
    }

    Results.StepResult scale(Lab lab, Reporter reporter) {
        return steps(lab, reporter, Verb.SCALE, List.of(new ScaleStep(lab.what().count(), false)), true);
    }

    @SuppressWarnings("try") // the lock is held for the block and needs nothing else
    private Results.StepResult steps(Lab lab, Reporter reporter, Verb command, List<Step> steps, boolean verify) {
        long t0 = System.nanoTime();
        if (lab.what().taskDefinitionFile() != null) { // a bad file is refused before any AWS call, not after them
            TaskDefinitionFile.read(lab.what().taskDefinitionFile(), new Names(lab.name()).logGroup());
        }
        Gateways aws = access.gateways(lab);
        aws.deadline().start(lab.how().timeout()); // from the first call on: a silent endpoint cannot outlive --timeout
        LabContext ctx = access.context(lab, reporter, aws);
        try (LabLock held = LabAccess.lock(ctx, command)) {
            if (command == Verb.SERVICE || command == Verb.SCALE) { // they change a lab; they do not start one
                LabAccess.requireExisting(ctx, command);
            }
            Orchestrator orchestrator = new Orchestrator();
            if (lab.how().dryRun()) {
                orchestrator.plan(ctx, steps);
                return new Results.StepResult(lab.name(), command.word(), true, List.of(), null,
                        List.of(lab.command(command)), LabAccess.elapsed(t0), null, null);
            }
            if (command == Verb.UP) { // once who and where are known, before the first change
                reporter.info(command.word(), AwsTimes.upExpectation(lab.what().count()));
            }
            RunControl control = access.control();
            control.attach();
            try {
                orchestrator.run(ctx, command, steps);
            } finally {
                control.detach();
            }
            Results.VerifyReport report = verify ? VerifyVerb.verified(ctx) : null;
            Inventory inventory = new Inventory(ctx.aws(), lab.name(), reporter);
            List<Inventory.Found> now = inventory.discover();
            return new Results.StepResult(lab.name(), command.word(), false, LabView.resources(now, ctx.caller()),
                    report, LabView.next(command, lab, now), LabAccess.elapsed(t0),
                    LabView.url(ctx, inventory.loadBalancer()), LabView.cost(inventory, now));
        }
    }
}
