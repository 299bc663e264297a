package dev.ecslab.aws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Elastic Load Balancing v2: the application load balancer, its target group and listener. */
public interface ElbGateway {
    record LoadBalancerInfo(String arn, String name, String dnsName, String state, String vpcId,
                            List<String> securityGroupIds, List<String> availabilityZones, long createdAtMillis,
                            Map<String, String> tags) { }

    record LoadBalancerSpec(String name, List<String> subnetIds, List<String> securityGroupIds,
                            Map<String, String> tags) { }

    /** Health check every {@code intervalSeconds}, healthy after {@code healthyThreshold} (docs/aws.md §5). */
    record TargetGroupSpec(String name, String vpcId, int port, String healthCheckPath, int intervalSeconds,
                           int timeoutSeconds, int healthyThreshold, int unhealthyThreshold,
                           int deregistrationDelaySeconds, Map<String, String> tags) { }

    record TargetGroupInfo(String arn, String name, String vpcId, int port, int intervalSeconds,
                           int healthyThreshold, List<String> loadBalancerArns, Map<String, String> tags) { }

    record ListenerInfo(String arn, String loadBalancerArn, int port, String protocol, List<String> targetGroupArns) { }

    /** One target and its health: state initial|healthy|unhealthy|unused|draining|unavailable. */
    record TargetHealth(String id, int port, String state, String reason, String description) { }

    /**
     * The endpoint load balancing calls go to when it is not AWS's own: --endpoint-url, or what the SDK read from
     * AWS_ENDPOINT_URL(_ELASTIC_LOAD_BALANCING_V2), system properties or the profile.
     */
    Optional<URI> endpointOverride();

    Optional<LoadBalancerInfo> findLoadBalancer(String name);

    /**
     * Internet-facing, ipv4, application; tagged at creation. Retries InvalidSecurityGroup while EC2 does not show ELB
     * a new security group yet (docs/aws.md §14), within {@code groupVisible}.
     */
    LoadBalancerInfo createLoadBalancer(LoadBalancerSpec spec, Budget groupVisible, WaitListener listener);

    /**
     * Polls until the load balancer is active. Just after CreateLoadBalancer AWS may not find it for a moment; once it
     * has been seen (or it was adopted, so it existed), "not found" means someone deleted it — another run's rollback,
     * a hand — and the wait fails at once rather than spending its budget.
     */
    LoadBalancerInfo waitUntilAvailable(String arn, boolean justCreated, Budget budget, WaitListener listener);

    /** The names of the region's load balancers, and of its target groups (`ls`: which labs may have any). */
    List<String> loadBalancerNames();

    List<String> targetGroupNames();

    /** Load balancers tagged for the lab. */
    List<LoadBalancerInfo> listLoadBalancersByLab(String lab);

    /** The account's application load balancers in the region, and its quota of them (null when not said). */
    record LoadBalancerUse(int applicationLoadBalancers, Integer quota) { }

    LoadBalancerUse applicationLoadBalancerUse();

    /** Idempotent; deletes its listeners too. */
    void deleteLoadBalancer(String arn);

    void waitUntilDeleted(String arn, Budget budget, WaitListener listener);

    Optional<TargetGroupInfo> findTargetGroup(String name);

    /** Creates the group with its health check, then sets the deregistration delay. */
    TargetGroupInfo createTargetGroup(TargetGroupSpec spec);

    List<TargetGroupInfo> listTargetGroupsByLab(String lab);

    /** Idempotent; ResourceInUse while a listener still forwards to it. */
    void deleteTargetGroup(String arn);

    List<ListenerInfo> listListeners(String loadBalancerArn);

    /** HTTP listener on port forwarding to the target group; tagged at creation. */
    ListenerInfo createListener(String loadBalancerArn, int port, String targetGroupArn, Map<String, String> tags);

    List<TargetHealth> describeTargetHealth(String targetGroupArn);
}
