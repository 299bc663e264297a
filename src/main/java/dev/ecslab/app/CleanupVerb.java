package dev.ecslab.app;

import dev.ecslab.error.CleanupIncompleteException;
import dev.ecslab.error.CancelledException;
import dev.ecslab.error.UsageException;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Teardown;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Results.ResourceView;
import dev.ecslab.report.Verb;
import dev.ecslab.run.RunControl;
import dev.ecslab.state.LabLock;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** cleanup: delete what exists of the lab, found by its tags and names, after the user confirms. */
final class CleanupVerb {
    private final LabAccess access;
    private final Predicate<String> confirm;

    /** @param confirm asks the user a yes/no question (without --yes); returns false when nobody can answer */
    CleanupVerb(LabAccess access, Predicate<String> confirm) {
        this.access = access;
        this.confirm = confirm;
    }

    @SuppressWarnings("try") // the lock is held for the block and needs nothing else
    Results.CleanupResult run(Lab lab, Reporter reporter) {
        long t0 = System.nanoTime();
        LabContext ctx = access.context(lab, reporter);
        try (LabLock held = LabAccess.lock(ctx, Verb.CLEANUP)) {
            return cleanup(ctx, t0);
        }
    }

    private Results.CleanupResult cleanup(LabContext ctx, long t0) {
        Lab lab = ctx.lab();
        Reporter reporter = ctx.reporter();
        Inventory inventory = new Inventory(ctx.aws(), lab.name(), reporter);
        List<Inventory.Found> found = LabAccess.refusedRead(Verb.CLEANUP, lab, inventory::discover);
        if (found.isEmpty()) {
            reporter.info(Verb.CLEANUP.word(), "nothing of lab " + lab.name() + " exists in " + ctx.caller().region());
            return new Results.CleanupResult(lab.name(), lab.how().dryRun(), List.of(), notDeleted(inventory), true,
                    LabAccess.elapsed(t0));
        }
        found.forEach(f -> reporter.planned(Verb.CLEANUP.word(), "delete", f.kind(), f.name(), f.id()));
        if (lab.how().dryRun()) {
            return new Results.CleanupResult(lab.name(), true, LabView.gone(found), notDeleted(inventory), false,
                    LabAccess.elapsed(t0));
        }
        if (!lab.how().yes() && !confirmed(lab, found.size())) {
            throw new UsageException("cleanup lab " + lab.name() + ": no terminal to confirm on; nothing was "
                    + "deleted", "pass --yes to delete without asking");
        }
        RunControl control = access.control();
        control.attach();
        Teardown teardown = new Teardown(ctx.aws(), lab.name(), reporter, ctx.state(), Verb.CLEANUP.word(),
                ctx::teardownBudget, control::interrupted);
        List<CleanupIncompleteException.Leftover> failed;
        try {
            failed = teardown.delete(found);
        } finally {
            control.detach();
        }
        List<Inventory.Found> left = inventory.discover();
        if (!left.isEmpty()) {
            String again = "run `" + lab.command(Verb.CLEANUP) + "` again";
            throw new CleanupIncompleteException("cleanup lab " + lab.name() + ": " + left.size()
                    + " resource(s) could not be removed", teardown.accessDenied()
                    ? "grant the caller the action each line names (examples/ecslab-iam-policy.json has them), then "
                    + again : again + " in a few minutes; what is left is listed above",
                    left.stream().map(f -> new CleanupIncompleteException.Leftover(f.kind().label(), f.name(), f.id(),
                            failed.stream().filter(l -> l.name().equals(f.name()) && l.kind().equals(f.kind().label()))
                                    .map(CleanupIncompleteException.Leftover::reason).findFirst()
                                    .orElse("still exists after cleanup"))).collect(Collectors.toList()));
        }
        List<ResourceView> deleted = LabView.gone(found).stream().map(v -> new ResourceView(v.kind(), v.name(),
                v.id(), "deleted", v.createdAt(), v.owned())).collect(Collectors.toList());
        return new Results.CleanupResult(lab.name(), false, deleted, notDeleted(inventory), false,
                LabAccess.elapsed(t0));
    }

    /** False when nobody can answer; a "no" is the user's choice, said as such (exit 0), not an error. */
    private boolean confirmed(Lab lab, int resources) {
        try {
            return confirm.test("Delete these " + resources + " resources of lab " + lab.name() + "?");
        } catch (CancelledException e) {
            throw new CancelledException("cleanup lab " + lab.name() + ": cancelled; nothing was deleted");
        }
    }

    /** What the inventory's last read found tagged for the lab but not named like it: reported, never deleted. */
    private static List<Results.NotDeleted> notDeleted(Inventory inventory) {
        return inventory.lookAlikes().stream().map(l -> new Results.NotDeleted(l.type(), l.name(), l.id(),
                Inventory.LookAlike.REASON)).toList();
    }
}
