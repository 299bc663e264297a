package dev.ecslab.lab;

import dev.ecslab.report.StepName;

/**
 * What a step waits for: another step to have finished, or to have reached a point inside it (shown as
 * "step:point"); a step the command does not run is no dependency.
 *
 * @param step  the step
 * @param point the point inside it, or null for the whole step
 */
public record Need(StepName step, String point) {
    /**
     * The point of the elb step the service starts from: a listener forwards to the target group (ECS refuses a
     * target group no listener uses), while the load balancer may still provision.
     */
    public static final Need LISTENER = new Need(StepName.ELB, "listener");

    /** The whole of {@code step}. */
    public static Need step(StepName step) {
        return new Need(step, null);
    }

    /** A point inside the step rather than its end. */
    public boolean inside() {
        return point != null;
    }

    @Override
    public String toString() {
        return inside() ? step + ":" + point : step.word();
    }
}
