package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.Ec2Gateway.Subnet;
import dev.ecslab.aws.EcsGateway.ClusterInfo;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.Names;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.report.StepName;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Step 1: the ECS cluster and its one EC2 container instance — IAM role and instance profile for the ECS agent,
 * the ECS-optimized Amazon Linux 2023 AMI from SSM, RunInstances with user data naming the cluster, then the wait
 * until the agent has registered the instance (docs/aws.md §1–§2).
 */
public final class ClusterStep implements Step {
    private static final String NO_CAPACITY = "InsufficientInstanceCapacity";

    @Override
    public StepName name() {
        return StepName.CLUSTER;
    }

    @Override
    public String description() {
        return "ECS cluster and one EC2 container instance";
    }

    @Override
    public List<Need> needs() {
        return List.of(Need.step(StepName.NETWORK));
    }

    @Override
    public void preflight(LabContext ctx) {
        Surroundings.of(ctx).instanceType();
        Surroundings.of(ctx).placement();
        // a bad --ami (exit 2) or a region without the AMI's parameter (exit 3) creates nothing
        Surroundings.of(ctx).ami();
    }

    @Override
    public void plan(LabContext ctx) {
        Names n = ctx.names();
        Ec2Gateway.InstanceTypeInfo type = Surroundings.of(ctx).instanceType();
        String ami = Surroundings.of(ctx).ami();
        ctx.reporter().planned(name().word(),
                ctx.aws().iam().findRole(n.instanceRole()).isPresent() ? "adopt" : "create", Kind.INSTANCE_ROLE,
                n.instanceRole(), "path " + Names.IAM_PATH + ", policy AmazonEC2ContainerServiceforEC2Role");
        ctx.reporter().planned(name().word(), ctx.aws().iam().findInstanceProfile(n.instanceProfile()).isPresent()
                ? "adopt" : "create", Kind.INSTANCE_PROFILE, n.instanceProfile(), "path " + Names.IAM_PATH);
        ctx.reporter().planned(name().word(), ctx.aws().ecs().findCluster(n.cluster()).isPresent() ? "adopt" : "create",
                Kind.CLUSTER, n.cluster(), "container insights off");
        boolean instanceExists = ctx.aws().ec2().listInstancesByLab(ctx.lab().name()).stream()
                .anyMatch(i -> LabNames.isLabInstance(n, i));
        ctx.reporter().planned(name().word(), instanceExists ? "adopt" : "create", Kind.INSTANCE, n.instance(),
                type.name() + ", " + ami + " (from " + Surroundings.of(ctx).amiSource() + "), IMDSv2 required, joins "
                        + n.cluster() + (instanceExists && ctx.lab().what().ami() != null
                        ? "; kept as it runs: --ami applies to a new instance" : ""));
    }

    @Override
    public void apply(LabContext ctx) {
        Names n = ctx.names();
        Ec2Gateway.InstanceTypeInfo type = Surroundings.of(ctx).instanceType();
        ctx.aws().iam().ensureEcsServiceLinkedRole();
        ensureRoleAndProfile(ctx);
        ClusterInfo cluster = ensureCluster(ctx);
        InstanceInfo instance = ensureInstance(ctx, type);
        if (!"running".equals(instance.state())) {
            instance = ctx.aws().ec2().waitUntilRunning(instance.id(),
                    ctx.budget("instance running", Budgets.INSTANCE_RUNNING, AwsTimes.INSTANCE_PENDING),
                    new Heartbeat(ctx.reporter(), name().word()));
        }
        instance = keepOneInstance(ctx, instance);
        String id = instance.id();
        ContainerInstanceInfo ci = ctx.aws().ecs().waitUntilRegistered(cluster.name(), id,
                ctx.budget("container instance registered", Budgets.AGENT_REGISTRATION,
                        AwsTimes.AGENT_REGISTRATION),
                new Heartbeat(ctx.reporter(), name().word()), () -> endedBeforeRegistering(ctx, id));
        ctx.adopted(name().word(), Kind.CONTAINER_INSTANCE, instance.id(), ci.arn());
        ctx.reporter().info(name().word(), "container instance ACTIVE, agent connected: " + ci.registeredCpu()
                + " CPU units, " + ci.registeredMemory() + " MiB registered");
    }

    /**
     * Why an instance will never register: it is stopping or gone (terminated by hand, or by the rollback of another
     * run of the lab that launched it). Null while it may still register; "not found" is a new instance EC2 does
     * not show yet.
     */
    private static String endedBeforeRegistering(LabContext ctx, String instanceId) {
        return ctx.aws().ec2().findInstance(instanceId)
                .filter(i -> !"pending".equals(i.state()) && !"running".equals(i.state()))
                .map(i -> "instance " + instanceId + " is " + i.state() + " before its agent registered"
                        + (i.stateReason() == null ? "" : " (" + i.stateReason() + ")"))
                .orElse(null);
    }

