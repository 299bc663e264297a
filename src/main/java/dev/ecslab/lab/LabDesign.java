package dev.ecslab.lab;

import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.Names;

/**
 * The lab's design, in one place: what every run builds alike, whatever the settings (those are in {@link Lab}).
 * The steps build from it, the wait table ({@link AwsTimes}) and the checks of a --file read it, so a change here
 * changes them together.
 */
final class LabDesign {
    /** The load balancer's listener: HTTP, open to anyone. */
    static final int ALB_PORT = 80;
    /**
     * The host ports bridge tasks get (hostPort 0), the only ones the instance's security group opens, to the load
     * balancer's group alone (docs/aws.md §3).
     */
    static final int DYNAMIC_PORTS_FROM = 32768;
    static final int DYNAMIC_PORTS_TO = 65535;

    /**
     * The target group's health check, every 5 s and healthy after 2 — AWS's ECS guidance rather than the defaults
     * (healthy after 150 s), so a task is in service in about 10 s.
     */
    static final String HEALTH_CHECK_PATH = "/";
    static final int HEALTH_CHECK_INTERVAL = 5;
    static final int HEALTH_CHECK_TIMEOUT = 4;
    static final int HEALTHY_THRESHOLD = 2;
    static final int UNHEALTHY_THRESHOLD = 2;
    /** Seconds a stopped task's target drains (the default is 300 s, which every scale-in and cleanup would wait). */
    static final int DEREGISTRATION_DELAY = 5;
    /** Seconds the service ignores a new task's failed health checks while nginx starts. */
    static final int HEALTH_CHECK_GRACE_SECONDS = 30;

    /** The built-in task: nginx from ECR Public (no Docker Hub pull limits), and what it reserves. */
    static final String IMAGE = "public.ecr.aws/nginx/nginx:stable";
    static final int TASK_CPU_UNITS = 128;
    static final int TASK_MEMORY_MIB = 128;
    static final int TASK_MEMORY_RESERVATION_MIB = 64;
    /** The log group keeps a day: enough to read what a lab did, little to pay for. */
    static final int LOG_RETENTION_DAYS = 1;

    /**
     * The command an administrator runs once to create the instance role's permissions boundary (docs/iam.md, "The
     * instance role's permissions boundary"): the example policy allows CreateRole only with it.
     */
    static final String CREATE_BOUNDARY = "aws iam create-policy --path " + Names.IAM_PATH + " --policy-name "
            + IamGateway.INSTANCE_ROLE_BOUNDARY
            + " --policy-document file://examples/ecslab-instance-role-boundary.json";

    private LabDesign() {
    }
}
