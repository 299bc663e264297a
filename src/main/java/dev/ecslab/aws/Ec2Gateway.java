package dev.ecslab.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** EC2: default network, security groups, instance types, the container instance. */
public interface Ec2Gateway {
    /**
     * T2/T3/T3a/T4g: burstable, launched in "unlimited" credit mode unless told otherwise, so the lab asks for
     * "standard" (docs/aws.md §2); RunInstances rejects a credit specification for other families.
     */
    static boolean burstable(String instanceType) {
        return instanceType.matches("t2\\..*|t3a?\\..*|t4g\\..*");
    }

    record Subnet(String id, String availabilityZone, boolean mapPublicIpOnLaunch) { }

    /** The default VPC and its default-for-az subnets. */
    record Network(String vpcId, List<Subnet> subnets) { }

    record SecurityGroupInfo(String id, String name, String vpcId, Map<String, String> tags) { }

    /** One ingress rule: TCP fromPort..toPort from a CIDR or from another security group. */
    record IngressRule(int fromPort, int toPort, String cidr, String sourceGroupId) {
        public static IngressRule fromCidr(int port, String cidr) {
            return new IngressRule(port, port, cidr, null);
        }

        public static IngressRule fromGroup(int fromPort, int toPort, String groupId) {
            return new IngressRule(fromPort, toPort, null, groupId);
        }
    }

    record InstanceTypeInfo(String name, int vcpus, long memoryMiB, List<String> architectures,
                            boolean freeTierEligible) { }

    /** An AMI as EC2 describes it: {@code architecture} is x86_64, arm64, i386… */
    record ImageInfo(String id, String architecture, String name) { }

    /** Everything RunInstances needs; tags go on the instance, its volume and its network interface. */
    record InstanceSpec(String imageId, String instanceType, String subnetId, List<String> securityGroupIds,
                        String instanceProfileName, String userData, Map<String, String> tags,
                        String clientToken) { }

    record InstanceInfo(String id, String state, String instanceType, String subnetId, String availabilityZone,
                        String launchTimeIso, Map<String, String> tags, String stateReason) { }

    /** The default VPC with its default subnets, or empty when the region has none. */
    Optional<Network> findDefaultNetwork();

    Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String groupName);

    /** Tagged at creation. Returns the new group's id. */
    SecurityGroupInfo createSecurityGroup(String name, String description, String vpcId, Map<String, String> tags);

    /**
     * Idempotent: a rule that already exists counts as added. A group EC2 does not know yet (InvalidGroup.NotFound
     * right after its creation) is retried with backoff within {@code visible}.
     */
    void authorizeIngress(String groupId, IngressRule rule, Budget visible, WaitListener listener);

    /**
     * The values of tag ecslab:lab on the region's instances (not terminated) and security groups: the labs these
     * name, for `ls` to look at (EC2 filters on a tag's key, whatever its value).
     */
    Set<String> labTagValues();

    /** Groups carrying tag ecslab:lab=lab. */
    List<SecurityGroupInfo> listSecurityGroupsByLab(String lab);

    /** How many security groups the VPC has (doctor: the lab adds two). */
    int countSecurityGroups(String vpcId);

    /**
     * Idempotent (a missing group counts as deleted). Throws AwsCallException with DependencyViolation while
     * something still uses the group; callers retry within a budget.
     */
    void deleteSecurityGroup(String groupId);

    /** Empty when the region does not offer the type. */
    Optional<InstanceTypeInfo> findInstanceType(String instanceType);

    /** Empty when the region has no image {@code imageId} (or the id is not an AMI id). */
    Optional<ImageInfo> findImage(String imageId);

    /** The availability zones (names) that offer the instance type: not every zone offers every type. */
    Set<String> zonesOffering(String instanceType);

    /**
     * RunInstances with a public IPv4 address, IMDSv2 required, standard T-credits, tags on instance/volume/ENI and
     * the client token. Retries both answers EC2 gives while a new instance profile and its role propagate from IAM
     * (docs/aws.md §1), and InvalidGroup.NotFound while it does not see a new security group yet (§14), within
     * {@code propagation}.
     */
    InstanceInfo runInstance(InstanceSpec spec, Budget propagation, WaitListener listener);

    Optional<InstanceInfo> findInstance(String instanceId);

    /** Instances tagged for the lab that are not terminated. */
    List<InstanceInfo> listInstancesByLab(String lab);

    /** The region's pending and running On-Demand instances (not Spot, not Capacity Blocks), counted by type. */
    Map<String, Integer> onDemandInstanceCounts();

    InstanceInfo waitUntilRunning(String instanceId, Budget budget, WaitListener listener);

    /**
     * TerminateInstances for an instance ecslab knows: "not found" is retried within {@code visible} (EC2 may not
     * show a new instance yet), never taken as terminated. Already terminated counts as done.
     */
    void terminateInstance(String instanceId, Budget visible, WaitListener listener);

    /** Polls the instance by id until it is terminated; "not found" means not visible yet. */
    void waitUntilTerminated(String instanceId, Budget budget, WaitListener listener);
}
