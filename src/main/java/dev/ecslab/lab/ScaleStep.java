package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.error.PreflightException;
import dev.ecslab.report.StepName;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.List;

/** Step 6: scale the service with UpdateService and wait until it is steady again (docs/aws.md §8). */
public final class ScaleStep implements Step {
    private final int desired;
    private final boolean afterServiceStep;

    /**
     * @param afterServiceStep true within `up`, where the service step runs first (so a plan may not find the
     *                         service yet); false for `scale` alone, which needs the service to exist
     */
    public ScaleStep(int desired, boolean afterServiceStep) {
        this.desired = desired;
        this.afterServiceStep = afterServiceStep;
    }

    @Override
    public StepName name() {
        return StepName.SCALE;
    }

    @Override
    public String description() {
        return "scale the service to " + desired + " task(s)";
    }

    @Override
    public List<Need> needs() {
        return List.of(Need.step(StepName.SERVICE));
    }

    private static ServiceInfo requireService(LabContext ctx) {
        return ctx.aws().ecs().findService(ctx.names().cluster(), ctx.names().service())
                .filter(s -> "ACTIVE".equals(s.status()))
                .orElseThrow(() -> new PreflightException("find service " + ctx.names().service()
                        + ": it does not exist", "run `" + ctx.lab().command(Verb.SERVICE) + "` first"));
    }

    /**
     * Refuse a count the instance could never hold before anything changes: within `up`, estimated from the
     * instance type to be launched; for `scale`, from the registered instance (and the service must exist).
     */
    @Override
    public void preflight(LabContext ctx) {
        if (afterServiceStep) {
            Surroundings around = Surroundings.of(ctx);
            Capacity.checkEstimate(ctx, desired, around.instanceType(), around.upSpec());
        } else {
            Capacity.check(ctx, "scale", desired, requireService(ctx).taskDefinitionArn());
        }
    }

    @Override
    public void plan(LabContext ctx) {
        String from = afterServiceStep
                ? ctx.aws().ecs().findService(ctx.names().cluster(), ctx.names().service())
                .map(s -> String.valueOf(s.desired())).orElse("its initial count")
                : String.valueOf(requireService(ctx).desired());
        boolean same = from.equals(String.valueOf(desired));
        ctx.reporter().planned(name().word(), same ? "keep" : "update", Kind.SERVICE, ctx.names().service(),
                "desired count " + from + " → " + desired + (same ? " (no change)" : ""));
    }

    @Override
    public void apply(LabContext ctx) {
        ServiceInfo s = requireService(ctx);
        Surroundings.Prerequisites p = Surroundings.of(ctx).servicePrerequisites();
        if (afterServiceStep) {
            // Within `up` preflight could only estimate from the type; `scale` alone checked this in preflight.
            Capacity.check(ctx, "scale", desired, s.taskDefinitionArn());
        }
        ServiceWatch watch = new ServiceWatch(ctx, name().word());
        if (s.desired() != desired) {
            ctx.aws().ecs().updateDesiredCount(ctx.names().cluster(), s.name(), desired);
            ctx.reporter().info(name().word(), "desired count " + s.desired() + " → " + desired);
        }
        watch.untilSteady(desired, p.targetGroup().arn());
    }
}
