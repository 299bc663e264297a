package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Ec2Gateway.ImageInfo;
import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.Ec2Gateway.InstanceSpec;
import dev.ecslab.aws.Ec2Gateway.InstanceTypeInfo;
import dev.ecslab.aws.Ec2Gateway.IngressRule;
import dev.ecslab.aws.Ec2Gateway.Network;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.Ec2Gateway.Subnet;
import dev.ecslab.aws.EcsGateway.ClusterInfo;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.HostBinding;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.ServiceSpec;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.aws.EcsGateway.TaskInfo;
import dev.ecslab.aws.ElbGateway.ListenerInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerSpec;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.aws.ElbGateway.TargetGroupSpec;
import dev.ecslab.aws.ElbGateway.TargetHealth;
import dev.ecslab.aws.IamGateway.InstanceProfileInfo;
import dev.ecslab.aws.IamGateway.RoleInfo;
import dev.ecslab.aws.LogsGateway.LogGroupInfo;
import dev.ecslab.aws.Names;
import dev.ecslab.testing.FakeAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A small account for the steps' tests, answering on {@link FakeAws}: what a create call makes, a later find
 * finds, so a test checks what a step left behind. It has a default VPC with subnets in three zones, offers
 * t3.micro in all of them, and is otherwise empty; a test changes its fields to set the scene. Waits are over at
 * once, and a service is steady as soon as it is created or scaled.
 */
final class FakeAccount {
    static final String AMI = "ami-0123";
    static final InstanceTypeInfo T3_MICRO = new InstanceTypeInfo("t3.micro", 2, 1024, List.of("x86_64"), true);

    Network network = new Network("vpc-1", List.of(new Subnet("subnet-a", "us-east-1a", true),
            new Subnet("subnet-b", "us-east-1b", true), new Subnet("subnet-c", "us-east-1c", true)));
    Set<String> zonesOffering = Set.of("us-east-1a", "us-east-1b", "us-east-1c");
    InstanceTypeInfo instanceType = T3_MICRO;
    /** The images EC2 describes, by id (--ami). */
    final Map<String, ImageInfo> images = new HashMap<>();
    Set<String> zonesWithoutCapacity = Set.of();

    final Map<String, SecurityGroupInfo> groups = new LinkedHashMap<>(); // by name
    final Map<String, List<IngressRule>> ingress = new LinkedHashMap<>(); // by group id
    final List<InstanceInfo> instances = new ArrayList<>();
    final List<InstanceSpec> launched = new ArrayList<>();
    RoleInfo role;
    InstanceProfileInfo profile;
    ClusterInfo cluster;
    final List<ContainerInstanceInfo> containerInstances = new ArrayList<>();
    LogGroupInfo logGroup;
    final List<TaskDefinitionInfo> revisions = new ArrayList<>();
    final Map<String, Map<String, String>> tags = new LinkedHashMap<>(); // by ARN
    LoadBalancerInfo loadBalancer;
    TargetGroupInfo targetGroup;
    TargetGroupSpec targetGroupAsked;
    final List<ListenerInfo> listeners = new ArrayList<>();
    ServiceInfo service;
    final List<ServiceSpec> servicesCreated = new ArrayList<>();

    FakeAccount(FakeAws aws) {
        ec2(aws);
        iamAndSsm(aws);
        ecs(aws);
        logs(aws);
        elb(aws);
    }

    /** What `up` makes before the service, made by an earlier run {@code earlier}. */
    static void builtUpToTheService(LabContext earlier) {
        for (Step step : List.of(new NetworkStep(), new ClusterStep(), new TaskDefinitionStep(),
                new LoadBalancerStep())) {
            step.apply(earlier);
        }
    }

