package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.error.PreflightException;

import java.util.List;

/** Step 6: scale the service with UpdateService and wait until it is steady again (aws-reference.md §8). */
public final class ScaleStep implements Step {
    private final int desired;

    public ScaleStep(int desired) {
        this.desired = desired;
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String description() {
        return "scale the service to " + desired + " task(s)";
    }

    @Override
    public List<String> needs() {
        return List.of("service");
    }

    private static ServiceInfo requireService(LabContext ctx) {
        return ctx.aws().ecs().findService(ctx.names().cluster(), ctx.names().service())
                .filter(s -> "ACTIVE".equals(s.status()))
                .orElseThrow(() -> new PreflightException("find service " + ctx.names().service()
                        + ": it does not exist", "run `ecslab service --lab " + ctx.lab().name() + "` first"));
    }

    @Override
    public void plan(LabContext ctx) {
        ServiceInfo s = requireService(ctx);
        ctx.reporter().planned(name(), "update", "service", s.name(), "desired count " + s.desired() + " → " + desired);
    }

    @Override
    public void apply(LabContext ctx) {
        ServiceInfo s = requireService(ctx);
        ServiceStep.Prerequisites p = ServiceStep.prerequisites(ctx);
        ServiceWatch watch = new ServiceWatch(ctx, name());
        if (s.desired() != desired) {
            ctx.aws().ecs().updateDesiredCount(ctx.names().cluster(), s.name(), desired);
            ctx.reporter().info(name(), "desired count " + s.desired() + " → " + desired);
        }
        watch.untilSteady(desired, p.targetGroup().arn());
    }
}
