package dev.ecslab.lab;

import dev.ecslab.aws.Durations;
import dev.ecslab.report.StepName;
import dev.ecslab.report.Verb;

import java.time.Duration;
import java.util.Optional;

/**
 * How long each phase of the lab typically takes on AWS (docs/aws.md §12; the same table the emulator's clock
 * plays, held equal by AwsTimesIT), so `up` can say up front what to expect, in phases people can watch against.
 */
public final class AwsTimes {
    public static final Duration INSTANCE_PENDING = Duration.ofSeconds(20);
    public static final Duration AGENT_REGISTRATION = Duration.ofSeconds(40);
    public static final Duration ALB_PROVISIONING = Duration.ofSeconds(150);
    public static final Duration TASK_START = Duration.ofSeconds(10);
    public static final Duration INSTANCE_SHUTTING_DOWN = Duration.ofSeconds(40);
    public static final Duration ALB_ENI_LINGER = Duration.ofSeconds(90);
    /** A stopped task's container gone, after its target drained. */
    public static final Duration TASK_STOP = Duration.ofSeconds(5);
    /** The lab's target group's deregistration delay. */
    public static final Duration TARGET_DRAINING = Duration.ofSeconds(LabDesign.DEREGISTRATION_DELAY);
    /** The lab's target group: healthy after this many checks this far apart. */
    public static final Duration TARGET_HEALTHY = Duration.ofSeconds(
            (long) LabDesign.HEALTH_CHECK_INTERVAL * LabDesign.HEALTHY_THRESHOLD);

    private AwsTimes() {
    }

    /** The instance's boot and its agent's registration, which run while the load balancer provisions. */
    static Duration instanceReady() {
        return INSTANCE_PENDING.plus(AGENT_REGISTRATION);
    }

    /** A task pulled, started and a healthy target. */
    static Duration taskHealthy() {
        return TASK_START.plus(TARGET_HEALTHY);
    }

    /** What `up` takes on AWS: the longer of ALB and instance, then the first task, then the rest. */
    public static Duration up(int count) {
        Duration first = max(ALB_PROVISIONING, instanceReady()).plus(taskHealthy());
        return count > 1 ? first.plus(taskHealthy()) : first;
    }

    /** What `cleanup` takes on AWS: everything at once; the ALB's network interfaces hold its security group. */
    public static Duration cleanup() {
        return max(ALB_ENI_LINGER, INSTANCE_SHUTTING_DOWN);
    }

    /** What a step typically takes on AWS, for live progress to show beside its clock; empty when it is quick. */
    public static Optional<Duration> typicalOf(String step) {
        if (Verb.CLEANUP.word().equals(step) || "rollback".equals(step)) {
            return Optional.of(cleanup());
        }
        return StepName.of(step).map(name -> switch (name) {
            case ELB -> ALB_PROVISIONING;
            case CLUSTER -> instanceReady();
            case SERVICE, SCALE -> taskHealthy();
            default -> null;
        });
    }

    /** One line for `up` to print before it starts. */
    public static String upExpectation(int count) {
        return "on AWS this takes about " + Durations.format(up(count)) + ": the load balancer provisions for ~"
                + Durations.format(ALB_PROVISIONING) + " (meanwhile the instance boots and registers, ~"
                + Durations.format(instanceReady()) + "), then the first task starts and turns healthy, ~"
                + Durations.format(taskHealthy()) + (count > 1 ? ", then scaling to " + count + " tasks, ~"
                + Durations.format(taskHealthy()) : "");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
