package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Ec2Gateway.InstanceTypeInfo;
import dev.ecslab.aws.Ec2Gateway.Network;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.Ec2Gateway.Subnet;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.LogConfiguration;
import dev.ecslab.aws.EcsGateway.PortMapping;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.aws.Tags;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.UsageException;
import dev.ecslab.report.ShellWords;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the steps of one run read around the lab and share, so that no step asks another: the default network,
 * where the instance and the load balancer go, the lab's security groups, the instance type and its AMI, the task
 * definition to register, and what the service needs from the earlier steps. One per run ({@link #of}). A value
 * is kept once found only where the run cannot change it; what a step of the run may still create or move (the
 * lab's instance, its groups) is read again each time, and what is missing is looked for again.
 */
final class Surroundings {
    private final LabContext ctx;
    private final Found<Network> network = new Found<>();
    private final Found<Set<String>> zonesOffering = new Found<>();
    private final Found<InstanceTypeInfo> instanceType = new Found<>();
    private final Found<String> ami = new Found<>();
    private final Found<TaskDefinitionFile.Parsed> file = new Found<>();
    private final Found<TaskDefinitionSpec> spec = new Found<>();
    private final Found<Prerequisites> prerequisites = new Found<>();

    private Surroundings(LabContext ctx) {
        this.ctx = ctx;
    }

    /** The run's own. */
    static Surroundings of(LabContext ctx) {
        return ctx.once(Surroundings.class, Surroundings::new);
    }

    /** A value read until found, then kept: a read that fails (throws) is made again next time. */
    private static final class Found<T> {
        private T value;

        synchronized T get(Supplier<T> read) {
            if (value == null) {
                value = read.get();
            }
            return value;
        }
    }

    /** The default VPC, with subnets in the 2 availability zones an application load balancer needs. */
    Network network() {
        return network.get(() -> {
            String region = ctx.caller().region();
            Network found = ctx.aws().ec2().findDefaultNetwork().orElseThrow(() -> new PreflightException(
                    "find default VPC in " + region + ": there is none",
                    "create one with `" + ShellWords.line("aws", "ec2", "create-default-vpc", "--region", region)
                            + "`"));
            long zones = found.subnets().stream().map(Subnet::availabilityZone).distinct().count();
            if (zones < 2) {
                throw new PreflightException("find default subnets in " + found.vpcId() + ": an application load "
                        + "balancer needs subnets in 2 availability zones (found " + zones + ")",
                        "create the missing default subnets with `" + ShellWords.line("aws", "ec2",
                                "create-default-subnet", "--region", region) + " --availability-zone AZ`");
            }
            return found;
        });
    }

    /**
     * Where the instance and the load balancer go: the instance into the first zone that offers its type (not every
     * zone offers every type: t3 is not in us-east-1e, docs/aws.md §14); the ALB into exactly two zones, the
     * instance's and the next one offering the type (an ALB routes only to targets in its own zones, and each of
     * its zones costs a public IPv4 address). When the lab's instance exists, its zone is the instance's zone.
     * {@code instanceSubnets} are where the instance may go, in order, when EC2 has no capacity for its type in the
     * first zone: the load balancer's zones that offer the type, so that the load balancer, created meanwhile by a
     * step that does not wait for the instance, reaches it wherever it lands (an ALB sends no traffic to targets in
     * a zone it does not have: docs/aws.md §5).
     */
    record Placement(Subnet instanceSubnet, List<Subnet> loadBalancerSubnets, List<Subnet> instanceSubnets) {
        List<String> loadBalancerSubnetIds() {
            return loadBalancerSubnets.stream().map(Subnet::id).collect(Collectors.toList());
        }
    }

    /** The placement as things are now: the lab's instance, which the cluster step may launch meanwhile, decides. */
    Placement placement() {
        Network net = network();
        String type = ctx.lab().what().instanceType();
        Set<String> offering = zonesOffering.get(() -> ctx.aws().ec2().zonesOffering(type));
        Map<String, Subnet> byZone = net.subnets().stream().collect(Collectors.toMap(
                Subnet::availabilityZone, s -> s, (a, b) -> a, TreeMap::new));
        List<Subnet> usable = byZone.values().stream().filter(s -> offering.contains(s.availabilityZone()))
                .collect(Collectors.toList());
        Optional<Subnet> running = ctx.aws().ec2().listInstancesByLab(ctx.lab().name()).stream()
                .filter(i -> !"shutting-down".equals(i.state()) && LabNames.isLabInstance(ctx.names(), i))
                .map(Ec2Gateway.InstanceInfo::availabilityZone).map(byZone::get).filter(Objects::nonNull)
                .findFirst();
        if (running.isEmpty() && usable.isEmpty()) {
            throw new UsageException("check instance type " + type + ": no default subnet of " + net.vpcId()
                    + " is in a zone that offers it (zones offering it: " + (offering.isEmpty() ? "none"
                    : String.join(", ", offering)) + ")",
                    "pick another type with --instance-type, e.g. t3.micro, or another region");
        }
        Subnet instance = running.orElse(usable.isEmpty() ? null : usable.get(0));
        Subnet second = Stream.concat(usable.stream(), byZone.values().stream())
                .filter(s -> !s.availabilityZone().equals(instance.availabilityZone())).findFirst().orElseThrow();
        List<Subnet> loadBalancer = List.of(instance, second);
        return new Placement(instance, loadBalancer, running.map(List::of).orElseGet(() -> loadBalancer.stream()
                .filter(s -> offering.contains(s.availabilityZone())).toList()));
    }

    /**
     * The id of one of the lab's security groups: the one this run created or adopted (a by-name lookup can miss a
     * group created seconds ago), else as AWS has it now.
     */
    String groupId(Kind kind) {
        Optional<String> known = ctx.idOf(kind);
        if (known.isPresent()) {
            return known.get();
        }
        String name = kind == Kind.ALB_SECURITY_GROUP ? ctx.names().albSecurityGroup()
                : ctx.names().instanceSecurityGroup();
        return ctx.aws().ec2().findSecurityGroup(network().vpcId(), name).map(SecurityGroupInfo::id)
                .orElseThrow(() -> new PreflightException("find security group " + name + ": it does not exist",
                        "run `" + ctx.lab().command(Verb.CLUSTER) + "` or `"
                                + ctx.lab().command(Verb.ELB) + "` first"));
    }

    /** The --instance-type, as the region offers it. */
    InstanceTypeInfo instanceType() {
        return instanceType.get(() -> {
            String type = ctx.lab().what().instanceType();
            return ctx.aws().ec2().findInstanceType(type).orElseThrow(() -> new UsageException(
                    "check instance type " + type + ": " + ctx.caller().region() + " does not offer it",
                    "pick one the region has, e.g. --instance-type t3.micro (see `aws ec2 describe-instance-types`)"));
        });
    }

    /** The SSM parameter naming the ECS-optimized AMI for the instance type's architecture. */
    String amiParameter() {
        List<String> architectures = instanceType().architectures();
        return architectures.contains("arm64") && !architectures.contains("x86_64")
                ? SsmGateway.ECS_AMI_ARM : SsmGateway.ECS_AMI_X86;
    }

    /** Where {@link #ami} comes from, for the plan: --ami, or the SSM parameter. */
    String amiSource() {
        return ctx.lab().what().ami() != null ? "--ami" : "SSM " + amiParameter();
    }

    /**
     * The AMI of a new container instance: the --ami given, once EC2 shows it exists and runs on the instance type's
     * architecture (either refused as bad input, before anything is made); else the ECS-optimized AMI's id, from its
     * SSM parameter. A region that does not publish the parameter (AWS publishes public parameters only where it
     * chooses) is a preflight refusal: the lab cannot launch its instance there.
     */
    String ami() {
        return ami.get(() -> {
            String given = ctx.lab().what().ami();
            if (given != null) {
                return checkedAmi(given);
            }
            String parameter = amiParameter();
            try {
                return ctx.aws().ssm().getParameter(parameter);
            } catch (AwsCallException e) {
                if (!"ParameterNotFound".equals(e.errorCode())) {
                    throw e;
                }
                String lookUp = ShellWords.line("aws", "ssm", "get-parameter", "--name", parameter);
                throw new PreflightException("find the ECS-optimized AMI in " + ctx.caller().region() + ": SSM has no "
                        + "parameter " + parameter, "pick a region where SSM has it (--region): `" + lookUp
                        + " --region <region>` answers there", e);
            }
        });
    }

    private String checkedAmi(String id) {
        String region = ctx.caller().region();
        Ec2Gateway.ImageInfo image = ctx.aws().ec2().findImage(id).orElseThrow(() -> new UsageException(
                "check AMI " + id + ": it does not exist in " + region, "give an AMI that `" + ShellWords.line("aws",
                "ec2", "describe-images", "--image-ids", id, "--region", region) + "` finds (AMIs are per region), "
                + "or leave out --ami for the ECS-optimized AMI that SSM names"));
        List<String> runs = instanceType().architectures();
        if (!runs.contains(image.architecture())) {
            String type = instanceType().name();
            throw new UsageException("check AMI " + id + ": it is built for " + image.architecture() + ", and "
                    + type + " runs " + String.join(", ", runs), "give an AMI built for " + String.join(" or ", runs)
                    + ", or an instance type for " + image.architecture() + " with --instance-type"
                    + ("arm64".equals(image.architecture()) ? " (e.g. t4g.micro)" : " (e.g. t3.micro)"));
        }
        return image.id();
    }

    /** The --file as read (null without one). */
    TaskDefinitionFile.Parsed taskDefinitionFile() {
        return ctx.lab().what().taskDefinitionFile() == null ? null : file.get(() -> TaskDefinitionFile.read(
                ctx.lab().what().taskDefinitionFile(), ctx.names().logGroup()));
    }

    /** What would be registered: the file's definition or the built-in nginx, always in the lab's family. */
    TaskDefinitionSpec taskDefinitionSpec() {
        return spec.get(() -> {
            Names n = ctx.names();
            LogConfiguration awslogs = awslogs(n, ctx.caller().region());
            TaskDefinitionFile.Parsed parsed = taskDefinitionFile();
            if (parsed == null) {
                return new TaskDefinitionSpec(n.taskFamily(), "bridge", List.of("EC2"), null, null, null, null,
                        List.of(builtinContainer(n, ctx.caller().region())), ctx.tags(n.taskFamily()));
            }
            Map<String, String> tags = new LinkedHashMap<>(ctx.tags(n.taskFamily()));
            tags.put(Tags.FILE, Tags.fileValue(String.valueOf(ctx.lab().what().taskDefinitionFile().getFileName())));
            List<ContainerSpec> containers = new ArrayList<>();
            for (ContainerSpec c : parsed.containers()) {
                containers.add(c.logConfiguration() != null ? c : new ContainerSpec(c.name(), c.image(), c.cpu(),
                        c.memory(), c.memoryReservation(), c.essential(), c.portMappings(), c.environment(),
                        c.command(), c.entryPoint(), awslogs));
            }
            return new TaskDefinitionSpec(n.taskFamily(), parsed.networkMode(), parsed.requiresCompatibilities(),
                    parsed.taskCpu(), parsed.taskMemory(), parsed.executionRoleArn(), parsed.taskRoleArn(), containers,
                    tags);
        });
    }

    /** The built-in container: nginx on port 80, a dynamic host port, its log to the lab's group in {@code region}. */
    static ContainerSpec builtinContainer(Names n, String region) {
        return new ContainerSpec(Names.CONTAINER_NAME, LabDesign.IMAGE, LabDesign.TASK_CPU_UNITS,
                LabDesign.TASK_MEMORY_MIB, LabDesign.TASK_MEMORY_RESERVATION_MIB, true,
                List.of(new PortMapping(Names.CONTAINER_PORT, 0, "tcp")), Map.of(), List.of(), List.of(),
                awslogs(n, region));
    }

    private static LogConfiguration awslogs(Names n, String region) {
        return new LogConfiguration("awslogs", Map.of("awslogs-group", n.logGroup(), "awslogs-region", region,
                "awslogs-stream-prefix", Names.CONTAINER_NAME));
    }

    /** A revision up keeps rather than register the built-in nginx, and the file that registered it. */
    record Kept(EcsGateway.TaskDefinitionInfo revision, String file) {
        /** What it is made of, as the register input it came from (for the capacity estimate). */
        TaskDefinitionSpec spec() {
            return new TaskDefinitionSpec(revision.family(), revision.networkMode(),
                    revision.requiresCompatibilities(), revision.taskCpu(), revision.taskMemory(),
                    revision.executionRoleArn(), revision.taskRoleArn(), revision.containers(), Map.of());
        }
    }

    /**
     * Within up, the revision kept instead of the built-in nginx: the lab's latest, when a --file registered it
     * (its {@link Tags#FILE} tag) and this run names no task definition (neither --file nor
     * --builtin-task-definition). What a lab runs changes when asked, never as a side effect of bringing it up again.
     */
    Optional<Kept> keptRevision() {
        Lab.What what = ctx.lab().what();
        if (what.taskDefinitionFile() != null || what.builtin()) {
            return Optional.empty();
        }
        return latestTaskDefinition().flatMap(td -> Optional.ofNullable(ctx.aws().ecs().tagsOf(td.arn()))
                .map(tags -> tags.get(Tags.FILE)).map(file -> new Kept(td, file)));
    }

    /** Within up, what the service will run: the kept revision, else what would be registered. */
    TaskDefinitionSpec upSpec() {
        return keptRevision().map(Kept::spec).orElseGet(this::taskDefinitionSpec);
    }

    /** The lab's latest revision, as ECS has it now. */
    Optional<EcsGateway.TaskDefinitionInfo> latestTaskDefinition() {
        return ctx.aws().ecs().findLatestTaskDefinition(ctx.names().taskFamily());
    }

    /** Whether the latest revision is what would be registered (ECS's own defaults aside). */
    static boolean sameAsLatest(TaskDefinitionSpec spec, Optional<EcsGateway.TaskDefinitionInfo> latest) {
        return latest.isPresent() && TaskDefinitionDiff.same(spec, latest.get());
    }

    /** Whether up's taskdef step would register a new revision: none kept, and none yet or the latest differs. */
    boolean registersNewRevision() {
        return keptRevision().isEmpty() && !sameAsLatest(taskDefinitionSpec(), latestTaskDefinition());
    }

    /** What the service needs from the earlier steps. */
    record Prerequisites(String clusterName, String taskDefinitionArn, TargetGroupInfo targetGroup) { }

    /**
     * What the service needs, or the command to run first. Kept once found: it is read only once the steps that
     * make it are done (or, without them, exists already).
     */
    Prerequisites servicePrerequisites() {
        return prerequisites.get(() -> {
            Names n = ctx.names();
            EcsGateway ecs = ctx.aws().ecs();
            if (ecs.findCluster(n.cluster()).isEmpty() || ecs.listContainerInstances(n.cluster()).stream()
                    .noneMatch(ci -> "ACTIVE".equals(ci.status()))) {
                throw new PreflightException("find cluster " + n.cluster() + ": it has no ACTIVE container instance",
                        "run `" + ctx.lab().command(Verb.CLUSTER) + "` first");
            }
            String td = latestTaskDefinition().map(EcsGateway.TaskDefinitionInfo::arn)
                    .orElseThrow(() -> new PreflightException("find task definition " + n.taskFamily()
                            + ": none is registered", "run `" + ctx.lab().command(Verb.TASKDEF) + "` first"));
            // When this run's elb step has just made (or found) the listener, the target group's LoadBalancerArns
            // may not show it yet (ELBv2 reads lag behind a create: docs/aws.md §14): that step's word is enough.
            boolean listenerThisRun = ctx.point(Need.LISTENER).isDone()
                    && !ctx.point(Need.LISTENER).isCompletedExceptionally();
            TargetGroupInfo tg = ctx.aws().elb().findTargetGroup(n.targetGroup())
                    .filter(t -> listenerThisRun || !t.loadBalancerArns().isEmpty())
                    .orElseThrow(() -> new PreflightException("find target group " + n.targetGroup()
                            + ": it is missing or no load balancer listener uses it", "run `"
                            + ctx.lab().command(Verb.ELB) + "` first"));
            return new Prerequisites(n.cluster(), td, tg);
        });
    }
}
