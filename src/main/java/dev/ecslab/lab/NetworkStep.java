package dev.ecslab.lab;

import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Ec2Gateway.IngressRule;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.Poll;
import dev.ecslab.aws.Poller;
import dev.ecslab.report.StepName;
import dev.ecslab.state.ResourceRef.Kind;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The default VPC (subnets in ≥ 2 AZs, which the ALB needs) and the lab's two security groups: the ALB's (TCP 80
 * from anywhere) and the instance's (TCP 32768–65535 from the ALB's group only — the dynamic host ports of bridge
 * tasks, docs/aws.md §3). Both the cluster and the load balancer need them, so this runs first.
 */
public final class NetworkStep implements Step {
    private static final Duration FIRST_LOOK_AGAIN = Duration.ofMillis(250);

    @Override
    public StepName name() {
        return StepName.NETWORK;
    }

    @Override
    public String description() {
        return "default VPC and security groups";
    }

    @Override
    public List<Need> needs() {
        return List.of();
    }

    @Override
    public void preflight(LabContext ctx) {
        Surroundings.of(ctx).network();
    }

    @Override
    public void plan(LabContext ctx) {
        Ec2Gateway.Network network = Surroundings.of(ctx).network();
        planGroup(ctx, network, ctx.names().albSecurityGroup(), "TCP " + LabDesign.ALB_PORT + " from 0.0.0.0/0");
        planGroup(ctx, network, ctx.names().instanceSecurityGroup(), "TCP " + LabDesign.DYNAMIC_PORTS_FROM + "-"
                + LabDesign.DYNAMIC_PORTS_TO + " from the ALB's group only");
    }

    private void planGroup(LabContext ctx, Ec2Gateway.Network network, String name, String rule) {
        Optional<SecurityGroupInfo> existing = ctx.aws().ec2().findSecurityGroup(network.vpcId(), name);
        Kind kind = name.equals(ctx.names().albSecurityGroup()) ? Kind.ALB_SECURITY_GROUP : Kind.INSTANCE_SECURITY_GROUP;
        ctx.reporter().planned(name().word(), existing.isPresent() ? "adopt" : "create", kind, name,
                "in " + network.vpcId() + ", " + rule);
    }

    @Override
    public void apply(LabContext ctx) {
        Ec2Gateway.Network network = Surroundings.of(ctx).network();
        ctx.reporter().info(name().word(), "default VPC " + network.vpcId() + ", subnets " + network.subnets().stream()
                .map(s -> s.id() + " (" + s.availabilityZone() + ")").collect(Collectors.joining(", ")));
        String alb = ensureGroup(ctx, network, Kind.ALB_SECURITY_GROUP, ctx.names().albSecurityGroup(),
                "ecslab " + ctx.lab().name() + ": load balancer");
        ctx.aws().ec2().authorizeIngress(alb, IngressRule.fromCidr(LabDesign.ALB_PORT, "0.0.0.0/0"), visible(ctx),
                new Heartbeat(ctx.reporter(), name().word()));
        String instance = ensureGroup(ctx, network, Kind.INSTANCE_SECURITY_GROUP, ctx.names().instanceSecurityGroup(),
                "ecslab " + ctx.lab().name() + ": container instance");
        ctx.aws().ec2().authorizeIngress(instance, IngressRule.fromGroup(LabDesign.DYNAMIC_PORTS_FROM,
                LabDesign.DYNAMIC_PORTS_TO, alb), visible(ctx), new Heartbeat(ctx.reporter(), name().word()));
    }

    /** EC2 can take seconds to show a new group (eventual consistency): look again soon, then less often. */
    private static Budget visible(LabContext ctx) {
        return ctx.budget("the new security group to reach EC2", Budgets.EC2_VISIBLE)
                .withBackoffFrom(FIRST_LOOK_AGAIN);
    }

    private String ensureGroup(LabContext ctx, Ec2Gateway.Network network, Kind kind, String name, String description) {
        Optional<SecurityGroupInfo> existing = ctx.aws().ec2().findSecurityGroup(network.vpcId(), name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "security group", name, existing.get().tags());
            ctx.adopted(name().word(), kind, name, existing.get().id());
            return existing.get().id();
        }
        // After a lost answer AWS says the group exists, but a by-name lookup may not show it for a moment.
        Heartbeat heartbeat = new Heartbeat(ctx.reporter(), name().word());
        SecurityGroupInfo created = LostAnswers.createOrFind(() -> ctx.aws().ec2().createSecurityGroup(name,
                description, network.vpcId(), ctx.tags(name)), () -> Optional.of(new Poller().poll(visible(ctx),
                        heartbeat, () -> ctx.aws().ec2().findSecurityGroup(network.vpcId(),
                                name).map(g -> Poll.done(g, name + " visible")).orElseGet(() -> Poll.pending(
                                "EC2 made it, but does not list it yet (usually a few seconds)")))),
                "InvalidGroup.Duplicate");
        Ownership.requireOurs(ctx, "security group", name, created.tags());
        ctx.createdOrAdopted(name().word(), kind, name, created.id(), created.tags());
        return created.id();
    }
}
