package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Ec2Gateway.IngressRule;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.error.PreflightException;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The default VPC (subnets in ≥ 2 AZs, which the ALB needs) and the lab's two security groups: the ALB's (TCP 80
 * from anywhere) and the instance's (TCP 32768–65535 from the ALB's group only — the dynamic host ports of bridge
 * tasks, aws-reference.md §3). Both the cluster and the load balancer need them, so this runs first.
 */
public final class NetworkStep implements Step {
    static final int ALB_PORT = 80;
    static final int DYNAMIC_PORTS_FROM = 32768;
    static final int DYNAMIC_PORTS_TO = 65535;

    @Override
    public String name() {
        return "network";
    }

    @Override
    public String description() {
        return "default VPC and security groups";
    }

    @Override
    public List<String> needs() {
        return List.of();
    }

    static Ec2Gateway.Network requireDefaultNetwork(LabContext ctx) {
        Ec2Gateway.Network network = ctx.aws().ec2().findDefaultNetwork().orElseThrow(() -> new PreflightException(
                "find default VPC in " + ctx.caller().region() + ": there is none",
                "create one with `aws ec2 create-default-vpc --region " + ctx.caller().region() + "`"));
        long zones = network.subnets().stream().map(Ec2Gateway.Subnet::availabilityZone).distinct().count();
        if (zones < 2) {
            throw new PreflightException("find default subnets in " + network.vpcId() + ": an application load "
                    + "balancer needs subnets in 2 availability zones (found " + zones + ")",
                    "create the missing default subnets with `aws ec2 create-default-subnet --availability-zone <az>`");
        }
        ctx.network(network);
        return network;
    }

    /** One default subnet per availability zone (the ALB takes at most one per AZ). */
    static List<String> subnetPerZone(Ec2Gateway.Network network) {
        return network.subnets().stream().collect(Collectors.toMap(Ec2Gateway.Subnet::availabilityZone,
                        Ec2Gateway.Subnet::id, (a, b) -> a, java.util.TreeMap::new))
                .values().stream().collect(Collectors.toList());
    }

    @Override
    public void preflight(LabContext ctx) {
        requireDefaultNetwork(ctx);
    }

    @Override
    public void plan(LabContext ctx) {
        Ec2Gateway.Network network = requireDefaultNetwork(ctx);
        planGroup(ctx, network, ctx.names().albSecurityGroup(), "TCP 80 from 0.0.0.0/0");
        planGroup(ctx, network, ctx.names().instanceSecurityGroup(), "TCP 32768-65535 from the ALB's group only");
    }

    private void planGroup(LabContext ctx, Ec2Gateway.Network network, String name, String rule) {
        Optional<SecurityGroupInfo> existing = ctx.aws().ec2().findSecurityGroup(network.vpcId(), name);
        ctx.reporter().planned(name(), existing.isPresent() ? "adopt" : "create", "security group", name,
                "in " + network.vpcId() + ", " + rule);
    }

    @Override
    public void apply(LabContext ctx) {
        Ec2Gateway.Network network = requireDefaultNetwork(ctx);
        ctx.reporter().info(name(), "default VPC " + network.vpcId() + ", subnets " + network.subnets().stream()
                .map(s -> s.id() + " (" + s.availabilityZone() + ")").collect(Collectors.joining(", ")));
        String alb = ensureGroup(ctx, network, Kind.ALB_SECURITY_GROUP, ctx.names().albSecurityGroup(),
                "ecslab " + ctx.lab().name() + ": load balancer");
        ctx.aws().ec2().authorizeIngress(alb, IngressRule.fromCidr(ALB_PORT, "0.0.0.0/0"));
        String instance = ensureGroup(ctx, network, Kind.INSTANCE_SECURITY_GROUP, ctx.names().instanceSecurityGroup(),
                "ecslab " + ctx.lab().name() + ": container instance");
        ctx.aws().ec2().authorizeIngress(instance, IngressRule.fromGroup(DYNAMIC_PORTS_FROM, DYNAMIC_PORTS_TO, alb));
    }

    private String ensureGroup(LabContext ctx, Ec2Gateway.Network network, Kind kind, String name, String description) {
        Optional<SecurityGroupInfo> existing = ctx.aws().ec2().findSecurityGroup(network.vpcId(), name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "security group", name, existing.get().tags());
            ctx.adopted(name(), kind, name, existing.get().id());
            return existing.get().id();
        }
        SecurityGroupInfo created = LostAnswers.createOrFind(() -> ctx.aws().ec2().createSecurityGroup(name,
                description, network.vpcId(), ctx.tags(name)),
                () -> ctx.aws().ec2().findSecurityGroup(network.vpcId(), name), "InvalidGroup.Duplicate");
        Ownership.requireOurs(ctx, "security group", name, created.tags());
        ctx.created(name(), kind, name, created.id());
        return created.id();
    }

    /** The id of one of the lab's security groups, as AWS has it now. */
    static String groupId(LabContext ctx, Kind kind) {
        String name = kind == Kind.ALB_SECURITY_GROUP ? ctx.names().albSecurityGroup()
                : ctx.names().instanceSecurityGroup();
        Ec2Gateway.Network network = ctx.network() != null ? ctx.network() : requireDefaultNetwork(ctx);
        return ctx.aws().ec2().findSecurityGroup(network.vpcId(), name).map(SecurityGroupInfo::id)
                .orElseThrow(() -> new PreflightException("find security group " + name + ": it does not exist",
                        "run `ecslab cluster --lab " + ctx.lab().name() + "` or `ecslab elb --lab "
                                + ctx.lab().name() + "` first"));
    }
}
