package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceEvent;
import dev.ecslab.aws.EcsGateway.ServiceInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Tells a wait that ECS will not place the service's missing tasks, so that it ends with ECS's own words instead of
 * spending its whole budget (docs/aws.md §6).
 *
 * <p>ECS retries placement all the time, so its "was unable to place a task" event alone proves nothing: a task
 * stopping or draining, or a rolling deployment about to stop an old task once a new one is healthy, frees room
 * moments later. And ECS writes that event once, not again while its cause lasts. So the rule is: the service has
 * said so, for want of CPU, memory or a host port, since it was last steady; tasks are missing; and nothing is
 * under way that would free room — no task starting or stopping, every running one a healthy target — at two looks
 * in a row at least {@link #HOLDS_FOR} apart (in AWS time), longer than the scheduler takes to act on a change it
 * can act on. What is left could only come from outside the lab (a new instance, a task stopped by hand): the wait
 * gives up rather than spend its budget on a hope.
 */
final class PlacementStall {
    /** How long the stall must hold, at the default pace. */
    static final Duration HOLDS_FOR = Duration.ofSeconds(30);

    private static final Pattern UNPLACEABLE = Pattern.compile("was unable to place a task because no container "
            + "instance met all of its requirements\\..*(insufficient (memory|CPU)|already using a port)");
    private static final Pattern STEADY = Pattern.compile("has reached a steady state");

    private final Duration holdsFor;
    private Instant since;

    PlacementStall(Duration holdsFor) {
        this.holdsFor = holdsFor;
    }

    /**
     * ECS's event when the service is stalled now, for as long as the rule asks; else empty.
     *
     * @param allHealthy every running task of the service is a healthy target
     * @param stopping   asks whether any of the service's tasks is still stopping (called only when needed)
     */
    Optional<String> check(ServiceInfo s, DeploymentInfo primary, int desired, boolean allHealthy,
                           BooleanSupplier stopping, Instant now) {
        Optional<String> event = latestWordOnPlacement(s).filter(e -> UNPLACEABLE.matcher(e).find());
        boolean missing = primary != null ? primary.running() + primary.pending() < primary.desired()
                : s.running() + s.pending() < desired;
        if (event.isEmpty() || !missing || s.pending() > 0 || !allHealthy || stopping.getAsBoolean()) {
            since = null;
            return Optional.empty();
        }
        if (since == null) {
            since = now;
            return Optional.empty();
        }
        return Duration.between(since, now).compareTo(holdsFor) >= 0 ? event : Optional.empty();
    }

    /** ECS's newest "unable to place" event, unless the service reached a steady state since. */
    private static Optional<String> latestWordOnPlacement(ServiceInfo s) {
        // Newest first, as ECS lists them; the sort is stable, so events of one instant keep that order.
        return s.events().stream()
                .sorted(Comparator.comparing(ServiceEvent::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(ServiceEvent::message)
                .filter(m -> UNPLACEABLE.matcher(m).find() || STEADY.matcher(m).find())
                .findFirst().filter(m -> UNPLACEABLE.matcher(m).find());
    }
}
