package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.ElbGateway.ListenerInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerInfo;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.aws.Names;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.report.StepName;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.List;
import java.util.Optional;

/**
 * Step 3: the internet-facing application load balancer, its target group (health check every 5 s, healthy after
 * 2, 5 s deregistration delay — AWS's ECS guidance rather than the 150 s / 300 s defaults) and an HTTP:80
 * listener, all before the service, which ECS refuses otherwise (docs/aws.md §5).
 */
public final class LoadBalancerStep implements Step {
    @Override
    public StepName name() {
        return StepName.ELB;
    }

    @Override
    public String description() {
        return "application load balancer, target group and listener";
    }

    @Override
    public List<Need> needs() {
        return List.of(Need.step(StepName.NETWORK));
    }

    @Override
    public void plan(LabContext ctx) {
        Names n = ctx.names();
        ElbGateway elb = ctx.aws().elb();
        Optional<LoadBalancerInfo> lb = elb.findLoadBalancer(n.loadBalancer());
        ctx.reporter().planned(name().word(), lb.isPresent() ? "adopt" : "create",
                Kind.LOAD_BALANCER, n.loadBalancer(), "internet-facing, subnets "
                        + Surroundings.of(ctx).placement().loadBalancerSubnetIds());
        ctx.reporter().planned(name().word(), elb.findTargetGroup(n.targetGroup()).isPresent() ? "adopt" : "create",
                Kind.TARGET_GROUP, n.targetGroup(), "HTTP:" + Names.CONTAINER_PORT + ", health check "
                        + LabDesign.HEALTH_CHECK_PATH + " every " + LabDesign.HEALTH_CHECK_INTERVAL
                        + "s, healthy after " + LabDesign.HEALTHY_THRESHOLD + ", deregistration delay "
                        + LabDesign.DEREGISTRATION_DELAY + "s");
        boolean listens = lb.isPresent() && elb.listListeners(lb.get().arn()).stream()
                .anyMatch(l -> l.port() == LabDesign.ALB_PORT);
        ctx.reporter().planned(name().word(), listens ? "adopt" : "create", Kind.LISTENER, "HTTP:" + LabDesign.ALB_PORT,
                "forward to " + n.targetGroup());
    }

    @Override
    public void apply(LabContext ctx) {
        Ec2Gateway.Network network = Surroundings.of(ctx).network();
        LoadBalancerInfo lb = ensureLoadBalancer(ctx);
        TargetGroupInfo tg = ensureTargetGroup(ctx, network);
        // A provisioning load balancer takes listeners (the console adds them as it creates one; CreateListener has
        // no error for that state), and a service may use its target group once a listener forwards to it: the
        // service's tasks start while the ALB provisions, and their health checks begin once it is active.
        ensureListener(ctx, lb, tg);
        ctx.reached(Need.LISTENER);
        if (!"active".equals(lb.state())) {
            boolean justCreated = ctx.createdThisRun().stream().anyMatch(r -> r.kind() == Kind.LOAD_BALANCER);
            lb = ctx.aws().elb().waitUntilAvailable(lb.arn(), justCreated, ctx.budget("load balancer active",
                    Budgets.ALB_AVAILABLE, AwsTimes.ALB_PROVISIONING), new Heartbeat(ctx.reporter(), name().word()));
        }
        ctx.reporter().info(name().word(), "load balancer DNS name " + lb.dnsName());
    }

    private LoadBalancerInfo ensureLoadBalancer(LabContext ctx) {
        String name = ctx.names().loadBalancer();
        Optional<LoadBalancerInfo> existing = ctx.aws().elb().findLoadBalancer(name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "load balancer", name, existing.get().tags());
            ctx.adopted(name().word(), Kind.LOAD_BALANCER, name, existing.get().arn());
            return existing.get();
        }
        String sg = Surroundings.of(ctx).groupId(Kind.ALB_SECURITY_GROUP);
        LoadBalancerInfo created = ctx.aws().elb().createLoadBalancer(new ElbGateway.LoadBalancerSpec(name,
                Surroundings.of(ctx).placement().loadBalancerSubnetIds(), List.of(sg), ctx.tags(name)),
                ctx.budget("the new security group to reach ELB", Budgets.EC2_VISIBLE),
                new Heartbeat(ctx.reporter(), name().word()));
        ctx.created(name().word(), Kind.LOAD_BALANCER, name, created.arn());
        return created;
    }

    private TargetGroupInfo ensureTargetGroup(LabContext ctx, Ec2Gateway.Network network) {
        String name = ctx.names().targetGroup();
        Optional<TargetGroupInfo> existing = ctx.aws().elb().findTargetGroup(name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "target group", name, existing.get().tags());
            ctx.adopted(name().word(), Kind.TARGET_GROUP, name, existing.get().arn());
            return existing.get();
        }
        TargetGroupInfo created = ctx.aws().elb().createTargetGroup(new ElbGateway.TargetGroupSpec(name,
                network.vpcId(), Names.CONTAINER_PORT, LabDesign.HEALTH_CHECK_PATH, LabDesign.HEALTH_CHECK_INTERVAL,
                LabDesign.HEALTH_CHECK_TIMEOUT, LabDesign.HEALTHY_THRESHOLD, LabDesign.UNHEALTHY_THRESHOLD,
                LabDesign.DEREGISTRATION_DELAY, ctx.tags(name)));
        ctx.created(name().word(), Kind.TARGET_GROUP, name, created.arn());
        return created;
    }

    private void ensureListener(LabContext ctx, LoadBalancerInfo lb, TargetGroupInfo tg) {
        Optional<ListenerInfo> existing = ctx.aws().elb().listListeners(lb.arn()).stream()
                .filter(l -> l.port() == LabDesign.ALB_PORT).findFirst();
        if (existing.isPresent()) {
            if (!existing.get().targetGroupArns().contains(tg.arn())) {
                throw new StepFailedException("adopt listener on port " + LabDesign.ALB_PORT + " of " + lb.name()
                        + ": it forwards elsewhere, not to " + tg.name(), "remove that listener, then run again");
            }
            ctx.adopted(name().word(), Kind.LISTENER, "HTTP:" + LabDesign.ALB_PORT, existing.get().arn());
            return;
        }
        ListenerInfo created = LostAnswers.createOrFind(() -> ctx.aws().elb().createListener(lb.arn(),
                LabDesign.ALB_PORT, tg.arn(), ctx.tags(ctx.names().loadBalancer() + "-http")),
                () -> ctx.aws().elb().listListeners(lb.arn()).stream().filter(l -> l.port() == LabDesign.ALB_PORT
                        && l.targetGroupArns().contains(tg.arn())).findFirst(), "DuplicateListener");
        ctx.created(name().word(), Kind.LISTENER, "HTTP:" + LabDesign.ALB_PORT, created.arn());
    }
}
