package dev.ecslab.lab;

import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.aws.Tags;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.StepName;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.state.StateFile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Everything the steps of one command run share: settings, gateways, reporter, state, this run's id, the caller,
 * what they read around the lab (made once a run: {@link #once}), and the resources this run created (what a
 * rollback removes).
 */
public final class LabContext {
    private final Lab lab;
    private final Names names;
    private final Gateways aws;
    private final Reporter reporter;
    private final StateFile state;
    private final StsGateway.CallerIdentity caller;
    private final String runId;
    private final Instant deadline;
    private final List<ResourceRef> createdThisRun = new ArrayList<>();
    private final Map<ResourceRef.Kind, String> idsThisRun = new ConcurrentHashMap<>();
    /** What is made once a run and shared, by its class. */
    private final Map<Class<?>, Object> once = new ConcurrentHashMap<>();
    private final BooleanSupplier rollbackAbandoned;
    /** Points inside steps ("elb:listener") that other steps start from; see {@link Step#needs}. */
    private final Map<Need, CompletableFuture<Void>> points = new ConcurrentHashMap<>();

    public LabContext(Lab lab, Gateways aws, Reporter reporter, StateFile state, StsGateway.CallerIdentity caller) {
        this(lab, aws, reporter, state, caller, () -> false);
    }

    /** @param rollbackAbandoned true once the user asked to stop the rollback too (a second Ctrl-C) */
    public LabContext(Lab lab, Gateways aws, Reporter reporter, StateFile state, StsGateway.CallerIdentity caller,
                      BooleanSupplier rollbackAbandoned) {
        this.rollbackAbandoned = rollbackAbandoned;
        this.lab = lab;
        this.names = new Names(lab.name());
        this.aws = aws;
        this.reporter = reporter;
        this.state = state;
        this.caller = caller;
        this.runId = UUID.randomUUID().toString().substring(0, 8);
        this.deadline = Instant.now().plus(lab.how().timeout());
    }

    /** The {@code point} inside a step, reached or not. */
    public CompletableFuture<Void> point(Need point) {
        return points.computeIfAbsent(point, k -> new CompletableFuture<>());
    }

    /** A step got to {@code point}: the steps that need it may start while this one goes on. */
    public void reached(Need point) {
        point(point).complete(null);
    }

    /** A step ended: each of its points is passed, or, if it failed (or never ran), never will be. */
    public void ended(StepName step, Throwable failure) {
        points.forEach((point, f) -> {
            if (point.step() == step) {
                if (failure == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure);
                }
            }
        });
    }

    public Lab lab() {
        return lab;
    }

    public Names names() {
        return names;
    }

    public Gateways aws() {
        return aws;
    }

    public Reporter reporter() {
        return reporter;
    }

    public StateFile state() {
        return state;
    }

    public StsGateway.CallerIdentity caller() {
        return caller;
    }

    public String runId() {
        return runId;
    }

    public boolean dryRun() {
        return lab.how().dryRun();
    }

    /** Tags for a new resource called name. */
    public Map<String, String> tags(String name) {
        return Tags.of(lab.name(), runId, name);
    }

    /**
     * A client token that is the same for every retry of one request in this run (so a retried create never makes
     * a twin) and different between labs and runs.
     */
    public String clientToken(String what) {
        return UUID.nameUUIDFromBytes((lab.name() + "/" + runId + "/" + what).getBytes()).toString();
    }

    /** A named wait budget, capped by what is left of --timeout, looking every poll interval. */
    public Budget budget(String name, Duration limit) {
        // the gateways' deadline when the command started one: it has counted since the first AWS call
        Duration left = aws.deadline().left().orElseGet(() -> Duration.between(Instant.now(), deadline));
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        Duration capped = limit.compareTo(left) < 0 ? limit : left;
        return new Budget(name, capped, lab.how().pollInterval());
    }

    /** A named wait budget as {@link #budget(String, Duration)}, for a phase that typically takes {@code onAws}. */
    public Budget budget(String name, Duration limit, Duration onAws) {
        return budget(name, limit).expecting(lab.pace(onAws));
    }

    /**
     * A named budget for the waits of a rollback or cleanup: its AWS limit, whatever is left of --timeout. A run that
     * failed because it used up --timeout must still be able to remove what it created.
     */
    public Budget teardownBudget(String name, Duration limit, Duration onAws) {
        Budget b = new Budget(name, limit, lab.how().pollInterval());
        return onAws == null ? b : b.expecting(lab.pace(onAws));
    }

    public BooleanSupplier rollbackAbandoned() {
        return rollbackAbandoned;
    }

    /**
     * The one {@code type} of this run, made by {@code make} the first time it is asked for: what the steps read
     * around the lab and share rather than ask each other. {@code make} must not ask for another.
     */
    <T> T once(Class<T> type, Function<LabContext, T> make) {
        return type.cast(once.computeIfAbsent(type, t -> make.apply(this)));
    }

    /** Records a resource this run created (rollback removes these) and caches it in the state file. */
    public void created(String step, ResourceRef.Kind kind, String name, String id) {
        ResourceRef ref = new ResourceRef(kind, name, id, true, runId, Instant.now());
        synchronized (createdThisRun) {
            createdThisRun.add(ref);
        }
        idsThisRun.put(kind, id);
        state.put(ref);
        reporter.created(step, kind, name, id);
    }

    /**
     * Records a resource that a create call handed back, which is this run's only if its run tag says so: after
     * "already exists" the lookup finds what another run of the lab (on another machine) made a moment before.
     */
    public void createdOrAdopted(String step, ResourceRef.Kind kind, String name, String id, Map<String, String> tags) {
        String by = Tags.run(tags);
        if (by != null && !by.equals(runId)) {
            reporter.info(step, kind.label() + " " + name + " was just created by another run (" + Tags.RUN + "="
                    + by + "); using it");
            adopted(step, kind, name, id);
        } else {
            created(step, kind, name, id);
        }
    }

    /** Records an existing resource of this lab that this run adopted instead of creating a twin. */
    public void adopted(String step, ResourceRef.Kind kind, String name, String id) {
        idsThisRun.put(kind, id);
        ResourceRef known = state.get(kind).orElse(null);
        state.put(new ResourceRef(kind, name, id, true, known == null ? null : known.runId(),
                known == null ? null : known.createdAt()));
        reporter.adopted(step, kind, name, id);
    }

    /** The id of a resource of this kind that this run created or adopted. */
    public Optional<String> idOf(ResourceRef.Kind kind) {
        return Optional.ofNullable(idsThisRun.get(kind));
    }

    public List<ResourceRef> createdThisRun() {
        synchronized (createdThisRun) {
            return new ArrayList<>(createdThisRun);
        }
    }
}
