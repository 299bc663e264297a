package dev.ecslab.aws;

import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

final class SdkEcsGateway implements EcsGateway {
    private final Supplier<EcsClient> client;
    private final Poller poller = new Poller();

    SdkEcsGateway(Supplier<EcsClient> client) {
        this.client = client;
    }

    private EcsClient ecs() {
        return client.get();
    }

    // ---- clusters

    @Override
    public Optional<ClusterInfo> findCluster(String name) {
        return describeClusters(List.of(name)).stream().findFirst();
    }

    private List<ClusterInfo> describeClusters(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return AwsCall.run("describe clusters " + names, () -> ecs().describeClusters(r -> r.clusters(names)
                        .include(ClusterField.TAGS)).clusters()).stream()
                .filter(c -> "ACTIVE".equals(c.status()) || "PROVISIONING".equals(c.status()))
                .map(SdkEcsGateway::toInfo).collect(Collectors.toList());
    }

    @Override
    public ClusterInfo createCluster(String name, Map<String, String> tags, Budget slrPropagation,
                                     WaitListener listener) {
        Cluster c = poller.retry(slrPropagation, listener, () -> AwsCall.run("create cluster " + name,
                () -> ecs().createCluster(r -> r.clusterName(name).tags(toTags(tags)).settings(ClusterSetting.builder()
                        .name(ClusterSettingName.CONTAINER_INSIGHTS).value("disabled").build())).cluster()),
                e -> serviceLinkedRoleNotYetUsable(e)
                        ? "ECS cannot use its new service-linked role yet (IAM propagation, usually seconds)" : null);
        return toInfo(c);
    }

    /**
     * Seconds after AWSServiceRoleForECS is created, CreateCluster fails with "Unable to assume the service linked
     * role" (docs/aws.md §14). The code alone is the generic InvalidParameterException, so this also reads the
     * message.
     */
    private static boolean serviceLinkedRoleNotYetUsable(AwsCallException e) {
        return "InvalidParameterException".equals(e.errorCode())
                && String.valueOf(e.awsMessage()).contains("Unable to assume the service linked role");
    }

