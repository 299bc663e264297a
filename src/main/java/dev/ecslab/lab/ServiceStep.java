package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.WaitFailedException;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.report.ShellWords;
import dev.ecslab.report.StepName;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.List;
import java.util.Optional;

/**
 * Step 4: the ECS service on the EC2 launch type behind the target group, with the deployment circuit breaker and
 * rollback, then the wait until it is steady with every task a healthy target (docs/aws.md §6).
 */
public final class ServiceStep implements Step {
    private static final String DRAINING = "DRAINING";

    private final int desired;
    private final boolean alone;

    /** Within `up`, after the steps that make what the service needs. */
    public ServiceStep(int desired) {
        this(desired, false);
    }

    /** @param alone true for `service` by itself: what it needs must exist already, checked in preflight */
    public ServiceStep(int desired, boolean alone) {
        this.desired = desired;
        this.alone = alone;
    }

    /**
     * For `service` alone, refuse before any change what the real run would refuse: missing prerequisites, a count
     * the instance cannot hold.
     */
    @Override
    public void preflight(LabContext ctx) {
        if (!alone) {
            return;
        }
        Surroundings.Prerequisites p = Surroundings.of(ctx).servicePrerequisites();
        Optional<ServiceInfo> existing = ctx.aws().ecs().findService(p.clusterName(), ctx.names().service())
                .filter(s -> !DRAINING.equals(s.status()));
        if (existing.isEmpty()) {
            Capacity.check(ctx, "create", desired, p.taskDefinitionArn());
        } else if (!p.taskDefinitionArn().equals(existing.get().taskDefinitionArn())) {
            Capacity.checkRollout(ctx, existing.get(), p.taskDefinitionArn());
        }
    }

    @Override
    public StepName name() {
        return StepName.SERVICE;
    }

    @Override
    public String description() {
        // not its count: an existing service keeps the one it has (`scale` changes it), which the wait names
        return "ECS service behind the load balancer";
    }

    @Override
    public List<Need> needs() {
        return List.of(Need.step(StepName.CLUSTER), Need.step(StepName.TASKDEF), Need.LISTENER);
    }

    @Override
    public void plan(LabContext ctx) {
        Optional<ServiceInfo> existing = ctx.aws().ecs().findService(ctx.names().cluster(), ctx.names().service())
                .filter(s -> !DRAINING.equals(s.status()));
        if (existing.isEmpty()) {
            ctx.reporter().planned(name().word(), "create", Kind.SERVICE, ctx.names().service(), "EC2 launch type, "
                    + desired + " task(s), circuit breaker with rollback, behind " + ctx.names().targetGroup());
            return;
        }
        String runs = existing.get().taskDefinitionArn();
        // Within `up`, the taskdef step registers the new revision first.
        String latest = !alone && Surroundings.of(ctx).registersNewRevision()
                ? "a new revision of " + ctx.names().taskFamily()
                : ctx.aws().ecs().findLatestTaskDefinition(ctx.names().taskFamily())
                .map(td -> td.arn().equals(runs) ? null : Revisions.shortName(td.arn())).orElse(null);
        if (latest == null) {
            ctx.reporter().planned(name().word(), "adopt", Kind.SERVICE, ctx.names().service(), "runs "
                    + Revisions.shortName(runs) + ", the lab's latest task definition");
        } else {
            ctx.reporter().planned(name().word(), "deploy", Kind.SERVICE, ctx.names().service(), latest + ", replacing "
                    + Revisions.shortName(runs) + "; each old task stops once a new one is healthy");
        }
    }

