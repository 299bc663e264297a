package dev.ecslab.app;

import dev.ecslab.aws.Gateways;
import dev.ecslab.lab.Daemons;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** status: what exists of the lab, its health and cost, its URL, and what to run next. */
final class StatusVerb {
    private final LabAccess access;

    StatusVerb(LabAccess access) {
        this.access = access;
    }

    Results.StatusReport run(Lab lab, Reporter reporter) {
        Gateways aws = access.gateways(lab);
        Inventory inventory = new Inventory(aws, lab.name(), reporter);
        // Reading needs no answer from STS: the reads go out beside the preflight, whose failure (credentials,
        // endpoint) is still the one reported — the reads then fail the same way, unwaited for, on a daemon thread.
        CompletableFuture<List<Inventory.Found>> reads = CompletableFuture.supplyAsync(inventory::discover,
                work -> Daemons.thread("ecslab-status-reads", work).start());
        LabContext ctx = access.context(lab, reporter, aws);
        List<Inventory.Found> found = LabAccess.refusedRead(Verb.STATUS, lab, () -> Daemons.join(reads));
        return new Results.StatusReport(lab.name(), ctx.caller().region(), LabView.resources(found, ctx.caller()),
                LabView.cost(inventory, found), LabView.url(ctx, inventory.loadBalancer()),
                LabView.nextAfterStatus(lab, found));
    }
}