    /**
     * The instance role, with the account's permissions boundary when an administrator made it (the example policy
     * allows CreateRole only with it, so its credentials cannot reach past the lab); without one otherwise.
     */
    private static IamGateway.RoleInfo createInstanceRole(LabContext ctx, String role) {
        IamGateway iam = ctx.aws().iam();
        String boundaryArn = Names.instanceRoleBoundaryArn(ctx.caller().partition(), ctx.caller().account());
        String boundary = iam.policyExists(boundaryArn) ? boundaryArn : null;
        try {
            return LostAnswers.createOrFind(() -> iam.createInstanceRole(role, Names.IAM_PATH, ctx.tags(role),
                    boundary), () -> iam.findRole(role), "EntityAlreadyExists");
        } catch (AwsCallException e) {
            if (boundary != null || !e.isAccessDenied()) {
                throw e;
            }
            throw new StepFailedException(e.getMessage() + " (no permissions boundary " + boundaryArn + " exists)",
                    "an administrator creates it once: " + LabDesign.CREATE_BOUNDARY, e);
        }
    }

    private void ensureRoleAndProfile(LabContext ctx) {
        IamGateway iam = ctx.aws().iam();
        String role = ctx.names().instanceRole();
        String profile = ctx.names().instanceProfile();
        Optional<IamGateway.RoleInfo> existingRole = iam.findRole(role);
        if (existingRole.isPresent()) {
            Ownership.requireOurs(ctx, "iam role", role, existingRole.get().tags());
            ctx.adopted(name().word(), Kind.INSTANCE_ROLE, role, existingRole.get().arn());
        } else {
            IamGateway.RoleInfo created = createInstanceRole(ctx, role);
            Ownership.requireOurs(ctx, "iam role", role, created.tags());
            ctx.createdOrAdopted(name().word(), Kind.INSTANCE_ROLE, role, created.arn(), created.tags());
        }
        iam.attachEcsInstancePolicy(role);

        Optional<IamGateway.InstanceProfileInfo> existingProfile = iam.findInstanceProfile(profile);
        if (existingProfile.isPresent()) {
            Ownership.requireOurs(ctx, "instance profile", profile, existingProfile.get().tags());
            ctx.adopted(name().word(), Kind.INSTANCE_PROFILE, profile, existingProfile.get().arn());
        } else {
            IamGateway.InstanceProfileInfo created = LostAnswers.createOrFind(() -> iam.createInstanceProfile(
                    profile, Names.IAM_PATH, ctx.tags(profile)), () -> iam.findInstanceProfile(profile),
                    "EntityAlreadyExists");
            Ownership.requireOurs(ctx, "instance profile", profile, created.tags());
            ctx.createdOrAdopted(name().word(), Kind.INSTANCE_PROFILE, profile, created.arn(), created.tags());
        }
        // A profile holds one role: after a lost answer the retry is refused with LimitExceeded, role in place.
        LostAnswers.createOrFind(() -> {
            iam.addRoleToInstanceProfile(profile, role);
            return true;
        }, () -> iam.findInstanceProfile(profile).filter(p -> p.roleNames().contains(role)).map(p -> true),
                "LimitExceeded");
        iam.waitUntilInstanceProfileExists(profile, ctx.budget("instance profile visible",
                Budgets.INSTANCE_PROFILE_VISIBLE));
    }

