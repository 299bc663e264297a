package dev.ecslab.lab;

import dev.ecslab.aws.AwsCall;
import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Tags;
import dev.ecslab.report.Reporter;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.state.ResourceRef.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Finds what the lab owns in AWS from tags alone — no state file needed — asking each service directly (the
 * service's own reads show what exists now, docs/aws.md §9). Something with the
 * lab's name but not its tag is someone else's: it is reported as a conflict and never touched. Something with the
 * lab's tag but not its name is not the lab's either (LabNames): it is a look-alike, left out and reported.
 */
public final class Inventory {
    /**
     * A found resource; createdAt and state are for status, when known; runId is its {@code ecslab:run} tag (the
     * run that created it), or null when unknown; uses holds the ids of what it is known to use (a service: the task
     * definitions its deployments run), empty when not looked at.
     */
    public record Found(ResourceRef.Kind kind, String name, String id, String state, Instant createdAt,
                        String runId, Set<String> uses) {
        public Found(ResourceRef.Kind kind, String name, String id, String state, Instant createdAt) {
            this(kind, name, id, state, createdAt, null);
        }

        public Found(ResourceRef.Kind kind, String name, String id, String state, Instant createdAt, String runId) {
            this(kind, name, id, state, createdAt, runId, Set.of());
        }
    }

    /**
     * Something tagged for the lab but not named like it: type is its AWS resource type ("ec2:instance"), name its
     * name (an instance's Name tag; null without one), id its id or ARN.
     */
    public record LookAlike(String type, String name, String id) {
        public static final String REASON = LabNames.NOT_NAMED_LIKE_IT;
    }

    private final Gateways aws;
    private final Names names;
    private final String lab;
    private final Reporter reporter;
    // What the last discover() read beyond the Found rows, so status and up's summary need not ask again.
    private volatile Optional<ElbGateway.LoadBalancerInfo> loadBalancer = Optional.empty();
    private volatile Optional<String> instanceType = Optional.empty();
    private final List<LookAlike> lookAlikes = new CopyOnWriteArrayList<>();
    /** Each look-alike is warned about once, however often this inventory is read (cleanup reads it twice). */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public Inventory(Gateways aws, String lab, Reporter reporter) {
        this.aws = aws;
        this.names = new Names(lab);
        this.lab = lab;
        this.reporter = reporter;
    }

    /**
     * Everything of the lab, in a fixed order (ECS, ELB, EC2, task definitions, logs, IAM). The services are asked at
     * the same time — each is a few round trips, and together they are most of a read-only command's time.
     */
    public List<Found> discover() {
        List<Supplier<List<Found>>> parts = List.of(this::ecs, this::loadBalancers, this::targetGroups,
                this::instances, this::securityGroups, () -> taskDefinitions("ACTIVE"),
                () -> taskDefinitions("INACTIVE"), this::logGroup, this::instanceProfile, this::instanceRole);
        ExecutorService pool = Daemons.pool("ecslab-inventory", parts.size());
        lookAlikes.clear();
        try {
            List<CompletableFuture<List<Found>>> asked = parts.stream()
                    .map(part -> CompletableFuture.supplyAsync(part, pool)).toList();
            List<Found> found = new ArrayList<>();
            for (CompletableFuture<List<Found>> part : asked) {
                found.addAll(Daemons.join(part));
            }
            return found;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The lab's load balancer as the last {@link #discover()} read it (address, zones), if it has one. */
    public Optional<ElbGateway.LoadBalancerInfo> loadBalancer() {
        return loadBalancer;
    }

    /** What the last {@link #discover()} found tagged for the lab but not named like it: not the lab's. */
    public List<LookAlike> lookAlikes() {
        return lookAlikes.stream().sorted(Comparator.comparing(LookAlike::type)
                .thenComparing(LookAlike::name, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(LookAlike::id)).toList();
    }

    /** The type of the lab's instance as the last {@link #discover()} read it, if it has one. */
    public Optional<String> instanceType() {
        return instanceType;
    }

    private List<Found> ecs() {
        List<Found> found = new ArrayList<>();
        EcsGateway ecs = aws.ecs();
        for (EcsGateway.ClusterInfo c : ecs.listClustersByLab(lab)) {
            if (!LabNames.namedLike(names, Kind.CLUSTER, c.name())) {
                lookAlike("ecs:cluster", c.name(), c.arn());
                continue;
            }
            ecs.findService(c.name(), names.service()).ifPresent(s -> {
                if (owned("service", s.name(), s.tags())) {
                    found.add(new Found(Kind.SERVICE, s.name(), s.arn(), s.status() + " " + s.running() + "/"
                            + s.desired() + " running", s.createdAt(), Tags.run(s.tags()), s.taskDefinitionsInUse()));
                }
            });
            found.add(new Found(Kind.CLUSTER, c.name(), c.arn(), c.status(), null, Tags.run(c.tags())));
        }
        return found;
    }

    private List<Found> loadBalancers() {
        List<ElbGateway.LoadBalancerInfo> read = aws.elb().listLoadBalancersByLab(lab).stream()
                .filter(lb -> namedLike(Kind.LOAD_BALANCER, "elasticloadbalancing:loadbalancer", lb.name(), lb.arn()))
                .toList();
        loadBalancer = read.stream().findFirst();
        return read.stream().map(lb -> new Found(Kind.LOAD_BALANCER, lb.name(),
                lb.arn(), lb.state(), Instant.ofEpochMilli(lb.createdAtMillis()), Tags.run(lb.tags()))).toList();
    }

    private List<Found> targetGroups() {
        return aws.elb().listTargetGroupsByLab(lab).stream()
                .filter(tg -> namedLike(Kind.TARGET_GROUP, "elasticloadbalancing:targetgroup", tg.name(), tg.arn()))
                .map(tg -> new Found(Kind.TARGET_GROUP, tg.name(), tg.arn(), null, null, Tags.run(tg.tags())))
                .toList();
    }

    private List<Found> instances() {
        List<Ec2Gateway.InstanceInfo> read = aws.ec2().listInstancesByLab(lab).stream()
                .filter(i -> namedLike(Kind.INSTANCE, "ec2:instance", i.tags().get(Tags.NAME), i.id())).toList();
        instanceType = read.stream().map(Ec2Gateway.InstanceInfo::instanceType).findFirst();
        return read.stream().map(i -> new Found(Kind.INSTANCE, names.instance(), i.id(),
                i.state() + " " + i.instanceType(), i.launchTimeIso() == null ? null
                : Instant.parse(i.launchTimeIso()), Tags.run(i.tags()))).toList();
    }

    private List<Found> securityGroups() {
        List<Found> found = new ArrayList<>();
        for (Ec2Gateway.SecurityGroupInfo g : aws.ec2().listSecurityGroupsByLab(lab)) {
            Optional<Kind> kind = LabNames.securityGroupKind(names, g.name());
            if (kind.isPresent()) {
                found.add(new Found(kind.get(), g.name(), g.id(), null, null, Tags.run(g.tags())));
            } else {
                lookAlike("ec2:security-group", g.name(), g.id());
            }
        }
        return found;
    }

    private List<Found> taskDefinitions(String status) {
        List<Found> found = new ArrayList<>();
        for (String arn : aws.ecs().listTaskDefinitionArns(names.taskFamily(), status)) {
            Optional<Map<String, String>> tags = tagsIfStillThere(arn);
            if (tags.isPresent() && owned("task definition", arn, tags.get())) {
                found.add(new Found(Kind.TASK_DEFINITION, names.taskFamily(), arn, status, null,
                        Tags.run(tags.get())));
            }
        }
        return found;
    }

    private List<Found> logGroup() {
        return aws.logs().findLogGroup(names.logGroup()).filter(g -> owned("log group", g.name(), g.tags()))
                .map(g -> List.of(new Found(Kind.LOG_GROUP, g.name(), g.arn(), null,
                        Instant.ofEpochMilli(g.createdAtMillis()), Tags.run(g.tags())))).orElse(List.of());
    }

    /**
     * A revision listed a moment ago can be deleted before its tags are read (a cleanup running beside this one);
     * ECS then answers ClientException, and if a look confirms it is gone, it is simply not there.
     */
    private Optional<Map<String, String>> tagsIfStillThere(String arn) {
        try {
            return Optional.of(aws.ecs().tagsOf(arn));
        } catch (AwsCallException e) {
            if (("ClientException".equals(e.errorCode()) || AwsCall.isNotFound(e))
                    && aws.ecs().describeTaskDefinition(arn).isEmpty()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<Found> instanceProfile() {
        return aws.iam().findInstanceProfile(names.instanceProfile()).filter(p -> Names.IAM_PATH.equals(p.path()))
                .filter(p -> owned("instance profile", p.name(), p.tags()))
                .map(p -> List.of(new Found(Kind.INSTANCE_PROFILE, p.name(), p.arn(), null,
                        Instant.ofEpochMilli(p.createdAtMillis()), Tags.run(p.tags())))).orElse(List.of());
    }

    private List<Found> instanceRole() {
        return aws.iam().findRole(names.instanceRole()).filter(r -> Names.IAM_PATH.equals(r.path()))
                .filter(r -> owned("iam role", r.name(), r.tags()))
                .map(r -> List.of(new Found(Kind.INSTANCE_ROLE, r.name(), r.arn(), null,
                        Instant.ofEpochMilli(r.createdAtMillis()), Tags.run(r.tags())))).orElse(List.of());
    }

    /** True when {@code name} is the lab's name for {@code kind}; otherwise the resource is a look-alike. */
    private boolean namedLike(Kind kind, String type, String name, String id) {
        if (LabNames.namedLike(names, kind, name)) {
            return true;
        }
        lookAlike(type, name, id);
        return false;
    }

    private void lookAlike(String type, String name, String id) {
        lookAlikes.add(new LookAlike(type, name, id));
        if (warned.add(id)) {
            reporter.warning("inventory", type + " " + (name == null ? "(no Name tag)" : name) + " " + id
                    + " is " + LookAlike.REASON + " (" + Tags.LAB + "=" + lab + "): not touching it");
        }
    }

    private boolean owned(String kind, String name, Map<String, String> tags) {
        if (Tags.ownedBy(tags, lab)) {
            return true;
        }
        reporter.warning("inventory", kind + " " + name + " has the lab's name but not the tag " + Tags.LAB + "="
                + lab + ": not touching it");
        return false;
    }
}
