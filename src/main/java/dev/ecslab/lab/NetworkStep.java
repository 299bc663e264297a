package dev.ecslab.lab;

import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Ec2Gateway.IngressRule;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.Poll;
import dev.ecslab.aws.Poller;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.UsageException;
import dev.ecslab.report.ShellWords;
import dev.ecslab.state.ResourceRef.Kind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The default VPC (subnets in ≥ 2 AZs, which the ALB needs) and the lab's two security groups: the ALB's (TCP 80
 * from anywhere) and the instance's (TCP 32768–65535 from the ALB's group only — the dynamic host ports of bridge
 * tasks, docs/aws.md §3). Both the cluster and the load balancer need them, so this runs first.
 */
public final class NetworkStep implements Step {
    private static final Duration FIRST_LOOK_AGAIN = Duration.ofMillis(250);

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
                "create one with `" + ShellWords.line("aws", "ec2", "create-default-vpc", "--region",
                        ctx.caller().region()) + "`"));
        long zones = network.subnets().stream().map(Ec2Gateway.Subnet::availabilityZone).distinct().count();
        if (zones < 2) {
            throw new PreflightException("find default subnets in " + network.vpcId() + ": an application load "
                    + "balancer needs subnets in 2 availability zones (found " + zones + ")",
                    "create the missing default subnets with `" + ShellWords.line("aws", "ec2",
                            "create-default-subnet", "--region", ctx.caller().region()) + " --availability-zone AZ`");
        }
        ctx.network(network);
        return network;
    }

    /**
     * Where the instance and the load balancer go: the instance into the first zone that offers its type (not every
     * zone offers every type: t3 is not in us-east-1e, docs/aws.md §14); the ALB into exactly two zones, the
     * instance's and the next one offering the type (an ALB routes only to targets in its own zones, and each of
     * its zones costs a public IPv4 address). When the lab's instance exists, its zone is the instance's zone.
     */
    record Placement(Ec2Gateway.Subnet instanceSubnet, List<Ec2Gateway.Subnet> loadBalancerSubnets) {
        List<String> loadBalancerSubnetIds() {
            return loadBalancerSubnets.stream().map(Ec2Gateway.Subnet::id).collect(Collectors.toList());
        }
    }

    static Placement placement(LabContext ctx, Ec2Gateway.Network network) {
        String type = ctx.lab().instanceType();
        Set<String> offering = ctx.aws().ec2().zonesOffering(type);
        Map<String, Ec2Gateway.Subnet> byZone = network.subnets().stream().collect(Collectors.toMap(
                Ec2Gateway.Subnet::availabilityZone, s -> s, (a, b) -> a, TreeMap::new));
        List<Ec2Gateway.Subnet> usable = byZone.values().stream().filter(s -> offering.contains(s.availabilityZone()))
                .collect(Collectors.toList());
        Optional<Ec2Gateway.Subnet> running = ctx.aws().ec2().listInstancesByLab(ctx.lab().name()).stream()
                .filter(i -> !"shutting-down".equals(i.state()) && LabNames.isLabInstance(ctx.names(), i))
                .map(Ec2Gateway.InstanceInfo::availabilityZone).map(byZone::get).filter(java.util.Objects::nonNull)
                .findFirst();
        if (running.isEmpty() && usable.isEmpty()) {
            throw new UsageException("check instance type " + type + ": no default subnet of " + network.vpcId()
                    + " is in a zone that offers it (zones offering it: " + (offering.isEmpty() ? "none"
                    : String.join(", ", offering)) + ")",
                    "pick another type with --instance-type, e.g. t3.micro, or another region");
        }
        Ec2Gateway.Subnet instance = running.orElse(usable.isEmpty() ? null : usable.get(0));
        Ec2Gateway.Subnet second = Stream.concat(usable.stream(), byZone.values().stream())
                .filter(s -> !s.availabilityZone().equals(instance.availabilityZone())).findFirst().orElseThrow();
        return new Placement(instance, List.of(instance, second));
    }

    @Override
    public void preflight(LabContext ctx) {
        requireDefaultNetwork(ctx);
    }

    @Override
    public void plan(LabContext ctx) {
        Ec2Gateway.Network network = requireDefaultNetwork(ctx);
        planGroup(ctx, network, ctx.names().albSecurityGroup(), "TCP " + LabDesign.ALB_PORT + " from 0.0.0.0/0");
        planGroup(ctx, network, ctx.names().instanceSecurityGroup(), "TCP " + LabDesign.DYNAMIC_PORTS_FROM + "-"
                + LabDesign.DYNAMIC_PORTS_TO + " from the ALB's group only");
    }

    private void planGroup(LabContext ctx, Ec2Gateway.Network network, String name, String rule) {
        Optional<SecurityGroupInfo> existing = ctx.aws().ec2().findSecurityGroup(network.vpcId(), name);
        Kind kind = name.equals(ctx.names().albSecurityGroup()) ? Kind.ALB_SECURITY_GROUP : Kind.INSTANCE_SECURITY_GROUP;
        ctx.reporter().planned(name(), existing.isPresent() ? "adopt" : "create", kind, name,
                "in " + network.vpcId() + ", " + rule);
    }

    @Override
    public void apply(LabContext ctx) {
        Ec2Gateway.Network network = requireDefaultNetwork(ctx);
        ctx.reporter().info(name(), "default VPC " + network.vpcId() + ", subnets " + network.subnets().stream()
                .map(s -> s.id() + " (" + s.availabilityZone() + ")").collect(Collectors.joining(", ")));
        String alb = ensureGroup(ctx, network, Kind.ALB_SECURITY_GROUP, ctx.names().albSecurityGroup(),
                "ecslab " + ctx.lab().name() + ": load balancer");
        ctx.aws().ec2().authorizeIngress(alb, IngressRule.fromCidr(LabDesign.ALB_PORT, "0.0.0.0/0"), visible(ctx),
                new Heartbeat(ctx.reporter(), name()));
        String instance = ensureGroup(ctx, network, Kind.INSTANCE_SECURITY_GROUP, ctx.names().instanceSecurityGroup(),
                "ecslab " + ctx.lab().name() + ": container instance");
        ctx.aws().ec2().authorizeIngress(instance, IngressRule.fromGroup(LabDesign.DYNAMIC_PORTS_FROM,
                LabDesign.DYNAMIC_PORTS_TO, alb),
                visible(ctx), new Heartbeat(ctx.reporter(), name()));
    }

    /** EC2 can take seconds to show a new group (eventual consistency): look again soon, then less often. */
    private static Budget visible(LabContext ctx) {
        return ctx.budget("security group visible to EC2", Budgets.EC2_VISIBLE).withBackoffFrom(FIRST_LOOK_AGAIN);
    }

    private String ensureGroup(LabContext ctx, Ec2Gateway.Network network, Kind kind, String name, String description) {
        Optional<SecurityGroupInfo> existing = ctx.aws().ec2().findSecurityGroup(network.vpcId(), name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "security group", name, existing.get().tags());
            ctx.adopted(name(), kind, name, existing.get().id());
            return existing.get().id();
        }
        // After a lost answer AWS says the group exists, but a by-name lookup may not show it for a moment.
        SecurityGroupInfo created = LostAnswers.createOrFind(() -> ctx.aws().ec2().createSecurityGroup(name,
                description, network.vpcId(), ctx.tags(name)), () -> Optional.of(new Poller().poll(visible(ctx),
                        new Heartbeat(ctx.reporter(), name()), () -> ctx.aws().ec2().findSecurityGroup(network.vpcId(),
                                name).map(g -> Poll.done(g, name + " visible")).orElseGet(() -> Poll.pending(
                                name + " exists (InvalidGroup.Duplicate) but is not visible yet")))),
                "InvalidGroup.Duplicate");
        Ownership.requireOurs(ctx, "security group", name, created.tags());
        ctx.createdOrAdopted(name(), kind, name, created.id(), created.tags());
        return created.id();
    }

    /**
     * The id of one of the lab's security groups: the one this run created or adopted (a by-name lookup can miss a
     * group created seconds ago), else as AWS has it now.
     */
    static String groupId(LabContext ctx, Kind kind) {
        Optional<String> known = ctx.idOf(kind);
        if (known.isPresent()) {
            return known.get();
        }
        String name = kind == Kind.ALB_SECURITY_GROUP ? ctx.names().albSecurityGroup()
                : ctx.names().instanceSecurityGroup();
        Ec2Gateway.Network network = ctx.network() != null ? ctx.network() : requireDefaultNetwork(ctx);
        return ctx.aws().ec2().findSecurityGroup(network.vpcId(), name).map(SecurityGroupInfo::id)
                .orElseThrow(() -> new PreflightException("find security group " + name + ": it does not exist",
                        "run `" + ctx.lab().command("cluster") + "` or `"
                                + ctx.lab().command("elb") + "` first"));
    }
}
