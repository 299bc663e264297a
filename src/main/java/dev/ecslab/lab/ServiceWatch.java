package dev.ecslab.lab;

import dev.ecslab.aws.CallRecorder;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceEvent;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.EcsGateway.TaskInfo;
import dev.ecslab.aws.Poll;
import dev.ecslab.aws.Poller;
import dev.ecslab.state.ResourceRef.Kind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * or tasks stop because their container cannot start (the circuit breaker would only retry them), or ECS cannot
 * place the missing tasks and nothing would make room ({@link PlacementStall}).
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
    /** The last target seen unhealthy, with its reason: why a circuit breaker that trips on health checks did. */
    private String unhealthyTarget;
    private final PlacementStall stall;
    /** Tasks seen STOPPED for good, not asked about again. */
    private final Set<String> stoppedForGood = new HashSet<>();

    ServiceWatch(LabContext ctx, String step) {
        this.ctx = ctx;
        this.step = step;
        this.stall = new PlacementStall(ctx.lab().pace(PlacementStall.HOLDS_FOR));
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
        ServiceInfo steady = new Poller().poll(ctx.budget("service stable with " + desired + " healthy tasks",
                Budgets.SERVICE_STABLE).expecting(expectedSteady()), new Heartbeat(ctx.reporter(), step),
                () -> look(desired, targetGroupArn, followDesired));
        recordWaits(targetGroupArn);
        return steady;
    }

    /** For --explain: the AWS CLI's waiters for what this watch waited for, a steady service and healthy targets. */
    private void recordWaits(String targetGroupArn) {
        CallRecorder.waited("ecs", "services-stable", "the service to be steady", "cluster",
                ctx.names().cluster(), "services", List.of(ctx.names().service()));
        if (targetGroupArn != null) {
            CallRecorder.waited("elbv2", "target-in-service", "its targets to be healthy", "TargetGroupArn",
                    targetGroupArn);
        }
    }

    /**
     * When the service should be steady: its tasks started and healthy, and, behind a load balancer this run
     * created and that may still provision, not before that is active and the health checks have passed.
     */
    private Duration expectedSteady() {
        Duration tasks = ctx.lab().pace(AwsTimes.taskHealthy());
        return ctx.createdThisRun().stream().filter(r -> r.kind() == Kind.LOAD_BALANCER).findFirst()
                .map(alb -> ctx.lab().pace(AwsTimes.ALB_PROVISIONING.plus(AwsTimes.TARGET_HEALTHY))
                        .minus(Duration.between(alb.createdAt(), Instant.now())))
                .filter(untilAlbHealthy -> untilAlbHealthy.compareTo(tasks) > 0).orElse(tasks);
    }

    private Poll<ServiceInfo> look(int desired, String targetGroupArn, boolean followDesired) {
        EcsGateway ecs = ctx.aws().ecs();
        Optional<ServiceInfo> found = ecs.findService(ctx.names().cluster(), ctx.names().service());
        if (found.isEmpty()) {
            return Poll.failed("service " + ctx.names().service() + " disappeared while waiting for it");
        }
        ServiceInfo s = found.get();
        printNewEvents(s);
        DeploymentInfo primary = primaryOf(s);
        String stoppedWithError = stoppedTaskError();
        if (primary != null && "FAILED".equals(primary.rolloutState())) {
            return Poll.failed("deployment " + primary.id() + " FAILED: " + primary.rolloutStateReason()
                    + (stoppedWithError == null ? "" : "; " + stoppedWithError) + unhealthyTargetSeen());
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
        return steadiness(s, primary, desired, targetGroupArn);
    }

    /**
     * Waits until the deployment {@code started} (UpdateService's PRIMARY) is COMPLETED with every task a healthy
     * target. Task start failures do not end it: the circuit breaker decides. When the breaker rolled it back, waits
     * for the rollback to complete, then fails: a rollback is never a success (as aws-actions'
     * amazon-ecs-deploy-task-definition #860 learned: after a rollback the service is "stable" again).
     */
    ServiceInfo untilDeployed(DeploymentInfo started, String targetGroupArn) {
        Deployment d = new Deployment(started);
        ServiceInfo deployed = new Poller().poll(ctx.budget("deployment of "
                + Revisions.shortName(started.taskDefinitionArn()) + " COMPLETED", Budgets.SERVICE_STABLE,
                AwsTimes.taskHealthy()), new Heartbeat(ctx.reporter(), step),
                () -> lookAtDeployment(d, targetGroupArn));
        recordWaits(targetGroupArn);
        return deployed;
    }

    /** What the watch learnt about the deployment it started. */
    private static final class Deployment {
        final DeploymentInfo started;
        boolean seen;
        String failure;
        String taskError;

        Deployment(DeploymentInfo started) {
            this.started = started;
        }

        String why() {
            String why = failure == null ? "deployment " + started.id() + " is no longer on the service" : failure;
            return taskError == null ? why : why + "; " + taskError;
        }
    }

    private Poll<ServiceInfo> lookAtDeployment(Deployment d, String targetGroupArn) {
        Optional<ServiceInfo> found = ctx.aws().ecs().findService(ctx.names().cluster(), ctx.names().service());
        if (found.isEmpty()) {
            return Poll.failed("service " + ctx.names().service() + " disappeared while deploying to it");
        }
        ServiceInfo s = found.get();
        printNewEvents(s);
        String taskError = stoppedTaskError();
        if (taskError != null && d.taskError == null) {
            d.taskError = taskError;
            ctx.reporter().warning(step, taskError + "; the deployment circuit breaker decides whether to roll back");
        }
        DeploymentInfo primary = primaryOf(s);
        Optional<DeploymentInfo> ours = s.deployments().stream().filter(x -> x.id().equals(d.started.id()))
                .findFirst();
        ours.ifPresent(x -> d.seen = true);
        if (ours.isPresent() && "FAILED".equals(ours.get().rolloutState())) {
            d.failure = "deployment " + d.started.id() + " FAILED: " + ours.get().rolloutStateReason()
                    + unhealthyTargetSeen();
        }
        if (ours.isEmpty() && !d.seen) {
            // A read just after UpdateService may not show the new deployment yet.
            return Poll.pending("ECS does not show the new deployment yet (usually a few seconds)");
        }
        boolean oursIsPrimary = primary != null && primary.id().equals(d.started.id());
        if (oursIsPrimary && d.failure != null) {
            return Poll.failed(d.why()); // FAILED without a rollback
        }
        if (!oursIsPrimary) {
            if (primary == null) {
                return Poll.pending("no PRIMARY deployment yet");
            }
            String to = Revisions.shortName(primary.taskDefinitionArn());
            if (d.failure == null && ours.isPresent()) {
                return Poll.failed("deployment " + d.started.id() + " was replaced by deployment " + primary.id()
                        + " of " + to + ", started elsewhere");
            }
            int revision = Revisions.number(primary.taskDefinitionArn());
            if ("COMPLETED".equals(primary.rolloutState())) {
                return Poll.failed("rolled back to revision " + revision + ": " + d.why());
            }
            return Poll.pending("rolling back to revision " + revision + " (" + primary.rolloutState() + ", running "
                    + s.running() + "/" + s.desired() + "): " + d.why());
        }
        return steadiness(s, primary, s.desired(), targetGroupArn);
    }

    private String unhealthyTargetSeen() {
        return unhealthyTarget == null ? "" : "; last unhealthy target: " + unhealthyTarget;
    }

    private static DeploymentInfo primaryOf(ServiceInfo s) {
        return s.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
    }

    /** Steady: one deployment, COMPLETED, running == desired, and every one of them a healthy target. */
    private Poll<ServiceInfo> steadiness(ServiceInfo s, DeploymentInfo primary, int desired, String targetGroupArn) {
        List<ServiceTargets.TaskTarget> targets = ServiceTargets.of(ctx, targetGroupArn);
        long healthy = targets.stream().filter(ServiceTargets.TaskTarget::healthy).count();
        targets.stream().filter(t -> "unhealthy".equals(t.state())).findFirst()
                .ifPresent(t -> unhealthyTarget = t.describe());
        String rollout = primary == null ? "none" : primary.rolloutState();
        // "running 4/0" reads as a fraction of nothing while scaling to 0: a count apart from its target says so
        String running = s.running() == desired ? "running " + desired + "/" + desired
                : "running " + s.running() + ", desired " + desired;
        String status = running + ", pending " + s.pending() + ", deployments "
                + s.deployments().size() + " (" + rollout + "), healthy targets " + healthy + "/" + targets.size()
                + targets.stream().filter(t -> !t.healthy()).findFirst().map(t -> "; " + t.describe()).orElse("");
        boolean steady = s.deployments().size() == 1 && s.desired() == desired && s.running() == desired
                && s.pending() == 0 && targets.size() == desired && healthy == desired
                && (primary == null || primary.rolloutState() == null || "COMPLETED".equals(rollout));
        if (steady) {
            return Poll.done(s, status);
        }
        boolean allHealthy = targets.size() == s.running() && healthy == s.running();
        Optional<String> stalled = stall.check(s, primary, desired, allHealthy, this::anyTaskStopping, Instant.now());
        return stalled.map(event -> Poll.<ServiceInfo>failed("ECS cannot place the missing tasks: " + event + " ("
                + status + "; nothing is starting or stopping that would make room)")).orElse(Poll.pending(status));
    }

    /** Whether a task of the service is on its way to STOPPED (it still holds its CPU, memory and ports). */
    private boolean anyTaskStopping() {
        List<String> arns = ctx.aws().ecs().listTasks(ctx.names().cluster(), ctx.names().service(), "STOPPED")
                .stream().filter(a -> !stoppedForGood.contains(a)).toList();
        if (arns.isEmpty()) {
            return false;
        }
        List<TaskInfo> tasks = ctx.aws().ecs().describeTasks(ctx.names().cluster(), arns);
        tasks.stream().filter(t -> "STOPPED".equals(t.lastStatus())).forEach(t -> stoppedForGood.add(t.arn()));
        return tasks.stream().anyMatch(t -> !"STOPPED".equals(t.lastStatus()));
    }

    /**
     * ECS's service events of a deployment going as planned (docs: "Amazon ECS service event messages"): detail.
     * Any other — unable to place a task, failed health checks, stopped tasks — is news, and shown.
     */
    private static final java.util.regex.Pattern ROUTINE_EVENT = java.util.regex.Pattern.compile(
            "has started \\d+ tasks|(de)?registered \\d+ targets|has reached a steady state|has begun draining"
                    + "|deployment \\S+ (has )?completed");

    private void printNewEvents(ServiceInfo s) {
        // Newest first from ECS; oldest first here, and events of one instant keep their order.
        List<ServiceEvent> fresh = new ArrayList<>(s.events().stream().filter(e -> seenEvents.add(e.id())).toList());
        Collections.reverse(fresh);
        fresh.stream().sorted(Comparator.comparing(ServiceEvent::createdAt,
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(e -> {
                    if (ROUTINE_EVENT.matcher(e.message()).find()) {
                        ctx.reporter().detail(step, "event: " + e.message());
                    } else {
                        ctx.reporter().info(step, "event: " + e.message());
                    }
                });
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
