package dev.ecslab.lab;

import dev.ecslab.aws.Budget;

import java.time.Duration;

/** How long each wait may take on AWS (docs/aws.md §12), before --timeout caps it. */
public final class Budgets {
    public static final Duration IAM_PROPAGATION = Duration.ofMinutes(3);
    /** A new AWSServiceRoleForECS can be unusable to CreateCluster for a while (docs/aws.md §14). */
    public static final Duration SLR_PROPAGATION = Duration.ofMinutes(2);
    /** EC2 is eventually consistent: a new security group or instance can be unknown for seconds (§14). */
    public static final Duration EC2_VISIBLE = Duration.ofMinutes(2);
    public static final Duration INSTANCE_PROFILE_VISIBLE = Duration.ofMinutes(1);
    public static final Duration INSTANCE_RUNNING = Duration.ofMinutes(5);
    public static final Duration AGENT_REGISTRATION = Duration.ofMinutes(10);
    public static final Duration ALB_AVAILABLE = Duration.ofMinutes(15);
    public static final Duration SERVICE_STABLE = Duration.ofMinutes(15);
    public static final Duration SERVICE_INACTIVE = Duration.ofMinutes(10);
    public static final Duration ALB_DELETED = Duration.ofMinutes(5);
    public static final Duration INSTANCE_TERMINATED = Duration.ofMinutes(10);
    /** Container instances leave the cluster a little after their instance terminates. */
    public static final Duration CLUSTER_EMPTY = Duration.ofMinutes(10);
    /** The listener goes with its load balancer; until then the target group is "in use". */
    public static final Duration TARGET_GROUP_FREE = Duration.ofMinutes(3);
    /** ALB network interfaces outlive the ALB by minutes, holding its security group (docs/aws.md §9). */
    public static final Duration SG_DEPENDENCY = Duration.ofMinutes(10);
    /** A new ALB's DNS name can lag its "active" state a little (docs/aws.md §7). */
    public static final Duration DNS_RESOLVES = Duration.ofMinutes(3);
    public static final Duration HTTP_OK = Duration.ofMinutes(2);

    /** Makes a named budget: an AWS limit, and the phase's typical time on AWS (null: no expectation). */
    @FunctionalInterface
    public interface Maker {
        Budget make(String name, Duration limit, Duration typicalOnAws);
    }

    private Budgets() {
    }
}
