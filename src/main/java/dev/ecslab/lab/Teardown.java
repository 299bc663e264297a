package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Poller;
import dev.ecslab.aws.WaitFailedException;
import dev.ecslab.error.CleanupIncompleteException.Leftover;
import dev.ecslab.report.Reporter;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.state.StateFile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Deletes lab resources in dependency order (aws-reference.md §9): service → load balancer (and its listener) →
 * target group → instance → cluster → instance security group → ALB security group → task definitions → log group
 * → instance profile → role. "Not found" counts as done; what cannot be removed is returned with the reason, and
 * the rest is still attempted. Used by cleanup (everything found by tag) and by rollback (what a run created).
 */
public final class Teardown {
    /** The order of deletion; kinds not listed go with another (listener with its ALB, container instance with EC2). */
    static final List<Kind> ORDER = List.of(Kind.SERVICE, Kind.LOAD_BALANCER, Kind.TARGET_GROUP, Kind.INSTANCE,
            Kind.CLUSTER, Kind.INSTANCE_SECURITY_GROUP, Kind.ALB_SECURITY_GROUP, Kind.TASK_DEFINITION, Kind.LOG_GROUP,
            Kind.INSTANCE_PROFILE, Kind.INSTANCE_ROLE);
    private static final Set<String> STILL_IN_USE = Set.of("DependencyViolation", "ResourceInUse",
            "ClusterContainsServicesException", "ClusterContainsContainerInstancesException",
            "ClusterContainsTasksException", "UpdateInProgressException");

    private final Gateways aws;
    private final Names names;
    private final Reporter reporter;
    private final StateFile state;
    private final String step;
    private final BiFunction<String, Duration, Budget> budgets;
    private final BooleanSupplier stop;

    /**
     * @param budgets makes a named budget from a name + AWS limit; see {@link LabContext#teardownBudget} (not
     *                capped by --timeout: a rollback after a timeout still needs its waits)
     */
    public Teardown(Gateways aws, String lab, Reporter reporter, StateFile state, String step,
                    BiFunction<String, Duration, Budget> budgets) {
        this(aws, lab, reporter, state, step, budgets, () -> false);
    }

    /**
     * @param stop true once the user asked to stop (Ctrl-C): what is not deleted yet is left and reported. Asked
     *             besides the thread's interrupt flag, which an AWS call cut short by the interrupt may clear.
     */
    public Teardown(Gateways aws, String lab, Reporter reporter, StateFile state, String step,
                    BiFunction<String, Duration, Budget> budgets, BooleanSupplier stop) {
        this.stop = stop;
        this.aws = aws;
        this.names = new Names(lab);
        this.reporter = reporter;
        this.state = state;
        this.step = step;
        this.budgets = budgets;
    }

    /** Deletes all of {@code targets} in dependency order; returns what is left, with reasons. */
    public List<Leftover> delete(List<Inventory.Found> targets) {
        List<Inventory.Found> ordered = targets.stream().filter(f -> ORDER.contains(f.kind()))
                .sorted(Comparator.comparingInt(f -> ORDER.indexOf(f.kind()))).collect(Collectors.toList());
        List<Leftover> left = new ArrayList<>();
        for (Inventory.Found f : ordered) {
            if (stopped()) {
                left.add(new Leftover(f.kind().label(), f.name(), f.id(), "not attempted: interrupted"));
                continue;
            }
            try {
                deleteOne(f);
                reporter.deleted(step, f.kind(), f.name(), f.id());
                state.remove(f.kind());
            } catch (RuntimeException e) {
                // An AWS call cut short by Ctrl-C fails in the SDK's own ways; any of them means "interrupted".
                boolean interrupted = stopped();
                if (!interrupted && !(e instanceof AwsCallException) && !(e instanceof WaitFailedException)) {
                    throw e;
                }
                left.add(new Leftover(f.kind().label(), f.name(), f.id(), interrupted ? "interrupted" : e.getMessage()));
                reporter.warning(step, "could not delete " + f.kind().label() + " " + f.name() + ": " + e.getMessage());
            }
        }
        return left;
    }

    private boolean stopped() {
        return Thread.currentThread().isInterrupted() || stop.getAsBoolean();
    }

    private void deleteOne(Inventory.Found f) {
        Heartbeat heartbeat = new Heartbeat(reporter, step);
        switch (f.kind()) {
            case SERVICE -> {
                aws.ecs().deleteService(names.cluster(), f.name());
                aws.ecs().waitUntilServiceInactive(names.cluster(), f.name(),
                        budgets.apply("service inactive", Budgets.SERVICE_INACTIVE), heartbeat);
            }
            case LOAD_BALANCER -> {
                aws.elb().deleteLoadBalancer(f.id());
                aws.elb().waitUntilDeleted(f.id(), budgets.apply("load balancer deleted", Budgets.ALB_DELETED),
                        heartbeat);
            }
            case TARGET_GROUP -> retryWhileInUse("target group free", Budgets.TARGET_GROUP_FREE,
                    () -> aws.elb().deleteTargetGroup(f.id()));
            case INSTANCE -> {
                aws.ec2().terminateInstance(f.id(), budgets.apply("instance visible to EC2", Budgets.EC2_VISIBLE)
                        .withBackoffFrom(Duration.ofMillis(250)), heartbeat);
                aws.ec2().waitUntilTerminated(f.id(),
                        budgets.apply("instance terminated", Budgets.INSTANCE_TERMINATED), heartbeat);
            }
            case CLUSTER -> retryWhileInUse("cluster empty", Budgets.CLUSTER_EMPTY,
                    () -> aws.ecs().deleteCluster(f.name()));
            case INSTANCE_SECURITY_GROUP, ALB_SECURITY_GROUP -> retryWhileInUse("security group free",
                    Budgets.SG_DEPENDENCY, () -> aws.ec2().deleteSecurityGroup(f.id()));
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
     * Some deletes fail for a while after their dependents are gone: ALB network interfaces hold its security group
     * for minutes, container instances leave the cluster after their instance terminates (aws-reference.md §9).
     */
    private void retryWhileInUse(String budgetName, Duration limit, Runnable delete) {
        new Poller().retry(budgets.apply(budgetName, limit), new Heartbeat(reporter, step), () -> {
            delete.run();
            return true;
        }, e -> e.errorCode() != null && STILL_IN_USE.contains(e.errorCode())
                ? e.errorCode() + ": " + e.awsMessage() : null);
    }
}
