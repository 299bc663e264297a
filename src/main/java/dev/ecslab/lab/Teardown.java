package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Durations;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Poller;
import dev.ecslab.aws.WaitFailedException;
import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.report.Reporter;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.state.StateFile;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Deletes lab resources as a dependency graph (docs/aws.md §9), not a list: the service, the load balancer (its
 * listener goes with it) and the instance go at once, and each of the rest the moment what holds it is gone — on
 * AWS the ALB's network interfaces hold its security group for minutes, the instance's termination holds the
 * cluster, so the longest chain, not the sum, is what a cleanup takes. "Not found" counts as done; what cannot be
 * removed is returned with the reason, and the rest is still attempted. Used by cleanup (everything found by tag)
 * and by rollback (what a run created).
 */
public final class Teardown {
    /** What must be gone before each kind can go; kinds not listed go with another (listener with its ALB ...). */
    static final Map<Kind, List<Kind>> AFTER = afterMap();
    /** A deterministic order for reports: each kind after everything it waits for. */
    static final List<Kind> ORDER = List.of(Kind.SERVICE, Kind.LOAD_BALANCER, Kind.TARGET_GROUP, Kind.INSTANCE,
            Kind.CLUSTER, Kind.INSTANCE_SECURITY_GROUP, Kind.ALB_SECURITY_GROUP, Kind.TASK_DEFINITION, Kind.LOG_GROUP,
            Kind.INSTANCE_PROFILE, Kind.INSTANCE_ROLE);

    private static Map<Kind, List<Kind>> afterMap() {
        Map<Kind, List<Kind>> m = new EnumMap<>(Kind.class);
        m.put(Kind.SERVICE, List.of());
        m.put(Kind.LOAD_BALANCER, List.of());
        // Terminating under a draining service is what ECS does on scale-in anyway: its tasks stop with the agent.
        m.put(Kind.INSTANCE, List.of());
        m.put(Kind.TARGET_GROUP, List.of(Kind.SERVICE, Kind.LOAD_BALANCER)); // a listener or a service uses it
        m.put(Kind.CLUSTER, List.of(Kind.SERVICE, Kind.INSTANCE)); // ClusterContains{Services,ContainerInstances}
        m.put(Kind.INSTANCE_SECURITY_GROUP, List.of(Kind.INSTANCE));
        // The ALB's network interfaces, and the instance group's rule that names it, hold the ALB's group.
        m.put(Kind.ALB_SECURITY_GROUP, List.of(Kind.LOAD_BALANCER, Kind.INSTANCE_SECURITY_GROUP));
        m.put(Kind.TASK_DEFINITION, List.of(Kind.SERVICE)); // its tasks keep running on it until they stop
        m.put(Kind.LOG_GROUP, List.of(Kind.SERVICE)); // its tasks write to it until they stop
        m.put(Kind.INSTANCE_PROFILE, List.of(Kind.INSTANCE));
        m.put(Kind.INSTANCE_ROLE, List.of(Kind.INSTANCE_PROFILE)); // DeleteRole: DeleteConflict while in a profile
        return Collections.unmodifiableMap(m);
    }

    private static final Set<String> STILL_IN_USE = Set.of("DependencyViolation", "ResourceInUse",
            "ClusterContainsServicesException", "ClusterContainsContainerInstancesException",
            "ClusterContainsTasksException", "UpdateInProgressException");

    private final Gateways aws;
    private final Names names;
    private final Reporter reporter;
    private final StateFile state;
    private final String step;
    private final Budgets.Maker budgets;
    private final BooleanSupplier stop;
    /** Set when the thread that waits for the deletes is interrupted; the deletes run on threads of their own. */
    private volatile boolean interrupted;
    private volatile boolean accessDenied;
    /** When this teardown saw the load balancer deleted: its network interfaces linger from then. */
    private volatile Instant loadBalancerGone;

    /**
     * @param budgets makes a named budget from a name, an AWS limit and the phase's typical time on AWS (or null);
     *                see {@link LabContext#teardownBudget} (not
     *                capped by --timeout: a rollback after a timeout still needs its waits)
     */
    public Teardown(Gateways aws, String lab, Reporter reporter, StateFile state, String step,
                    Budgets.Maker budgets) {
        this(aws, lab, reporter, state, step, budgets, () -> false);
    }

    /**
     * @param stop true once the user asked to stop (Ctrl-C): what is not deleted yet is left and reported. Asked
     *             besides the thread's interrupt flag, which an AWS call cut short by the interrupt may clear.
     */
    public Teardown(Gateways aws, String lab, Reporter reporter, StateFile state, String step,
                    Budgets.Maker budgets, BooleanSupplier stop) {
        this.stop = stop;
        this.aws = aws;
        this.names = new Names(lab);
        this.reporter = reporter;
        this.state = state;
        this.step = step;
        this.budgets = budgets;
    }

