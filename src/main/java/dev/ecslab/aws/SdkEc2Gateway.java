package dev.ecslab.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

final class SdkEc2Gateway implements Ec2Gateway {
    private final Supplier<Ec2Client> client;
    private final Poller poller = new Poller();

    SdkEc2Gateway(Supplier<Ec2Client> client) {
        this.client = client;
    }

    private Ec2Client ec2() {
        return client.get();
    }

    @Override
    public Optional<Network> findDefaultNetwork() {
        Optional<String> vpc = AwsCall.run("find the default VPC", () -> ec2().describeVpcs(
                r -> r.filters(filter("isDefault", "true"))).vpcs().stream().findFirst().map(v -> v.vpcId()));
        if (vpc.isEmpty()) {
            return Optional.empty();
        }
        List<Subnet> subnets = AwsCall.run("list the default subnets of " + vpc.get(), () -> ec2().describeSubnets(
                r -> r.filters(filter("vpc-id", vpc.get()), filter("default-for-az", "true"))).subnets().stream()
                .map(s -> new Subnet(s.subnetId(), s.availabilityZone(), Boolean.TRUE.equals(s.mapPublicIpOnLaunch())))
                .sorted(Comparator.comparing(Subnet::availabilityZone))
                .collect(Collectors.toList()));
        return Optional.of(new Network(vpc.get(), subnets));
    }

