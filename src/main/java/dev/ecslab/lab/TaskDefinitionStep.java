package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.ContainerSpec;
import dev.ecslab.aws.EcsGateway.TaskDefinitionInfo;
import dev.ecslab.aws.EcsGateway.TaskDefinitionSpec;
import dev.ecslab.aws.LogsGateway;
import dev.ecslab.aws.Tags;
import dev.ecslab.report.StepName;
import dev.ecslab.state.ResourceRef.Kind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Step 2: the log group (1-day retention; created here because the instance role may not create groups) and the
 * task definition — built-in nginx from ECR Public in bridge mode with a dynamic host port, or --file
 * (docs/aws.md §4). A new revision is registered only when its register input differs from the latest
 * revision in any field ({@link TaskDefinitionDiff}). Within up, a revision a --file registered is kept when the
 * run names no task definition ({@link Surroundings#keptRevision}).
 */
public final class TaskDefinitionStep implements Step {
    private final boolean keepsFileRevision;

    /** For taskdef: registers what it is given, the built-in nginx without --file. */
    public TaskDefinitionStep() {
        this(false);
    }

    /** @param keepsFileRevision true within up: a revision a --file registered stays unless the run names another */
    public TaskDefinitionStep(boolean keepsFileRevision) {
        this.keepsFileRevision = keepsFileRevision;
    }

    @Override
    public StepName name() {
        return StepName.TASKDEF;
    }

    @Override
    public String description() {
        return "log group and task definition";
    }

    @Override
    public List<Need> needs() {
        return List.of();
    }

    @Override
    public void preflight(LabContext ctx) {
        Surroundings.of(ctx).taskDefinitionSpec(); // a bad --file is refused before anything is created
    }

    @Override
    public void plan(LabContext ctx) {
        announceFile(ctx);
        TaskDefinitionSpec spec = Surroundings.of(ctx).taskDefinitionSpec();
        boolean logExists = ctx.aws().logs().findLogGroup(ctx.names().logGroup()).isPresent();
        ctx.reporter().planned(name().word(), logExists ? "adopt" : "create", Kind.LOG_GROUP, ctx.names().logGroup(),
                "retention " + LabDesign.LOG_RETENTION_DAYS + " day");
        Optional<Surroundings.Kept> kept = kept(ctx);
        if (kept.isPresent()) {
            ctx.reporter().planned(name().word(), "keep", Kind.TASK_DEFINITION,
                    Revisions.shortName(kept.get().revision().arn()), keptWhy(kept.get()));
            return;
        }
        ContainerSpec web = spec.containers().get(0);
        Optional<TaskDefinitionInfo> latest = ctx.aws().ecs().findLatestTaskDefinition(spec.family());
        if (Surroundings.sameAsLatest(spec, latest)) {
            ctx.reporter().planned(name().word(), "keep", Kind.TASK_DEFINITION, Revisions.shortName(latest.get().arn()),
                    "no change: the latest revision is the same");
            return;
        }
        ctx.reporter().planned(name().word(), "register", Kind.TASK_DEFINITION, spec.family(),
                spec.networkMode() + ", " + web.image() + ", cpu " + web.cpu() + ", memory " + web.memory()
                        + latest.map(l -> ", replacing " + Revisions.shortName(l.arn()) + " (changed: "
                        + String.join(", ", TaskDefinitionDiff.changes(spec, l)) + ")").orElse(""));
    }

    @Override
    public void apply(LabContext ctx) {
        ensureLogGroup(ctx);
        announceFile(ctx);
        TaskDefinitionSpec spec = Surroundings.of(ctx).taskDefinitionSpec();
        Optional<Surroundings.Kept> kept = kept(ctx);
        if (kept.isPresent()) {
            String arn = kept.get().revision().arn();
            Ownership.requireOurs(ctx, "task definition", arn, ctx.aws().ecs().tagsOf(arn));
            ctx.reporter().info(name().word(), "kept task definition " + Revisions.shortName(arn) + " ("
                    + keptWhy(kept.get()) + ")");
            ctx.adopted(name().word(), Kind.TASK_DEFINITION, spec.family(), arn);
            return;
        }
        Optional<TaskDefinitionInfo> latest = ctx.aws().ecs().findLatestTaskDefinition(spec.family());
        if (Surroundings.sameAsLatest(spec, latest)) {
            Ownership.requireOurs(ctx, "task definition", latest.get().arn(),
                    ctx.aws().ecs().tagsOf(latest.get().arn()));
            ctx.adopted(name().word(), Kind.TASK_DEFINITION, spec.family(), latest.get().arn());
            return;
        }
        TaskDefinitionInfo registered = ctx.aws().ecs().registerTaskDefinition(spec);
        keepOneRevision(ctx, spec, registered, latest.map(TaskDefinitionInfo::arn).orElse(null));
    }

    private Optional<Surroundings.Kept> kept(LabContext ctx) {
        return keepsFileRevision ? Surroundings.of(ctx).keptRevision() : Optional.empty();
    }

    /** Why a revision was kept, and the two ways to change it. */
    private static String keptWhy(Surroundings.Kept kept) {
        return "registered with --file " + kept.file() + "; `up --file FILE` or `up --builtin-task-definition` "
                + "changes it";
    }

    /**
     * Identical revisions newer than the latest one seen before registering are twins: this run's own (a retried
     * register whose first answer was lost) or another run's of the lab, registered at the same moment on another
     * machine. The lowest revision wins, so both runs decide alike; this run deregisters only its own losers.
     */
    private void keepOneRevision(LabContext ctx, TaskDefinitionSpec spec, TaskDefinitionInfo registered,
                                 String before) {
        EcsGateway ecs = ctx.aws().ecs();
        ctx.created(name().word(), Kind.TASK_DEFINITION, spec.family(), registered.arn());
        Map<String, Integer> twins = new TreeMap<>(); // arn -> revision
        twins.put(registered.arn(), registered.revision());
        for (String arn : ecs.listTaskDefinitionArns(spec.family(), "ACTIVE")) {
            if (!arn.equals(registered.arn()) && !arn.equals(before)) {
                ecs.describeTaskDefinition(arn).filter(td -> TaskDefinitionDiff.same(spec, td))
                        .ifPresent(td -> twins.put(arn, td.revision()));
            }
        }
        String keep = twins.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        for (String arn : twins.keySet()) {
            if (!arn.equals(keep) && (arn.equals(registered.arn()) || ours(ctx, arn))) {
                ecs.deregisterTaskDefinition(arn);
            }
        }
        if (keep.equals(registered.arn())) {
            return;
        }
        if (ours(ctx, keep)) {
            ctx.created(name().word(), Kind.TASK_DEFINITION, spec.family(), keep);
        } else {
            ctx.reporter().info(name().word(), "another run of this lab registered the same definition a moment "
                    + "before (" + keep + "); using it");
            ctx.adopted(name().word(), Kind.TASK_DEFINITION, spec.family(), keep);
        }
    }

    private static boolean ours(LabContext ctx, String arn) {
        return ctx.runId().equals(Tags.run(ctx.aws().ecs().tagsOf(arn)));
    }

    private void ensureLogGroup(LabContext ctx) {
        String name = ctx.names().logGroup();
        Optional<LogsGateway.LogGroupInfo> existing = ctx.aws().logs().findLogGroup(name);
        if (existing.isPresent()) {
            Ownership.requireOurs(ctx, "log group", name, existing.get().tags());
            ctx.adopted(name().word(), Kind.LOG_GROUP, name, existing.get().arn());
            return;
        }
        LogsGateway.LogGroupInfo created = LostAnswers.createOrFind(() -> ctx.aws().logs().createLogGroup(name,
                LabDesign.LOG_RETENTION_DAYS, ctx.tags(name)), () -> ctx.aws().logs().findLogGroup(name),
                "ResourceAlreadyExistsException");
        Ownership.requireOurs(ctx, "log group", name, created.tags());
        ctx.created(name().word(), Kind.LOG_GROUP, name, created.arn());
    }

    /** Tells what was made of a --file (once a run: plan or apply): how it was read, what it loses, the family. */
    private void announceFile(LabContext ctx) {
        if (ctx.lab().what().taskDefinitionFile() == null) {
            return;
        }
        TaskDefinitionFile.Parsed file = Surroundings.of(ctx).taskDefinitionFile();
        Path given = ctx.lab().what().taskDefinitionFile();
        file.notes().forEach(note -> ctx.reporter().info(name().word(), given + ": " + note));
        file.warnings().forEach(w -> ctx.reporter().warning(name().word(), given + ": " + w));
        ctx.reporter().info(name().word(), "the family is always " + ctx.names().taskFamily()
                + " (so cleanup finds every revision)");
    }
}