    /** True once a delete was refused for want of a permission: running again will not help until it is granted. */
    public boolean accessDenied() {
        return accessDenied;
    }

    /** Deletes all of {@code targets}, each once what it waits for is gone; returns what is left, with reasons. */
    public List<Leftover> delete(List<Inventory.Found> targets) {
        // The last guard: whatever way a target came here, one not named like the lab's is not deleted.
        List<Leftover> misnamed = new ArrayList<>();
        List<Inventory.Found> ordered = new ArrayList<>();
        for (Inventory.Found f : targets) {
            if (!AFTER.containsKey(f.kind())) {
                continue;
            }
            if (LabNames.namedLike(names, f.kind(), f.name())) {
                ordered.add(f);
            } else {
                reporter.warning(step, "not deleting " + f.kind().label() + " " + f.name() + " " + f.id() + ": "
                        + LabNames.NOT_NAMED_LIKE_IT);
                misnamed.add(new Leftover(f.kind().label(), f.name(), f.id(), "not deleted: "
                        + LabNames.NOT_NAMED_LIKE_IT));
            }
        }
        ordered.sort(Comparator.comparingInt(f -> ORDER.indexOf(f.kind())));
        ExecutorService pool = Daemons.pool("ecslab-teardown", ordered.size());
        Map<Kind, List<CompletableFuture<Optional<Leftover>>>> byKind = new EnumMap<>(Kind.class);
        List<CompletableFuture<Optional<Leftover>>> all = new ArrayList<>();
        for (Inventory.Found f : ordered) { // ORDER puts every kind after what it waits for
            CompletableFuture<?>[] holders = AFTER.get(f.kind()).stream()
                    .flatMap(k -> byKind.getOrDefault(k, List.of()).stream()).toArray(CompletableFuture[]::new);
            CompletableFuture<Optional<Leftover>> done = CompletableFuture.allOf(holders)
                    .thenApplyAsync(ignored -> deleteReporting(f), pool);
            byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(done);
            all.add(done);
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            // Ctrl-C: the deletes under way stop, the rest are not attempted. The flag stays cleared: the caller
            // still lists what is left, and knows of the interrupt from its own run control.
            interrupted = true;
            pool.shutdownNow();
            awaitQuietly(pool);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Leftover> left = new ArrayList<>(misnamed);
        for (int i = 0; i < ordered.size(); i++) {
            Inventory.Found f = ordered.get(i);
            CompletableFuture<Optional<Leftover>> done = all.get(i);
            if (done.isDone() && !done.isCompletedExceptionally()) {
                done.join().ifPresent(left::add);
            } else {
                left.add(new Leftover(f.kind().label(), f.name(), f.id(), "not attempted: interrupted"));
            }
        }
        return left;
    }

    /** Deletes one resource and reports it; what could not be deleted comes back as a leftover. */
    private Optional<Leftover> deleteReporting(Inventory.Found f) {
        if (stopped()) {
            return Optional.of(new Leftover(f.kind().label(), f.name(), f.id(), "not attempted: interrupted"));
        }
        try {
            deleteOne(f);
        } catch (RuntimeException e) {
            // An AWS call cut short by Ctrl-C fails in the SDK's own ways; any of them means "interrupted". Any other
            // failure, even one ecslab did not foresee, is this resource's alone: it is left, with its reason, and
            // the rest is still deleted and reported (rethrown, it would end the whole teardown unreported).
            boolean wasStopped = stopped();
            if (e instanceof AwsCallException ace && ace.isAccessDenied()) {
                accessDenied = true;
            }
            String reason = wasStopped ? "interrupted" : reason(e);
            reporter.warning(step, "could not delete " + f.kind().label() + " " + f.name() + ": " + reason);
            return Optional.of(new Leftover(f.kind().label(), f.name(), f.id(), reason));
        }
        reporter.deleted(step, f.kind(), f.name(), f.id());
        try {
            state.remove(f.kind());
        } catch (UncheckedIOException e) { // it is gone all the same; the state file is only a cache of ids
            reporter.warning(step, e.getMessage() + ": " + e.getCause().getMessage());
        }
        return Optional.empty();
    }

    /** AWS's refusal or the wait that ran out, in its own words; anything else named as what it is. */
    private static String reason(RuntimeException e) {
        return e instanceof AwsCallException || e instanceof WaitFailedException ? e.getMessage()
                : "internal error: " + e;
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopped() {
        return interrupted || Thread.currentThread().isInterrupted() || stop.getAsBoolean();
    }

    private void deleteOne(Inventory.Found f) {
        Heartbeat heartbeat = new Heartbeat(reporter, step);
        switch (f.kind()) {
            case SERVICE -> {
                aws.ecs().deleteService(names.cluster(), f.name());
                aws.ecs().waitUntilServiceInactive(names.cluster(), f.name(), budgets.make("service inactive",
                        Budgets.SERVICE_INACTIVE, AwsTimes.TARGET_DRAINING.plus(AwsTimes.TASK_STOP)), heartbeat);
            }
            case LOAD_BALANCER -> {
                aws.elb().deleteLoadBalancer(f.id());
                aws.elb().waitUntilDeleted(f.id(), budgets.make("load balancer deleted", Budgets.ALB_DELETED,
                        null), heartbeat);
                loadBalancerGone = Instant.now();
            }
            case TARGET_GROUP -> retryWhileInUse("the load balancer to let go of the target group",
                    Budgets.TARGET_GROUP_FREE, null, "still in use (usually a few seconds)",
                    () -> aws.elb().deleteTargetGroup(f.id()));
            case INSTANCE -> {
                aws.ec2().terminateInstance(f.id(), budgets.make("instance visible to EC2", Budgets.EC2_VISIBLE, null)
                        .withBackoffFrom(Duration.ofMillis(250)), heartbeat);
                aws.ec2().waitUntilTerminated(f.id(), budgets.make("instance terminated", Budgets.INSTANCE_TERMINATED,
                        AwsTimes.INSTANCE_SHUTTING_DOWN), heartbeat);
            }
            case CLUSTER -> retryWhileInUse("the container instance to leave the cluster", Budgets.CLUSTER_EMPTY, null,
                    "still registered (usually a minute after its instance is gone)", () -> deleteCluster(f));
            case ALB_SECURITY_GROUP -> retryWhileInUse(albGroupFree(), "they still hold its security group (AWS frees "
                    + "them ~" + Durations.format(AwsTimes.ALB_ENI_LINGER) + " after the load balancer is gone)",
                    () -> aws.ec2().deleteSecurityGroup(f.id()));
            case INSTANCE_SECURITY_GROUP -> retryWhileInUse("the instance's network interface to go",
                    Budgets.SG_DEPENDENCY, null, "it still holds the security group (usually seconds after the "
                            + "instance is terminated)", () -> aws.ec2().deleteSecurityGroup(f.id()));
            case TASK_DEFINITION -> {
                if ("ACTIVE".equals(f.state()) || f.state() == null) {
                    aws.ecs().deregisterTaskDefinition(f.id());
                }
                aws.ecs().deleteTaskDefinitions(List.of(f.id()));
            }
            case LOG_GROUP -> aws.logs().deleteLogGroup(f.name());
            case INSTANCE_PROFILE -> aws.iam().deleteInstanceProfile(f.name());
            case INSTANCE_ROLE -> aws.iam().deleteRole(f.name());
            default -> throw new IllegalArgumentException("no delete for " + f.kind());
        }
    }

    /**
     * A container instance whose terminated instance ECS did not deregister holds the cluster for ever: deregistered
     * here, and the delete tried again at once; anything else that holds it is waited for.
     */
    private void deleteCluster(Inventory.Found f) {
        try {
            aws.ecs().deleteCluster(f.name());
        } catch (AwsCallException e) {
            if (!"ClusterContainsContainerInstancesException".equals(e.errorCode())
                    || !LeftContainerInstances.deregister(aws, f.name(), reporter, step)) {
                throw e;
            }
            aws.ecs().deleteCluster(f.name());
        }
    }

    /**
     * The ALB's network interfaces hold its group for a while after the ALB is gone — counted from then, not from
     * when this wait starts (the instance's group may have held it up meanwhile).
     */
    private static final String ALB_INTERFACES = "the load balancer's network interfaces to go";

    private Budget albGroupFree() {
        Instant gone = loadBalancerGone;
        if (gone == null) { // not deleted by this teardown: when its interfaces go is anyone's guess
            return budgets.make(ALB_INTERFACES, Budgets.SG_DEPENDENCY, null);
        }
        Budget b = budgets.make(ALB_INTERFACES, Budgets.SG_DEPENDENCY, AwsTimes.ALB_ENI_LINGER);
        if (b.due() == null) {
            return b;
        }
        Duration left = b.due().minus(Duration.between(gone, Instant.now()));
        return b.expecting(left.isNegative() ? Duration.ZERO : left);
    }

    /**
     * Some deletes fail for a while after their dependents are gone: ALB network interfaces hold its security group
     * for minutes, container instances leave the cluster after their instance terminates (docs/aws.md §9).
     */
    private void retryWhileInUse(String budgetName, Duration limit, Duration typical, String inUse,
                                 Runnable delete) {
        retryWhileInUse(budgets.make(budgetName, limit, typical), inUse, delete);
    }

    /**
     * @param inUse what the wait says while AWS refuses the delete as "in use": a normal phase of a teardown, in
     *              people's words and with its usual length, not AWS's error (which says only "dependent object")
     */
    private void retryWhileInUse(Budget budget, String inUse, Runnable delete) {
        new Poller().retry(budget, new Heartbeat(reporter, step), () -> {
            delete.run();
            return true;
        }, e -> e.errorCode() != null && STILL_IN_USE.contains(e.errorCode()) ? inUse : null);
    }
}