    @Override
    public Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String groupName) {
        return AwsCall.run("find security group " + groupName, () -> ec2().describeSecurityGroups(
                r -> r.filters(filter("vpc-id", vpcId), filter("group-name", groupName))).securityGroups().stream()
                .findFirst().map(SdkEc2Gateway::toInfo));
    }

    @Override
    public SecurityGroupInfo createSecurityGroup(String name, String description, String vpcId,
                                                 Map<String, String> tags) {
        String id = AwsCall.run("create security group " + name, () -> ec2().createSecurityGroup(r -> r
                .groupName(name).description(description).vpcId(vpcId)
                .tagSpecifications(tagSpec(ResourceType.SECURITY_GROUP, tags))).groupId());
        return new SecurityGroupInfo(id, name, vpcId, tags);
    }

    /**
     * What a wait on EC2's eventual consistency (docs/aws.md §14) says while it lasts: normal, and short — not AWS's
     * "does not exist", which reads as a failure.
     */
    private static final String NEW_GROUP_NOT_THERE = "EC2 does not show the new security group yet (usually a few "
            + "seconds)";
    private static final String NEW_INSTANCE_NOT_THERE = "EC2 does not list it yet (usually a few seconds)";

    @Override
    public void authorizeIngress(String groupId, IngressRule rule, Budget visible, WaitListener listener) {
        IpPermission.Builder permission = IpPermission.builder().ipProtocol("tcp")
                .fromPort(rule.fromPort()).toPort(rule.toPort());
        if (rule.cidr() != null) {
            permission.ipRanges(IpRange.builder().cidrIp(rule.cidr()).build());
        } else {
            permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(rule.sourceGroupId()).build());
        }
        String operation = "allow tcp " + rule.fromPort() + "-" + rule.toPort() + " into " + groupId;
        poller.retry(visible, listener, () -> {
            try {
                AwsCall.run(operation, () -> ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId)
                        .ipPermissions(permission.build())));
            } catch (AwsCallException e) {
                if (!"InvalidPermission.Duplicate".equals(e.errorCode())) {
                    throw e;
                }
            }
            return true;
        }, e -> "InvalidGroup.NotFound".equals(e.errorCode()) // a group created a moment ago (EC2 consistency, §14)
                ? "not there yet (usually a few seconds)" : null);
    }

    @Override
    public Set<String> labTagValues() {
        Set<String> labs = new TreeSet<>();
        AwsCall.run("list instances tagged " + Tags.LAB, () -> ec2().describeInstancesPaginator(r -> r.filters(
                        filter("tag-key", Tags.LAB),
                        filter("instance-state-name", "pending", "running", "stopping", "stopped", "shutting-down")))
                .reservations().stream().flatMap(res -> res.instances().stream()).flatMap(i -> i.tags().stream())
                .filter(t -> Tags.LAB.equals(t.key())).map(Tag::value).collect(Collectors.toList())).forEach(labs::add);
        AwsCall.run("list security groups tagged " + Tags.LAB, () -> ec2().describeSecurityGroupsPaginator(
                        r -> r.filters(filter("tag-key", Tags.LAB))).securityGroups().stream()
                .flatMap(g -> g.tags().stream()).filter(t -> Tags.LAB.equals(t.key())).map(Tag::value)
                .collect(Collectors.toList())).forEach(labs::add);
        return labs;
    }

    @Override
    public List<SecurityGroupInfo> listSecurityGroupsByLab(String lab) {
        return AwsCall.run("list security groups of lab " + lab, () -> ec2().describeSecurityGroupsPaginator(
                r -> r.filters(filter("tag:" + Tags.LAB, lab))).securityGroups().stream()
                .map(SdkEc2Gateway::toInfo).collect(Collectors.toList()));
    }

    @Override
    public int countSecurityGroups(String vpcId) {
        return AwsCall.run("count the security groups of " + vpcId, () -> (int) ec2().describeSecurityGroupsPaginator(
                r -> r.filters(filter("vpc-id", vpcId))).securityGroups().stream().count());
    }

    @Override
    public void deleteSecurityGroup(String groupId) {
        AwsCall.delete("delete security group " + groupId, () -> ec2().deleteSecurityGroup(r -> r.groupId(groupId)));
    }

    @Override
    public Optional<InstanceTypeInfo> findInstanceType(String instanceType) {
        try {
            return AwsCall.run("describe instance type " + instanceType, () -> ec2().describeInstanceTypes(
                    r -> r.instanceTypesWithStrings(instanceType)).instanceTypes().stream().findFirst()
                    .map(t -> new InstanceTypeInfo(t.instanceTypeAsString(), t.vCpuInfo().defaultVCpus(),
                            t.memoryInfo().sizeInMiB(), t.processorInfo().supportedArchitecturesAsStrings(),
                            Boolean.TRUE.equals(t.freeTierEligible()))));
        } catch (AwsCallException e) {
            // "The following supplied instance types do not exist" (a type this region does not offer).
            if ("InvalidInstanceType".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<ImageInfo> findImage(String imageId) {
        try {
            return AwsCall.run("describe image " + imageId, () -> ec2().describeImages(r -> r.imageIds(imageId))
                    .images().stream().findFirst()
                    .map(i -> new ImageInfo(i.imageId(), i.architectureAsString(), i.name())));
        } catch (AwsCallException e) {
            // NotFound: no such image here (or not shared with the account); Malformed: not an AMI id at all.
            if (e.errorCode() != null && e.errorCode().startsWith("InvalidAMIID.")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Set<String> zonesOffering(String instanceType) {
        return AwsCall.run("list availability zones offering " + instanceType, () -> ec2()
                .describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.AVAILABILITY_ZONE)
                        .filters(filter("instance-type", instanceType))).instanceTypeOfferings().stream()
                .map(o -> o.location()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public InstanceInfo runInstance(InstanceSpec spec, Budget propagation, WaitListener listener) {
        String userData = Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8));
        String what = spec.tags().getOrDefault(Tags.NAME, spec.instanceType());
        Consumer<RunInstancesRequest.Builder> request = r -> {
            // The agent must reach ECS and the image registry: a public IPv4 address, asked for rather than left to
            // the subnet's MapPublicIpOnLaunch.
            r.imageId(spec.imageId()).instanceType(spec.instanceType()).minCount(1).maxCount(1)
                    .networkInterfaces(InstanceNetworkInterfaceSpecification.builder().deviceIndex(0)
                            .subnetId(spec.subnetId()).groups(spec.securityGroupIds()).associatePublicIpAddress(true)
                            .deleteOnTermination(true).build())
                    .iamInstanceProfile(p -> p.name(spec.instanceProfileName()))
                    .userData(userData).clientToken(spec.clientToken())
                    // IMDSv2 only, hop limit 1: the agent and the awslogs driver run on the host; a bridge-mode
                    // container is one hop further, so it cannot get a token for the instance role's credentials.
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED)
                            .httpEndpoint(InstanceMetadataEndpointState.ENABLED).httpPutResponseHopLimit(1))
                    .tagSpecifications(tagSpec(ResourceType.INSTANCE, spec.tags()),
                            tagSpec(ResourceType.VOLUME, spec.tags()),
                            tagSpec(ResourceType.NETWORK_INTERFACE, spec.tags()));
            if (Ec2Gateway.burstable(spec.instanceType())) {
                // "unlimited" can bill surplus credits; RunInstances rejects the setting for other families.
                r.creditSpecification(c -> c.cpuCredits("standard"));
            }
        };
        Instance i = poller.retry(propagation, listener, () -> AwsCall.run("run instance " + what,
                () -> ec2().runInstances(request).instances().get(0)), SdkEc2Gateway::notVisibleYet);
        return toInfo(i);
    }

    /** Why RunInstances may succeed if tried again soon (a new profile or group EC2 does not see yet), or null. */
    private static String notVisibleYet(AwsCallException e) {
        if (iamProfileNotYetVisible(e)) {
            return "EC2 does not know the new instance profile yet (IAM propagation, usually 5-60 s)";
        }
        // the client token makes the retry safe; a group EC2 never sees again ends with the budget
        return "InvalidGroup.NotFound".equals(e.errorCode())
                ? NEW_GROUP_NOT_THERE : null;
    }

    /**
     * EC2 can reject a just-created instance profile for a minute or two, first as an "Invalid IAM Instance Profile
     * name", then as a profile that "has no associated IAM Roles" until the added role propagates too
     * (docs/aws.md §1, §14). The code alone is the generic InvalidParameterValue, so this decision also reads
     * the message.
     */
    static boolean iamProfileNotYetVisible(AwsCallException e) {
        String message = String.valueOf(e.awsMessage());
        return "InvalidParameterValue".equals(e.errorCode())
                && (message.contains("iamInstanceProfile") || message.contains("has no associated IAM Roles"));
    }

    @Override
    public Optional<InstanceInfo> findInstance(String instanceId) {
        return AwsCall.find("describe instance " + instanceId, () -> ec2().describeInstances(
                r -> r.instanceIds(instanceId)).reservations().stream().flatMap(res -> res.instances().stream())
                .findFirst().map(SdkEc2Gateway::toInfo));
    }

    @Override
    public List<InstanceInfo> listInstancesByLab(String lab) {
        return AwsCall.run("list instances of lab " + lab, () -> ec2().describeInstancesPaginator(r -> r.filters(
                        filter("tag:" + Tags.LAB, lab),
                        filter("instance-state-name", "pending", "running", "stopping", "stopped", "shutting-down")))
                .reservations().stream().flatMap(res -> res.instances().stream()).map(SdkEc2Gateway::toInfo)
                .collect(Collectors.toList()));
    }

    @Override
    public Map<String, Integer> onDemandInstanceCounts() {
        // instanceLifecycle is absent for On-Demand instances; "spot", "scheduled", "capacity-block" otherwise
        return AwsCall.run("list running instances", () -> ec2().describeInstancesPaginator(r -> r.filters(
                        filter("instance-state-name", "pending", "running")))
                .reservations().stream().flatMap(res -> res.instances().stream())
                .filter(i -> i.instanceLifecycle() == null)
                .collect(Collectors.toMap(Instance::instanceTypeAsString, i -> 1, Integer::sum, TreeMap::new)));
    }

    @Override
    public InstanceInfo waitUntilRunning(String instanceId, Budget budget, WaitListener listener) {
        InstanceInfo running = poller.poll(budget, listener, () -> {
            InstanceInfo i = findInstance(instanceId).orElse(null);
            if (i == null) {
                return Poll.pending(NEW_INSTANCE_NOT_THERE);
            }
            switch (i.state()) {
                case "running":
                    return Poll.done(i, "instance " + instanceId + " running");
                case "pending":
                    return Poll.pending("instance " + instanceId + " pending");
                default:
                    return Poll.failed("instance " + instanceId + " is " + i.state()
                            + (i.stateReason() == null ? "" : " (" + i.stateReason() + ")"));
            }
        });
        CallRecorder.waited("ec2", "instance-running", "the instance to run", "InstanceIds",
                List.of(instanceId));
        return running;
    }

    @Override
    public void terminateInstance(String instanceId, Budget visible, WaitListener listener) {
        // For an id ecslab knows (it launched it, or found it by its tags), InvalidInstanceID.NotFound means EC2 does
        // not show it yet (eventual consistency, §14), never that it is gone: look again.
        poller.retry(visible, listener, () -> {
            AwsCall.run("terminate instance " + instanceId, () -> ec2().terminateInstances(
                    r -> r.instanceIds(instanceId)));
            return true;
        }, e -> "InvalidInstanceID.NotFound".equals(e.errorCode())
                ? NEW_INSTANCE_NOT_THERE : null);
    }

    @Override
    public void waitUntilTerminated(String instanceId, Budget budget, WaitListener listener) {
        poller.poll(budget, listener, () -> {
            InstanceInfo i = findInstance(instanceId).orElse(null);
            if (i == null) {
                return Poll.pending(NEW_INSTANCE_NOT_THERE);
            }
            return "terminated".equals(i.state()) ? Poll.done(true, "instance " + instanceId + " terminated")
                    : Poll.pending("instance " + instanceId + " " + i.state());
        });
        CallRecorder.waited("ec2", "instance-terminated", "the instance to terminate", "InstanceIds",
                List.of(instanceId));
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static TagSpecification tagSpec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).collect(Collectors.toList()))
                .build();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    private static SecurityGroupInfo toInfo(SecurityGroup g) {
        return new SecurityGroupInfo(g.groupId(), g.groupName(), g.vpcId(), tagMap(g.tags()));
    }

    private static InstanceInfo toInfo(Instance i) {
        return new InstanceInfo(i.instanceId(), i.state().nameAsString(), i.instanceTypeAsString(), i.subnetId(),
                i.placement() == null ? null : i.placement().availabilityZone(),
                i.launchTime() == null ? null : i.launchTime().toString(), tagMap(i.tags()),
                i.stateReason() == null ? null : i.stateReason().message());
    }
}