    private void ec2(FakeAws aws) {
        aws.on("ec2.findDefaultNetwork", a -> Optional.ofNullable(network))
                .on("ec2.findInstanceType", a -> Optional.ofNullable(instanceType)
                        .filter(t -> t.name().equals(a[0])))
                .on("ec2.zonesOffering", a -> zonesOffering)
                .on("ec2.findImage", a -> Optional.ofNullable(images.get((String) a[0])))
                .on("ec2.findSecurityGroup", a -> Optional.ofNullable(groups.get((String) a[1]))
                        .filter(g -> g.vpcId().equals(a[0])))
                .on("ec2.createSecurityGroup", a -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> given = (Map<String, String>) a[3];
                    SecurityGroupInfo g = new SecurityGroupInfo("sg-" + (groups.size() + 1), (String) a[0],
                            (String) a[2], given);
                    groups.put(g.name(), g);
                    return g;
                })
                .on("ec2.authorizeIngress", a -> {
                    ingress.computeIfAbsent((String) a[0], k -> new ArrayList<>()).add((IngressRule) a[1]);
                    return null;
                })
                .on("ec2.listInstancesByLab", a -> List.copyOf(instances))
                .on("ec2.findInstance", a -> instances.stream().filter(i -> i.id().equals(a[0])).findFirst())
                .on("ec2.runInstance", a -> {
                    InstanceSpec spec = (InstanceSpec) a[0];
                    String zone = network.subnets().stream().filter(s -> s.id().equals(spec.subnetId()))
                            .map(Subnet::availabilityZone).findFirst().orElseThrow();
                    if (zonesWithoutCapacity.contains(zone)) {
                        throw new AwsCallException("RunInstances", "InsufficientInstanceCapacity", "We currently do "
                                + "not have sufficient t3.micro capacity in the Availability Zone you requested ("
                                + zone + ").", "r-1", 500, null);
                    }
                    launched.add(spec);
                    InstanceInfo i = new InstanceInfo("i-" + launched.size(), "pending", spec.instanceType(),
                            spec.subnetId(), zone, Instant.now().toString(), spec.tags(), null);
                    instances.add(i);
                    return i;
                })
                .on("ec2.waitUntilRunning", a -> {
                    InstanceInfo i = instances.stream().filter(x -> x.id().equals(a[0])).findFirst().orElseThrow();
                    InstanceInfo running = new InstanceInfo(i.id(), "running", i.instanceType(), i.subnetId(),
                            i.availabilityZone(), i.launchTimeIso(), i.tags(), null);
                    instances.set(instances.indexOf(i), running);
                    return running;
                });
    }

    @SuppressWarnings("unchecked")
    private void iamAndSsm(FakeAws aws) {
        aws.allow("iam.ensureEcsServiceLinkedRole", "iam.attachEcsInstancePolicy",
                        "iam.waitUntilInstanceProfileExists")
                .on("iam.findRole", a -> Optional.ofNullable(role).filter(r -> r.name().equals(a[0])))
                .on("iam.policyExists", a -> false)
                .on("iam.createInstanceRole", a -> role = new RoleInfo((String) a[0], "arn:aws:iam::123456789012:role"
                        + a[1] + a[0], (String) a[1], 0, (Map<String, String>) a[2], List.of()))
                .on("iam.findInstanceProfile", a -> Optional.ofNullable(profile).filter(p -> p.name().equals(a[0])))
                .on("iam.createInstanceProfile", a -> profile = new InstanceProfileInfo((String) a[0],
                        "arn:aws:iam::123456789012:instance-profile" + a[1] + a[0], (String) a[1], 0,
                        (Map<String, String>) a[2], List.of()))
                .on("iam.addRoleToInstanceProfile", a -> {
                    profile = new InstanceProfileInfo(profile.name(), profile.arn(), profile.path(), 0,
                            profile.tags(), List.of((String) a[1]));
                    return null;
                })
                .on("ssm.getParameter", a -> AMI);
    }

    @SuppressWarnings("unchecked")
    private void ecs(FakeAws aws) {
        aws.on("ecs.findCluster", a -> Optional.ofNullable(cluster).filter(c -> c.name().equals(a[0])))
                .on("ecs.createCluster", a -> cluster = new ClusterInfo("arn:aws:ecs:us-east-1:123456789012:cluster/"
                        + a[0], (String) a[0], "ACTIVE", 0, 0, 0, (Map<String, String>) a[1]))
                .on("ecs.waitUntilRegistered", a -> {
                    ContainerInstanceInfo ci = new ContainerInstanceInfo("arn:container-instance/"
                            + a[1], (String) a[1], "ACTIVE", null, true, 2048, 904, 2048, 904, 0, 0,
                            FixedHostPorts.AGENT_RESERVED);
                    containerInstances.add(ci);
                    return ci;
                })
                .on("ecs.listContainerInstances", a -> List.copyOf(containerInstances))
                .on("ecs.findLatestTaskDefinition", a -> revisions.stream()
                        .filter(r -> r.family().equals(a[0]) && "ACTIVE".equals(r.status()))
                        .reduce((first, second) -> second))
                .on("ecs.registerTaskDefinition", a -> {
                    TaskDefinitionSpec spec = (TaskDefinitionSpec) a[0];
                    int revision = revisions.size() + 1;
                    TaskDefinitionInfo td = new TaskDefinitionInfo("arn:aws:ecs:us-east-1:123456789012:"
                            + "task-definition/" + spec.family() + ":" + revision, spec.family(), revision, "ACTIVE",
                            spec.networkMode(), spec.requiresCompatibilities(), spec.taskCpu(), spec.taskMemory(),
                            spec.executionRoleArn(), spec.taskRoleArn(), spec.containers());
                    revisions.add(td);
                    tags.put(td.arn(), spec.tags());
                    return td;
                })
                .on("ecs.listTaskDefinitionArns", a -> revisions.stream()
                        .filter(r -> r.family().equals(a[0]) && r.status().equals(a[1]))
                        .map(TaskDefinitionInfo::arn).toList())
                .on("ecs.describeTaskDefinition", a -> revisions.stream().filter(r -> r.arn().equals(a[0]))
                        .findFirst())
                .on("ecs.tagsOf", a -> tags.getOrDefault((String) a[0], Map.of()))
                .on("ecs.findService", a -> Optional.ofNullable(service).filter(s -> s.name().equals(a[1])))
                .on("ecs.createService", a -> {
                    ServiceSpec spec = (ServiceSpec) a[0];
                    servicesCreated.add(spec);
                    service = steady(new ServiceInfo("arn:aws:ecs:us-east-1:123456789012:service/" + spec.cluster()
                            + "/" + spec.name(), spec.name(), cluster.arn(), "ACTIVE", spec.desiredCount(), 0, 0,
                            spec.taskDefinitionArn(), List.of(spec.targetGroupArn()), List.of(), List.of(),
                            Instant.now(), spec.tags()), spec.desiredCount());
                    return service;
                })
                .on("ecs.updateDesiredCount", a -> service = steady(service, (Integer) a[2]))
                .on("ecs.listTasks", a -> "RUNNING".equals(a[2]) && service != null
                        ? IntStream.range(0, service.running()).mapToObj(i -> "arn:task/" + i).toList() : List.of())
                .on("ecs.describeTasks", a -> ((List<String>) a[1]).stream().map(arn -> new TaskInfo(arn, "RUNNING",
                        "RUNNING", null, null, List.of(), containerInstances.get(0).arn(),
                        service.taskDefinitionArn(), List.of(new HostBinding(Names.CONTAINER_NAME,
                        Names.CONTAINER_PORT, hostPort(arn))), Instant.now(), null)).toList());
    }

    /** The service with {@code count} tasks running and healthy, its one deployment COMPLETED. */
    private static ServiceInfo steady(ServiceInfo s, int count) {
        DeploymentInfo primary = new DeploymentInfo("ecs-svc/1", "PRIMARY", "COMPLETED", null,
                s.taskDefinitionArn(), count, count, 0, 0, s.createdAt());
        return new ServiceInfo(s.arn(), s.name(), s.clusterArn(), s.status(), count, count, 0,
                s.taskDefinitionArn(), s.targetGroupArns(), List.of(primary), List.of(), s.createdAt(), s.tags());
    }

    private static int hostPort(String taskArn) {
        return LabDesign.DYNAMIC_PORTS_FROM + Integer.parseInt(taskArn.substring(taskArn.lastIndexOf('/') + 1));
    }

    @SuppressWarnings("unchecked")
    private void logs(FakeAws aws) {
        aws.on("logs.findLogGroup", a -> Optional.ofNullable(logGroup).filter(g -> g.name().equals(a[0])))
                .on("logs.createLogGroup", a -> logGroup = new LogGroupInfo((String) a[0], "arn:log-group:" + a[0],
                        (Integer) a[1], 0, (Map<String, String>) a[2]));
    }

    private void elb(FakeAws aws) {
        aws.on("elb.findLoadBalancer", a -> Optional.ofNullable(loadBalancer).filter(lb -> lb.name().equals(a[0])))
                .on("elb.createLoadBalancer", a -> {
                    LoadBalancerSpec spec = (LoadBalancerSpec) a[0];
                    List<String> zones = spec.subnetIds().stream().map(id -> network.subnets().stream()
                            .filter(s -> s.id().equals(id)).findFirst().orElseThrow().availabilityZone()).toList();
                    loadBalancer = new LoadBalancerInfo("arn:loadbalancer/app/" + spec.name(), spec.name(),
                            spec.name() + ".elb.example", "provisioning", network.vpcId(), spec.securityGroupIds(),
                            zones, 0, spec.tags());
                    return loadBalancer;
                })
                .on("elb.waitUntilAvailable", a -> loadBalancer = new LoadBalancerInfo(loadBalancer.arn(),
                        loadBalancer.name(), loadBalancer.dnsName(), "active", loadBalancer.vpcId(),
                        loadBalancer.securityGroupIds(), loadBalancer.availabilityZones(),
                        loadBalancer.createdAtMillis(), loadBalancer.tags()))
                .on("elb.findTargetGroup", a -> Optional.ofNullable(targetGroup).filter(t -> t.name().equals(a[0])))
                .on("elb.createTargetGroup", a -> {
                    TargetGroupSpec spec = (TargetGroupSpec) a[0];
                    targetGroupAsked = spec;
                    targetGroup = new TargetGroupInfo("arn:targetgroup/" + spec.name(), spec.name(), spec.vpcId(),
                            spec.port(), spec.intervalSeconds(), spec.healthyThreshold(), List.of(), spec.tags());
                    return targetGroup;
                })
                .on("elb.listListeners", a -> listeners.stream().filter(l -> l.loadBalancerArn().equals(a[0]))
                        .toList())
                .on("elb.createListener", a -> {
                    ListenerInfo l = new ListenerInfo("arn:listener/" + (listeners.size() + 1), (String) a[0],
                            (Integer) a[1], "HTTP", List.of((String) a[2]));
                    listeners.add(l);
                    targetGroup = new TargetGroupInfo(targetGroup.arn(), targetGroup.name(), targetGroup.vpcId(),
                            targetGroup.port(), targetGroup.intervalSeconds(), targetGroup.healthyThreshold(),
                            List.of((String) a[0]), targetGroup.tags());
                    return l;
                })
                .on("elb.describeTargetHealth", a -> targetHealth());
    }

    /** Each running task of the service a healthy target. */
    List<TargetHealth> targetHealth() {
        return service == null ? List.of() : IntStream.range(0, service.running()).mapToObj(i -> new TargetHealth(
                containerInstances.get(0).ec2InstanceId(), hostPort("arn:task/" + i), "healthy", null, null))
                .collect(Collectors.toList());
    }
}