    @Override
    public void apply(LabContext ctx) {
        Surroundings.Prerequisites p = Surroundings.of(ctx).servicePrerequisites();
        String name = ctx.names().service();
        ServiceWatch watch = new ServiceWatch(ctx, name().word());
        Optional<ServiceInfo> existing = ctx.aws().ecs().findService(p.clusterName(), name);
        if (existing.isPresent() && DRAINING.equals(existing.get().status())) {
            // Being deleted: AWS refuses a new one of that name until it is INACTIVE, and it is nothing to adopt.
            ctx.reporter().info(name().word(), "service " + name + " is still DRAINING from a deletion; waiting until "
                    + "it is INACTIVE, then creating it again");
            ctx.aws().ecs().waitUntilServiceInactive(p.clusterName(), name, ctx.budget("old service inactive",
                    Budgets.SERVICE_INACTIVE), new Heartbeat(ctx.reporter(), name().word()));
            existing = Optional.empty();
        }
        int target = desired;
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "service", name, existing.get().tags());
            ctx.adopted(name().word(), Kind.SERVICE, name, existing.get().arn());
            target = existing.get().desired();
            if (!p.taskDefinitionArn().equals(existing.get().taskDefinitionArn())) {
                deploy(ctx, existing.get(), p, watch);
                return;
            }
            Optional<DeploymentInfo> rolling = existing.get().deployments().stream().filter(d -> "PRIMARY".equals(
                    d.status()) && "IN_PROGRESS".equals(d.rolloutState())).findFirst();
            if (rolling.isPresent()) {
                // An earlier run's deployment of the latest revision, still rolling out: its outcome is this run's.
                // Steady is not enough: after a circuit-breaker rollback the service is steady on the old revision.
                String action = "deploy " + Revisions.shortName(p.taskDefinitionArn()) + " to service " + name;
                ctx.reporter().info(name().word(), action + ": in progress since an earlier run; waiting for it");
                follow(ctx, action, rolling.get(), p, watch);
                return;
            }
        } else {
            Capacity.check(ctx, "create", desired, p.taskDefinitionArn());
            // "Not idempotent": another run of the lab (another machine, its own client token) created it just now.
            ServiceInfo created = LostAnswers.createOrFind(() -> ctx.aws().ecs().createService(
                    new EcsGateway.ServiceSpec(p.clusterName(), name, p.taskDefinitionArn(), desired,
                            p.targetGroup().arn(), Names.CONTAINER_NAME, Names.CONTAINER_PORT,
                            LabDesign.HEALTH_CHECK_GRACE_SECONDS, ctx.tags(name), ctx.clientToken("service"))),
                    () -> ctx.aws().ecs().findService(p.clusterName(), name).map(s -> {
                        Ownership.requireOurs(ctx, "service", name, s.tags());
                        return s;
                    }), e -> String.valueOf(e.awsMessage()).contains("not idempotent"));
            ctx.createdOrAdopted(name().word(), Kind.SERVICE, name, created.arn(), created.tags());
            target = created.desired(); // another run's service may be scaled already
        }
        watch.untilSteady(target, p.targetGroup().arn(), true);
    }

    /**
     * The lab's task definition changed: roll the service to it and wait for that deployment to be COMPLETED. A
     * circuit-breaker rollback fails the step (the service keeps serving the old revision); the revisions it replaced
     * are deregistered only once it is COMPLETED.
     */
    private void deploy(LabContext ctx, ServiceInfo service, Surroundings.Prerequisites p, ServiceWatch watch) {
        String next = p.taskDefinitionArn();
        String action = "deploy " + Revisions.shortName(next) + " to service " + service.name();
        Capacity.checkRollout(ctx, service, next);
        ctx.reporter().info(name().word(), action + " (it runs " + Revisions.shortName(service.taskDefinitionArn())
                + "); each old task stops once a new one is a healthy target");
        ServiceInfo updated = ctx.aws().ecs().deploy(p.clusterName(), service.name(), next);
        DeploymentInfo started = updated.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()) && next.equals(d.taskDefinitionArn())).findFirst()
                .orElseThrow(() -> new StepFailedException(action + ": UpdateService answered without a PRIMARY "
                        + "deployment of it", "run `" + ctx.lab().command(Verb.STATUS) + "`, then try again"));
        follow(ctx, action, started, p, watch);
    }

    /** Waits for {@code started} to be COMPLETED, then retires the revisions it replaced; a rollback fails the step. */
    private void follow(LabContext ctx, String action, DeploymentInfo started, Surroundings.Prerequisites p,
                        ServiceWatch watch) {
        String next = started.taskDefinitionArn();
        try {
            watch.untilDeployed(started, p.targetGroup().arn());
        } catch (WaitFailedException e) {
            if (e.timedOut()) {
                throw e;
            }
            throw new StepFailedException(action + ": " + e.getMessage(), "the service still serves what it ran "
                    + "before; fix the task definition, register it (`" + ctx.lab().command(Verb.TASKDEF) + " --file "
                    + (ctx.lab().what().taskDefinitionFile() == null ? "FILE"
                    : ShellWords.quote(ctx.lab().what().taskDefinitionFile().toString())) + "`), then run `"
                    + ctx.lab().command(Verb.SERVICE) + "`", e);
        }
        Revisions.retireOlder(ctx, name().word(), next);
    }
}