    private ClusterInfo ensureCluster(LabContext ctx) {
        String name = ctx.names().cluster();
        Optional<ClusterInfo> existing = ctx.aws().ecs().findCluster(name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "cluster", name, existing.get().tags());
            ctx.adopted(name().word(), Kind.CLUSTER, name, existing.get().arn());
            return existing.get();
        }
        ClusterInfo created = ctx.aws().ecs().createCluster(name, ctx.tags(name),
                ctx.budget("ECS's new service-linked role to be usable", Budgets.SLR_PROPAGATION),
                new Heartbeat(ctx.reporter(), name().word()));
        ctx.createdOrAdopted(name().word(), Kind.CLUSTER, name, created.arn(), created.tags());
        return created;
    }

    private InstanceInfo ensureInstance(LabContext ctx, Ec2Gateway.InstanceTypeInfo type) {
        List<InstanceInfo> mine = ctx.aws().ec2().listInstancesByLab(ctx.lab().name()).stream()
                .filter(i -> !"shutting-down".equals(i.state()) && LabNames.isLabInstance(ctx.names(), i)).toList();
        if (!mine.isEmpty()) {
            InstanceInfo i = mine.get(0);
            ctx.adopted(name().word(), Kind.INSTANCE, ctx.names().instance(), i.id());
            if (ctx.lab().what().ami() != null) { // as with --instance-type: the lab's instance is kept as it is
                ctx.reporter().info(name().word(), "instance " + i.id() + " exists and is kept as it runs; --ami "
                        + "applies to a new instance (`" + ctx.lab().command(Verb.CLEANUP) + "`, then up again)");
            }
            return i;
        }
        InstanceInfo created = launchInAZoneWithCapacity(ctx, type);
        ctx.created(name().word(), Kind.INSTANCE, ctx.names().instance(), created.id());
        return created;
    }

    /**
     * RunInstances in the first zone that offers the type, then in the load balancer's other zone when EC2 answers
     * that the first has no capacity for it (InsufficientInstanceCapacity, a server error AWS says to meet by trying
     * another zone or waiting: docs/aws.md §14); no further, as the load balancer reaches only its own zones (§5).
     * Each zone has its own client token: a retry after a lost answer stays in its zone.
     */
    private InstanceInfo launchInAZoneWithCapacity(LabContext ctx, Ec2Gateway.InstanceTypeInfo type) {
        Surroundings around = Surroundings.of(ctx);
        String ami = around.ami();
        String sg = around.groupId(Kind.INSTANCE_SECURITY_GROUP);
        List<Subnet> zones = around.placement().instanceSubnets();
        List<String> full = new ArrayList<>();
        for (Subnet subnet : zones) {
            try {
                return ctx.aws().ec2().runInstance(new Ec2Gateway.InstanceSpec(ami, type.name(), subnet.id(),
                                List.of(sg), ctx.names().instanceProfile(), userData(ctx.names().cluster()),
                                ctx.tags(ctx.names().instance()), ctx.clientToken("instance in " + subnet.id())),
                        ctx.budget("the new instance profile and security group to reach EC2", Budgets.IAM_PROPAGATION),
                        new Heartbeat(ctx.reporter(), name().word()));
            } catch (AwsCallException e) {
                if (!NO_CAPACITY.equals(e.errorCode())) {
                    throw e;
                }
                full.add(subnet.availabilityZone());
                if (full.size() < zones.size()) {
                    ctx.reporter().info(name().word(), "EC2 has no " + type.name() + " capacity in "
                            + subnet.availabilityZone() + " now; trying the next zone that offers it");
                }
            }
        }
        throw new StepFailedException("launch instance " + ctx.names().instance() + ": EC2 has no " + type.name()
                + " capacity now in " + String.join(", ", full) + " (" + NO_CAPACITY + ")",
                "run the same command again in a few minutes, or pick another type with --instance-type");
    }

    /**
     * Two runs of one lab on two machines can both find no instance and both launch one. The earlier launch wins
     * (then the smaller id), so both runs decide alike: the later one terminates its own and uses the winner. Looked
     * at once this run's instance is running, by when EC2 lists the other one too.
     */
    private InstanceInfo keepOneInstance(LabContext ctx, InstanceInfo mine) {
        boolean launchedByThisRun = ctx.createdThisRun().stream().anyMatch(r -> r.id().equals(mine.id()));
        if (!launchedByThisRun || mine.launchTimeIso() == null) {
            return mine;
        }
        Comparator<InstanceInfo> first = Comparator.comparing((InstanceInfo i) -> Instant.parse(i.launchTimeIso()))
                .thenComparing(InstanceInfo::id);
        Optional<InstanceInfo> winner = ctx.aws().ec2().listInstancesByLab(ctx.lab().name()).stream()
                .filter(i -> !i.id().equals(mine.id()) && i.launchTimeIso() != null)
                .filter(i -> LabNames.isLabInstance(ctx.names(), i))
                .filter(i -> "pending".equals(i.state()) || "running".equals(i.state()))
                .filter(i -> first.compare(i, mine) < 0).min(first);
        if (winner.isEmpty()) {
            return mine;
        }
        String other = winner.get().id();
        ctx.reporter().info(name().word(), "another run of this lab launched instance " + other + " first; terminating "
                + mine.id() + " and using " + other);
        Heartbeat heartbeat = new Heartbeat(ctx.reporter(), name().word());
        ctx.aws().ec2().terminateInstance(mine.id(), ctx.teardownBudget("instance visible to EC2",
                Budgets.EC2_VISIBLE, null), heartbeat);
        ctx.reporter().deleted(name().word(), Kind.INSTANCE, ctx.names().instance(), mine.id());
        ctx.adopted(name().word(), Kind.INSTANCE, ctx.names().instance(), other);
        return "running".equals(winner.get().state()) ? winner.get() : ctx.aws().ec2().waitUntilRunning(other,
                ctx.budget("instance running", Budgets.INSTANCE_RUNNING, AwsTimes.INSTANCE_PENDING), heartbeat);
    }

    /** The ECS-optimized AMI's agent reads /etc/ecs/ecs.config at start (docs/aws.md §2). */
    static String userData(String cluster) {
        return "#!/bin/bash\n"
                + "cat <<'EOF' >> /etc/ecs/ecs.config\n"
                + "ECS_CLUSTER=" + cluster + "\n"
                + "ECS_CONTAINER_STOP_TIMEOUT=5s\n"
                + "EOF\n";
    }
}
