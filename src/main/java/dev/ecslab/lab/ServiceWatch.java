package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceEvent;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.TaskInfo;
import dev.ecslab.aws.Poll;
import dev.ecslab.aws.Poller;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Waits until the service is steady — one deployment, running == desired, every running task a healthy target —
 * printing each new service event once, and failing at once when the outcome is decided: the deployment FAILED,
 * or tasks stop because their container cannot start (the circuit breaker would only retry them).
 */
final class ServiceWatch {
    /** stoppedReason prefixes that no retry will fix. */
    private static final List<String> DECISIVE = List.of("CannotPullContainerError", "CannotStartContainerError",
            "ResourceInitializationError", "CannotCreateContainerError");

    private final LabContext ctx;
    private final String step;
    private final Set<String> seenEvents = new HashSet<>();
    private final Set<Integer> desiredChangedTo = new HashSet<>();
    private final Set<String> stoppedBefore = new HashSet<>();

    ServiceWatch(LabContext ctx, String step) {
        this.ctx = ctx;
        this.step = step;
        ServiceInfo now = ctx.aws().ecs().findService(ctx.names().cluster(), ctx.names().service()).orElse(null);
        if (now != null) {
            now.events().forEach(e -> seenEvents.add(e.id()));
        }
        stoppedBefore.addAll(ctx.aws().ecs().listTasks(ctx.names().cluster(), ctx.names().service(), "STOPPED"));
    }

    ServiceInfo untilSteady(int desired, String targetGroupArn) {
        return untilSteady(desired, targetGroupArn, false);
    }

    /**
     * @param followDesired wait for whatever desired count the service has when looked at (a new service: another
     *                      run of the lab may scale it meanwhile); otherwise exactly {@code desired} (a scale: a
     *                      stale read of the old count must not end the wait)
     */
    ServiceInfo untilSteady(int desired, String targetGroupArn, boolean followDesired) {
        return new Poller().poll(ctx.budget("service stable with " + desired + " healthy tasks",
                Budgets.SERVICE_STABLE), new Heartbeat(ctx.reporter(), step),
                () -> look(desired, targetGroupArn, followDesired));
    }

    private Poll<ServiceInfo> look(int desired, String targetGroupArn, boolean followDesired) {
        EcsGateway ecs = ctx.aws().ecs();
        Optional<ServiceInfo> found = ecs.findService(ctx.names().cluster(), ctx.names().service());
        if (found.isEmpty()) {
            return Poll.failed("service " + ctx.names().service() + " disappeared while waiting for it");
        }
        ServiceInfo s = found.get();
        printNewEvents(s);
        DeploymentInfo primary = s.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElse(null);
        String stoppedWithError = stoppedTaskError();
        if (primary != null && "FAILED".equals(primary.rolloutState())) {
            return Poll.failed("deployment " + primary.id() + " FAILED: " + primary.rolloutStateReason()
                    + (stoppedWithError == null ? "" : "; " + stoppedWithError));
        }
        if (stoppedWithError != null) {
            return Poll.failed(stoppedWithError);
        }
        if (followDesired && s.desired() != desired) {
            // Another run of the lab scaled it meanwhile: waiting for the old count would never end.
            if (desiredChangedTo.add(s.desired())) {
                ctx.reporter().info(step, "desired count is now " + s.desired() + ", set elsewhere; waiting for that");
            }
            desired = s.desired();
        }
        List<ServiceTargets.TaskTarget> targets = ServiceTargets.of(ctx, targetGroupArn);
        long healthy = targets.stream().filter(ServiceTargets.TaskTarget::healthy).count();
        String rollout = primary == null ? "none" : primary.rolloutState();
        String status = "running " + s.running() + "/" + desired + ", pending " + s.pending() + ", deployments "
                + s.deployments().size() + " (" + rollout + "), healthy targets " + healthy + "/" + targets.size()
                + targets.stream().filter(t -> !t.healthy()).findFirst().map(t -> "; " + t.describe()).orElse("");
        boolean steady = s.deployments().size() == 1 && s.desired() == desired && s.running() == desired
                && s.pending() == 0 && targets.size() == desired && healthy == desired
                && (primary == null || primary.rolloutState() == null || "COMPLETED".equals(rollout));
        return steady ? Poll.done(s, status) : Poll.pending(status);
    }

    private void printNewEvents(ServiceInfo s) {
        s.events().stream().filter(e -> seenEvents.add(e.id()))
                .sorted(Comparator.comparing(ServiceEvent::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(e -> ctx.reporter().info(step, "event: " + e.message()));
    }

    /** The reason of a task that stopped during this wait because its container could not start, or null. */
    private String stoppedTaskError() {
        List<String> arns = ctx.aws().ecs().listTasks(ctx.names().cluster(), ctx.names().service(), "STOPPED")
                .stream().filter(a -> !stoppedBefore.contains(a)).collect(Collectors.toList());
        if (arns.isEmpty()) {
            return null;
        }
        for (TaskInfo t : ctx.aws().ecs().describeTasks(ctx.names().cluster(), arns)) {
            String reason = t.stoppedReason() == null ? "" : t.stoppedReason();
            // On EC2 the task often says only "Essential container in task exited"; the pull error is in the
            // container's own reason.
            List<String> containers = t.containerReasons().stream().filter(ServiceWatch::decisive).toList();
            if (decisive(reason) || !containers.isEmpty()) {
                return "task " + t.arn().substring(t.arn().lastIndexOf('/') + 1) + " stopped: "
                        + String.join("; ", Stream.concat(Stream.of(reason).filter(r -> !r.isEmpty()),
                        containers.stream().map(c -> "container " + c)).toList());
            }
        }
        return null;
    }

    /** A reason no retry will fix; container reasons read "name: reason". */
    static boolean decisive(String reason) {
        return DECISIVE.stream().anyMatch(p -> reason.startsWith(p) || reason.contains(": " + p));
    }
}
