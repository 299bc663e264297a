package dev.ecslab.aws;

/**
 * Every name ecslab gives a resource, in one place: all are {@code ecslab-<lab>-…} (IAM objects also live under
 * {@link #IAM_PATH}). Lab names are at most 20 characters, so the longest, {@code ecslab-<lab>-alb}, fits the
 * 32-character limit of load balancer and target group names.
 */
public final class Names {
    public static final String PREFIX = "ecslab-";
    public static final String IAM_PATH = "/ecslab/";

    /** The ARN of the instance role's permissions boundary in {@code account} (IamGateway.INSTANCE_ROLE_BOUNDARY). */
    public static String instanceRoleBoundaryArn(Partition partition, String account) {
        return "arn:" + partition.id() + ":iam::" + account + ":policy" + IAM_PATH + IamGateway.INSTANCE_ROLE_BOUNDARY;
    }
    public static final String CONTAINER_NAME = "web";
    public static final int CONTAINER_PORT = 80;

    private final String lab;

    public Names(String lab) {
        this.lab = lab;
    }

    public String lab() {
        return lab;
    }

    /** Prefix shared by every resource of this lab. */
    public String prefix() {
        return PREFIX + lab + "-";
    }

    public String cluster() {
        return PREFIX + lab;
    }

    public String instance() {
        return prefix() + "instance";
    }

    public String instanceRole() {
        return prefix() + "instance-role";
    }

    public String instanceProfile() {
        return prefix() + "instance-profile";
    }

    public String albSecurityGroup() {
        return prefix() + "alb-sg";
    }

    public String instanceSecurityGroup() {
        return prefix() + "instance-sg";
    }

    public String taskFamily() {
        return prefix() + "web";
    }

    public String logGroup() {
        return "/ecs/" + PREFIX + lab;
    }

    public String loadBalancer() {
        return prefix() + "alb";
    }

    public String targetGroup() {
        return prefix() + "tg";
    }

    public String service() {
        return prefix() + "web";
    }
}