    @Override
    public List<String> clusterNames(String prefix) {
        return AwsCall.run("list clusters", () -> ecs().listClustersPaginator(r -> { }).clusterArns().stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).filter(name -> name.startsWith(prefix))
                .collect(Collectors.toList()));
    }

    @Override
    public List<String> taskDefinitionFamilies(String prefix) {
        return AwsCall.run("list task definition families " + prefix + "*", () -> ecs()
                .listTaskDefinitionFamiliesPaginator(r -> r.familyPrefix(prefix).status(TaskDefinitionFamilyStatus.ALL))
                .families().stream().filter(f -> f.startsWith(prefix)).collect(Collectors.toList()));
    }

    @Override
    public List<ClusterInfo> listClustersByLab(String lab) {
        // Only ecslab's names are described: the lab's own cluster is always one, and the example policy lets
        // DescribeClusters read no other cluster of the account.
        List<String> arns = AwsCall.run("list clusters", () -> ecs().listClustersPaginator(r -> { }).clusterArns()
                .stream().filter(arn -> arn.substring(arn.lastIndexOf('/') + 1).startsWith(Names.PREFIX))
                .collect(Collectors.toList()));
        List<ClusterInfo> owned = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            describeClusters(arns.subList(i, Math.min(arns.size(), i + 100))).stream()
                    .filter(c -> Tags.ownedBy(c.tags(), lab)).forEach(owned::add);
        }
        return owned;
    }

    @Override
    public void deleteCluster(String name) {
        AwsCall.delete("delete cluster " + name, () -> ecs().deleteCluster(r -> r.cluster(name)));
    }

    // ---- container instances

    @Override
    public Optional<ContainerInstanceInfo> findContainerInstance(String cluster, String ec2InstanceId) {
        List<String> arns = AwsCall.run("find container instance of " + ec2InstanceId, () -> ecs()
                .listContainerInstancesPaginator(r -> r.cluster(cluster)
                        .filter("ec2InstanceId in ['" + ec2InstanceId + "']"))
                .containerInstanceArns().stream().collect(Collectors.toList()));
        // Check the instance id too rather than trusting the filter blindly (moto, for one, ignores it).
        return describeContainerInstances(cluster, arns).stream()
                .filter(ci -> ec2InstanceId.equals(ci.ec2InstanceId())).findFirst();
    }

    @Override
    public List<ContainerInstanceInfo> listContainerInstances(String cluster) {
        List<String> arns = AwsCall.run("list container instances of " + cluster, () -> ecs()
                .listContainerInstancesPaginator(r -> r.cluster(cluster)).containerInstanceArns().stream()
                .collect(Collectors.toList()));
        return describeContainerInstances(cluster, arns);
    }

    @Override
    public void deregisterContainerInstance(String cluster, String containerInstanceArn, boolean force) {
        AwsCall.run("deregister container instance " + containerInstanceArn, () -> ecs().deregisterContainerInstance(
                r -> r.cluster(cluster).containerInstance(containerInstanceArn).force(force)));
    }

    /** True when DescribeClusters shows the cluster deleted (INACTIVE), which it does for a while after. */
    private boolean isInactive(String cluster) {
        return AwsCall.run("describe cluster " + cluster, () -> ecs().describeClusters(r -> r.clusters(cluster))
                .clusters()).stream().anyMatch(c -> "INACTIVE".equals(c.status()));
    }

    /** DescribeContainerInstances takes at most 100 per call. */
    private List<ContainerInstanceInfo> describeContainerInstances(String cluster, List<String> arns) {
        List<ContainerInstanceInfo> found = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> batch = new ArrayList<>(arns.subList(i, Math.min(arns.size(), i + 100)));
            AwsCall.run("describe container instances of " + cluster, () -> ecs().describeContainerInstances(
                    r -> r.cluster(cluster).containerInstances(batch)).containerInstances()).stream()
                    .map(SdkEcsGateway::toInfo).forEach(found::add);
        }
        return found;
    }

    @Override
    public ContainerInstanceInfo waitUntilRegistered(String cluster, String ec2InstanceId, Budget budget,
                                                     WaitListener listener, Supplier<String> whyNever) {
        ContainerInstanceInfo registered = poller.poll(budget, listener, () -> {
            ContainerInstanceInfo ci = findContainerInstance(cluster, ec2InstanceId).orElse(null);
            if (ci == null) {
                if (isInactive(cluster)) { // deleted: no agent can join it any more (docs/aws.md §2)
                    return Poll.failed("cluster " + cluster + " is INACTIVE: it was deleted (by a cleanup, or by "
                            + "hand) before instance " + ec2InstanceId + " registered with it");
                }
                String never = whyNever.get();
                return never != null ? Poll.failed(never)
                        : Poll.pending("instance " + ec2InstanceId + " has not registered with " + cluster + " yet");
            }
            if ("REGISTRATION_FAILED".equals(ci.status())) {
                return Poll.failed("container instance registration failed: " + ci.statusReason());
            }
            if ("ACTIVE".equals(ci.status()) && ci.agentConnected()) {
                return Poll.done(ci, "container instance ACTIVE, agent connected");
            }
            String never = whyNever.get();
            if (never != null) {
                return Poll.failed(never);
            }
            return Poll.pending("container instance " + ci.status() + ", agent "
                    + (ci.agentConnected() ? "connected" : "not connected"));
        });
        // The CLI has no waiter for it: a script would poll list-container-instances itself.
        CallRecorder.waited("ecs", null, "the instance's agent to register it with cluster " + cluster);
        return registered;
    }

    // ---- task definitions

    @Override
    public TaskDefinitionInfo registerTaskDefinition(TaskDefinitionSpec spec) {
        TaskDefinition td = AwsCall.run("register task definition " + spec.family(),
                () -> ecs().registerTaskDefinition(r -> r.family(spec.family()).networkMode(spec.networkMode())
                        .requiresCompatibilitiesWithStrings(spec.requiresCompatibilities())
                        .cpu(spec.taskCpu()).memory(spec.taskMemory())
                        .executionRoleArn(spec.executionRoleArn()).taskRoleArn(spec.taskRoleArn())
                        .containerDefinitions(spec.containers().stream().map(SdkEcsGateway::toSdk)
                                .collect(Collectors.toList()))
                        .tags(toTags(spec.tags()))).taskDefinition());
        return toInfo(td);
    }

    @Override
    public Optional<TaskDefinitionInfo> findLatestTaskDefinition(String family) {
        List<String> arns = listTaskDefinitionArns(family, "ACTIVE");
        return arns.isEmpty() ? Optional.empty() : describeTaskDefinition(arns.get(arns.size() - 1));
    }

    @Override
    public Optional<TaskDefinitionInfo> describeTaskDefinition(String arnOrFamilyRevision) {
        try {
            return Optional.of(toInfo(AwsCall.run("describe task definition " + arnOrFamilyRevision,
                    () -> ecs().describeTaskDefinition(r -> r.taskDefinition(arnOrFamilyRevision)).taskDefinition())));
        } catch (AwsCallException e) {
            if ("ClientException".equals(e.errorCode()) || AwsCall.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<String> listTaskDefinitionArns(String family, String status) {
        List<String> arns = AwsCall.run("list task definitions of " + family, () -> ecs().listTaskDefinitionsPaginator(
                r -> r.familyPrefix(family).status(TaskDefinitionStatus.fromValue(status))).taskDefinitionArns()
                .stream().collect(Collectors.toList()));
        // AWS documents familyPrefix as the whole family name; checking keeps an implementation that matches it as a
        // prefix from mixing ecslab-a-web2 into ecslab-a-web.
        return arns.stream().filter(a -> a.substring(a.lastIndexOf('/') + 1).startsWith(family + ":"))
                .collect(Collectors.toList());
    }

    @Override
    public void deregisterTaskDefinition(String arn) {
        try {
            AwsCall.run("deregister task definition " + arn,
                    () -> ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        } catch (AwsCallException e) {
            // An unknown revision is the generic ClientException; whether it is gone is decided by looking.
            if (!"ClientException".equals(e.errorCode()) || describeTaskDefinition(arn).isPresent()) {
                throw e;
            }
        }
    }

    @Override
    public void deleteTaskDefinitions(List<String> arns) {
        for (int i = 0; i < arns.size(); i += 10) {
            List<String> batch = new ArrayList<>(arns.subList(i, Math.min(arns.size(), i + 10)));
            String operation = "delete task definitions " + batch;
            List<Failure> failures = AwsCall.run(operation,
                    () -> ecs().deleteTaskDefinitions(r -> r.taskDefinitions(batch)).failures());
            // Failures come back in the answer, not as an error: "does not exist" is done, "still ACTIVE" is not.
            List<String> remaining = failures.stream().filter(f -> stillRegistered(f.arn()))
                    .map(f -> f.arn() + ": " + f.reason()).collect(Collectors.toList());
            if (!remaining.isEmpty()) {
                throw new AwsCallException(operation, null, String.join("; ", remaining), null, 200, null);
            }
        }
    }

    private boolean stillRegistered(String arn) {
        return describeTaskDefinition(arn).filter(td -> !"DELETE_IN_PROGRESS".equals(td.status())).isPresent();
    }

    @Override
    public Map<String, String> tagsOf(String arn) {
        return AwsCall.run("read tags of " + arn, () -> ecs().listTagsForResource(r -> r.resourceArn(arn)).tags())
                .stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, LinkedHashMap::new));
    }

    // ---- services

    @Override
    public Optional<ServiceInfo> findService(String cluster, String name) {
        return AwsCall.find("describe service " + name, () -> ecs().describeServices(r -> r.cluster(cluster)
                .services(name).include(ServiceField.TAGS)).services().stream()
                .filter(s -> !"INACTIVE".equals(s.status())).findFirst())
                .map(SdkEcsGateway::toInfo);
    }

    @Override
    public ServiceInfo createService(ServiceSpec spec) {
        Service s = AwsCall.run("create service " + spec.name(), () -> ecs().createService(r -> r
                .cluster(spec.cluster()).serviceName(spec.name()).taskDefinition(spec.taskDefinitionArn())
                .launchType(LaunchType.EC2).desiredCount(spec.desiredCount())
                .loadBalancers(LoadBalancer.builder().targetGroupArn(spec.targetGroupArn())
                        .containerName(spec.containerName()).containerPort(spec.containerPort()).build())
                .healthCheckGracePeriodSeconds(spec.healthCheckGracePeriodSeconds())
                .deploymentConfiguration(d -> d.minimumHealthyPercent(100).maximumPercent(200)
                        .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true)))
                .placementStrategy(
                        PlacementStrategy.builder().type(PlacementStrategyType.SPREAD)
                                .field("attribute:ecs.availability-zone").build(),
                        PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("memory").build())
                .propagateTags(PropagateTags.SERVICE).enableECSManagedTags(true)
                .tags(toTags(spec.tags())).clientToken(spec.clientToken())).service());
        return toInfo(s);
    }

    @Override
    public ServiceInfo updateDesiredCount(String cluster, String name, int desiredCount) {
        return toInfo(AwsCall.run("scale service " + name + " to " + desiredCount, () -> ecs().updateService(
                r -> r.cluster(cluster).service(name).desiredCount(desiredCount)).service()));
    }

    @Override
    public ServiceInfo deploy(String cluster, String name, String taskDefinitionArn) {
        return toInfo(AwsCall.run("deploy " + taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1)
                + " to service " + name, () -> ecs().updateService(r -> r.cluster(cluster).service(name)
                .taskDefinition(taskDefinitionArn)).service()));
    }

    @Override
    public void deleteService(String cluster, String name) {
        try {
            AwsCall.delete("delete service " + name, () -> ecs().deleteService(r -> r.cluster(cluster).service(name)
                    .force(true)));
        } catch (AwsCallException e) {
            // Already DRAINING or INACTIVE: being deleted is what was asked; the inactive wait decides the rest.
            if (!"ServiceNotActiveException".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    @Override
    public void waitUntilServiceInactive(String cluster, String name, Budget budget, WaitListener listener) {
        poller.poll(budget, listener, () -> {
            try {
                List<Service> found = AwsCall.run("describe service " + name, () -> ecs().describeServices(
                        r -> r.cluster(cluster).services(name)).services());
                String status = found.isEmpty() ? "INACTIVE" : found.get(0).status();
                return "INACTIVE".equals(status) ? Poll.done(true, "service " + name + " inactive")
                        : Poll.pending("service " + name + " " + status + ", running "
                        + found.get(0).runningCount());
            } catch (AwsCallException e) {
                if (AwsCall.isNotFound(e)) {
                    return Poll.done(true, "cluster gone");
                }
                throw e;
            }
        });
        CallRecorder.waited("ecs", "services-inactive", "the service to be inactive", "cluster", cluster,
                "services", List.of(name));
    }

    // ---- tasks

    @Override
    public List<String> listTasks(String cluster, String serviceName, String desiredStatus) {
        // AWS answers ServiceNotFoundException for a service that does not exist yet or is INACTIVE (API_ListTasks,
        // Errors): such a service has no tasks.
        return AwsCall.find("list tasks of service " + serviceName, () -> Optional.of(ecs().listTasksPaginator(r -> r
                .cluster(cluster).serviceName(serviceName).desiredStatus(DesiredStatus.fromValue(desiredStatus)))
                .taskArns().stream().collect(Collectors.toList()))).orElse(List.of());
    }

    @Override
    public List<TaskInfo> describeTasks(String cluster, List<String> taskArns) {
        List<TaskInfo> tasks = new ArrayList<>();
        for (int i = 0; i < taskArns.size(); i += 100) {
            List<String> batch = new ArrayList<>(taskArns.subList(i, Math.min(taskArns.size(), i + 100)));
            AwsCall.run("describe tasks", () -> ecs().describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks())
                    .stream().map(SdkEcsGateway::toInfo).forEach(tasks::add);
        }
        return tasks;
    }

    // ---- mapping

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .collect(Collectors.toList());
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, LinkedHashMap::new));
    }

    private static ClusterInfo toInfo(Cluster c) {
        return new ClusterInfo(c.clusterArn(), c.clusterName(), c.status(), nz(c.registeredContainerInstancesCount()),
                nz(c.activeServicesCount()), nz(c.runningTasksCount()), tagMap(c.tags()));
    }

    private static ContainerInstanceInfo toInfo(ContainerInstance ci) {
        return new ContainerInstanceInfo(ci.containerInstanceArn(), ci.ec2InstanceId(), ci.status(),
                ci.statusReason(), Boolean.TRUE.equals(ci.agentConnected()),
                resource(ci.registeredResources(), "CPU"), resource(ci.registeredResources(), "MEMORY"),
                resource(ci.remainingResources(), "CPU"), resource(ci.remainingResources(), "MEMORY"),
                nz(ci.runningTasksCount()), nz(ci.pendingTasksCount()), ports(ci.registeredResources()));
    }

    /** A PORTS resource is a string set of port numbers. */
    private static Set<Integer> ports(List<Resource> resources) {
        return resources.stream().filter(r -> "PORTS".equals(r.name())).flatMap(r -> r.stringSetValue().stream())
                .map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    private static int resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> name.equals(r.name())).findFirst()
                .map(r -> nz(r.integerValue())).orElse(0);
    }

    static ContainerDefinition toSdk(ContainerSpec c) {
        ContainerDefinition.Builder b = ContainerDefinition.builder().name(c.name()).image(c.image())
                .cpu(c.cpu()).memory(c.memory()).memoryReservation(c.memoryReservation()).essential(c.essential())
                .portMappings(c.portMappings().stream().map(p -> software.amazon.awssdk.services.ecs.model.PortMapping
                        .builder().containerPort(p.containerPort()).hostPort(p.hostPort()).protocol(p.protocol())
                        .build()).collect(Collectors.toList()))
                .environment(c.environment().entrySet().stream().map(e -> KeyValuePair.builder().name(e.getKey())
                        .value(e.getValue()).build()).collect(Collectors.toList()));
        if (!c.command().isEmpty()) {
            b.command(c.command());
        }
        if (!c.entryPoint().isEmpty()) {
            b.entryPoint(c.entryPoint());
        }
        if (c.logConfiguration() != null) {
            b.logConfiguration(l -> l.logDriver(c.logConfiguration().driver())
                    .options(c.logConfiguration().options()));
        }
        return b.build();
    }

    private static ContainerSpec fromSdk(ContainerDefinition c) {
        return new ContainerSpec(c.name(), c.image(), c.cpu(), c.memory(), c.memoryReservation(),
                Boolean.TRUE.equals(c.essential()),
                c.portMappings().stream().map(p -> new PortMapping(nz(p.containerPort()), nz(p.hostPort()),
                        p.protocolAsString())).collect(Collectors.toList()),
                c.environment().stream().collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value,
                        (a, b) -> b, LinkedHashMap::new)),
                c.command(), c.entryPoint(),
                c.logConfiguration() == null ? null : new LogConfiguration(c.logConfiguration().logDriverAsString(),
                        c.logConfiguration().options()));
    }

    private static TaskDefinitionInfo toInfo(TaskDefinition td) {
        return new TaskDefinitionInfo(td.taskDefinitionArn(), td.family(), nz(td.revision()), td.statusAsString(),
                td.networkModeAsString(), td.requiresCompatibilitiesAsStrings(), td.cpu(), td.memory(),
                td.executionRoleArn(), td.taskRoleArn(),
                td.containerDefinitions().stream().map(SdkEcsGateway::fromSdk).collect(Collectors.toList()));
    }

    private static ServiceInfo toInfo(Service s) {
        return new ServiceInfo(s.serviceArn(), s.serviceName(), s.clusterArn(), s.status(), nz(s.desiredCount()),
                nz(s.runningCount()), nz(s.pendingCount()), s.taskDefinition(),
                s.loadBalancers().stream().map(lb -> lb.targetGroupArn()).collect(Collectors.toList()),
                s.deployments().stream().map(d -> new DeploymentInfo(d.id(), d.status(), d.rolloutStateAsString(),
                        d.rolloutStateReason(), d.taskDefinition(), nz(d.desiredCount()), nz(d.runningCount()),
                        nz(d.pendingCount()), nz(d.failedTasks()), d.createdAt())).collect(Collectors.toList()),
                s.events().stream().map(e -> new ServiceEvent(e.id(), e.createdAt(), e.message()))
                        .collect(Collectors.toList()),
                s.createdAt(), tagMap(s.tags()));
    }

    private static TaskInfo toInfo(Task t) {
        List<HostBinding> bindings = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        t.containers().forEach(c -> {
            c.networkBindings().forEach(nb -> bindings.add(new HostBinding(c.name(), nz(nb.containerPort()),
                    nz(nb.hostPort()))));
            if (c.reason() != null) {
                reasons.add(c.name() + ": " + c.reason());
            }
        });
        return new TaskInfo(t.taskArn(), t.lastStatus(), t.desiredStatus(), t.stopCodeAsString(), t.stoppedReason(),
                reasons, t.containerInstanceArn(), t.taskDefinitionArn(), bindings, t.startedAt(), t.stoppedAt());
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
