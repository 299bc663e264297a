package dev.ecslab.run;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.RunTimedOutException;
import dev.ecslab.aws.Tags;
import dev.ecslab.aws.WaitFailedException;
import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.error.EcslabException;
import dev.ecslab.error.InterruptedRunException;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.StepFailedException;
import dev.ecslab.lab.Daemons;
import dev.ecslab.lab.InUse;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Need;
import dev.ecslab.lab.Step;
import dev.ecslab.lab.Teardown;
import dev.ecslab.report.StepName;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs steps in dependency order, independent ones at the same time (after the network, cluster, task definition
 * and load balancer overlap: on AWS the ALB's minutes of provisioning run while the instance boots; the service
 * starts once the listener exists, while the ALB may still provision). When a step
 * fails or the run is interrupted, the others are stopped and what this run created is rolled back in reverse
 * dependency order, unless --keep-on-failure.
 */
public final class Orchestrator {
    /** --dry-run: every step's preflight, then its plan, in order; reads only. */
    public void plan(LabContext ctx, List<Step> steps) {
        preflight(ctx, steps); // the same refusals, with the same exit codes, as the real run
        for (Step step : steps) {
            step.plan(ctx);
        }
    }

    /** @param command the command being run (up, scale ...), for its messages */
    public void run(LabContext ctx, Verb command, List<Step> steps) {
        preflight(ctx, steps);
        ExecutorService pool = Daemons.pool("ecslab-step", steps.size());
        Map<StepName, CompletableFuture<Void>> started = new LinkedHashMap<>();
        // Every point a step needs exists before any step runs: a step that ends at once settles only the points
        // that exist by then.
        steps.forEach(step -> step.needs().stream().filter(Need::inside).forEach(ctx::point));
        for (Step step : steps) {
            CompletableFuture<?>[] needs = step.needs().stream().map(need -> dependency(ctx, started, need))
                    .filter(Objects::nonNull).toArray(CompletableFuture[]::new);
            CompletableFuture<Void> run = CompletableFuture.allOf(needs).thenRunAsync(() -> runStep(ctx, step), pool);
            // A step that fails, or never runs because what it needs failed, still settles the points inside it.
            run.whenComplete((ignored, failure) -> ctx.ended(step.name(), failure));
            started.put(step.name(), run);
        }
        try {
            CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            stop(pool);
            Thread.interrupted(); // clear it: the rollback must be able to wait
            List<Leftover> left = rollback(ctx);
            throw new InterruptedRunException(command + " lab " + ctx.lab().name() + ": interrupted; "
                    + summary(ctx, left), hint(ctx, left), null, left);
        } catch (ExecutionException e) {
            stop(pool);
            Throwable cause = unwrap(e.getCause());
            List<Leftover> left = ctx.lab().how().keepOnFailure() ? null : rollback(ctx);
            throw failure(ctx, command, cause, left);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a step waits for: a step of this command, or a point inside one; null for a step not run here. */
    private static CompletableFuture<?> dependency(LabContext ctx, Map<StepName, CompletableFuture<Void>> started,
                                                   Need need) {
        if (!started.containsKey(need.step())) {
            return null;
        }
        return need.inside() ? ctx.point(need) : started.get(need.step());
    }

    /** Before the first change: bad input and broken setups create nothing. */
    private static void preflight(LabContext ctx, List<Step> steps) {
        for (Step step : steps) {
            try {
                step.preflight(ctx);
            } catch (AwsCallException e) {
                throw new PreflightException(step.name() + " preflight: " + e.getMessage(), e.preflightHint(), e);
            } catch (RunTimedOutException e) {
                throw new StepFailedException(step.name() + " preflight: " + e.getMessage() + "; nothing was created",
                        e.hint(), e);
            }
        }
    }

    private static void runStep(LabContext ctx, Step step) {
        long t0 = System.nanoTime();
        ctx.reporter().stepStarted(step.name().word(), step.description());
        try {
            step.apply(ctx);
            ctx.reporter().stepDone(step.name().word(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            ctx.reporter().stepFailed(step.name().word(), e.getMessage(), Duration.ofNanos(System.nanoTime() - t0));
            throw new StepError(step.name(), e);
        }
    }

    /** Carries which step failed through the futures. */
    private static final class StepError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final StepName step;

        StepError(StepName step, RuntimeException cause) {
            super(cause);
            this.step = step;
        }
    }

    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Inventory inventory(LabContext ctx) {
        return new Inventory(ctx.aws(), ctx.lab().name(), ctx.reporter());
    }

    /**
     * This run's resources and nothing else: what it recorded creating, plus what carries its run tag (a create whose
     * answer was lost or interrupted; tags go on with the create). What the scan shows with another run's tag stays,
     * even if this run recorded it: an idempotent create (CreateCluster, CreateLoadBalancer) hands back what another
     * run of the lab, on another machine, made a moment before.
     */
    private List<Leftover> rollback(LabContext ctx) {
        ctx.aws().deadline().lift(); // a run that used up --timeout must still be able to remove what it created
        Map<String, Inventory.Found> targets = new LinkedHashMap<>();
        for (ResourceRef r : ctx.createdThisRun()) {
            targets.put(r.id(), new Inventory.Found(r.kind(), r.name(), r.id(), null, r.createdAt(), ctx.runId()));
        }
        List<Inventory.Found> others = new ArrayList<>();
        try {
            // Asked to stop already (two Ctrl-C together): no scan, everything is reported as left.
            List<Inventory.Found> now = ctx.rollbackAbandoned().getAsBoolean() ? List.of()
                    : inventory(ctx).discover();
            for (Inventory.Found f : now) {
                if (ctx.runId().equals(f.runId())) {
                    targets.putIfAbsent(f.id(), f);
                } else {
                    others.add(f);
                    if (targets.remove(f.id()) != null) {
                        ctx.reporter().warning("rollback", "keeping " + f.kind().label() + " " + f.name()
                                + ": another run created it (" + Tags.RUN + "=" + f.runId() + ")");
                    }
                }
            }
        } catch (RuntimeException e) {
            // The scan is a safety net for lost answers; without it, whatever failed it, still remove what this run
            // knows it created.
            ctx.reporter().warning("rollback", "could not list the lab's resources (" + (e instanceof AwsCallException
                    ? e.getMessage() : e.toString()) + "); removing what this run recorded");
        }
        // What the rest of the lab (another run's service, instance ...) still uses stays, reported as left.
        List<Leftover> kept = new ArrayList<>();
        InUse.keep(new ArrayList<>(targets.values()), others).forEach((target, user) -> {
            targets.remove(target.id());
            kept.add(new Leftover(target.kind().label(), target.name(), target.id(), "kept: the lab's "
                    + user.kind().label() + " " + user.name() + " uses it"));
        });
        if (targets.isEmpty()) {
            return kept;
        }
        ctx.reporter().warning("rollback", "deleting what this run created: " + targets.values().stream()
                .map(f -> f.kind().label() + " " + f.name()).collect(Collectors.joining(", ")));
        // Runs on the command's own thread: a second Ctrl-C interrupts it, and the teardown stops and reports.
        List<Leftover> left = new ArrayList<>(new Teardown(ctx.aws(), ctx.lab().name(), ctx.reporter(), ctx.state(),
                "rollback", ctx::teardownBudget, ctx.rollbackAbandoned()).delete(new ArrayList<>(targets.values())));
        left.addAll(kept);
        return left;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static RuntimeException failure(LabContext ctx, Verb command, Throwable cause, List<Leftover> left) {
        String step = cause instanceof StepError se ? se.step.word() : command.word();
        Throwable root = cause instanceof StepError ? cause.getCause() : cause;
        String what = summary(ctx, left);
        if (root instanceof RunTimedOutException late) { // an EcslabException too, but one that names no step
            boolean leftSome = left != null && !left.isEmpty();
            return new StepFailedException(step + ": " + late.getMessage() + "; " + what,
                    leftSome ? hint(ctx, left) : late.hint(), late, listed(ctx, left));
        }
        if (root instanceof EcslabException ee) {
            // keep its exit code (usage 2, preflight 3 ...): after the rollback, nothing is left of this run
            boolean leftSome = left != null && !left.isEmpty();
            return new WrappedFailure(ee, ee.getMessage() + "; " + what, leftSome ? hint(ctx, left) : ee.hint(),
                    listed(ctx, left));
        }
        if (root instanceof AwsCallException ace && ace.isAccessDenied()) {
            String grant = AwsCallException.ACCESS_DENIED_HINT;
            if (ctx.createdThisRun().isEmpty()) {
                return new PreflightException(step + ": " + root.getMessage() + "; " + what, grant, root);
            }
            // Something was made before the refusal: a failed step (exit 1), not "nothing was created" (exit 3).
            boolean leftSome = left != null && !left.isEmpty();
            return new StepFailedException(step + ": " + root.getMessage() + "; " + what,
                    leftSome ? grant + "; then " + hint(ctx, left) : grant, root, listed(ctx, left));
        }
        String message;
        if (root instanceof AwsCallException || root instanceof WaitFailedException) {
            message = step + ": " + root.getMessage();
        } else {
            message = step + ": internal error: " + root;
        }
        return new StepFailedException(message + "; " + what, left == null
                ? "inspect the lab, then run `" + ctx.lab().command(Verb.CLEANUP) + "`" : hint(ctx, left), root,
                listed(ctx, left));
    }

    private static String summary(LabContext ctx, List<Leftover> left) {
        if (left == null) {
            return "kept what was created (--keep-on-failure)";
        }
        if (ctx.createdThisRun().isEmpty()) {
            return "this run had created nothing";
        }
        // the exception carries the list itself: the error output names each under the message, -o json in
        // error.leftovers, from this one list
        return left.isEmpty() ? "rolled back what this run created" : "rollback left " + left.size() + " resource(s)";
    }

    /** The leftovers an exception carries: the rollback's, or without one (--keep-on-failure) all this run made. */
    private static List<Leftover> listed(LabContext ctx, List<Leftover> left) {
        return left != null ? left : ctx.createdThisRun().stream().map(r -> new Leftover(r.kind().label(), r.name(),
                r.id(), "kept: --keep-on-failure")).toList();
    }

    private static String hint(LabContext ctx, List<Leftover> left) {
        if (left == null || left.isEmpty()) {
            return "fix the cause, then run the command again";
        }
        return left.stream().allMatch(l -> l.reason().startsWith("kept:"))
                ? "what is left is in use by the rest of the lab (another run's work); `"
                + ctx.lab().command(Verb.STATUS) + "` shows it, `" + ctx.lab().command(Verb.UP) + "` completes it"
                : "run `" + ctx.lab().command(Verb.CLEANUP) + "` to remove what is left";
    }

    /** An EcslabException re-raised with the rollback outcome in its message, keeping its exit code. */
    static final class WrappedFailure extends EcslabException {
        private static final long serialVersionUID = 1L;

        private final EcslabException original;

        WrappedFailure(EcslabException original, String message, String hint, List<Leftover> leftovers) {
            super(message, hint, original, leftovers);
            this.original = original;
        }

        @Override
        public dev.ecslab.error.ExitCode exitCode() {
            return original.exitCode();
        }
    }
}
