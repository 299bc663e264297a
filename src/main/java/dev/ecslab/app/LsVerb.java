package dev.ecslab.app;

import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Labs;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** ls: every lab in the region, one line each. */
final class LsVerb {
    private final LabAccess access;

    LsVerb(LabAccess access) {
        this.access = access;
    }

    Results.LabsReport run(Lab lab, Reporter reporter) {
        LabContext ctx = access.context(lab, reporter);
        return new Results.LabsReport(ctx.caller().region(), LabAccess.refusedRead(Verb.LS, lab,
                () -> Labs.find(ctx.aws(), reporter)).stream().map(LsVerb::summary).toList());
    }

    /** A lab in one line: its count, its oldest resource's creation, its service's state, its cost. */
    private static Results.LabSummary summary(Labs.Found lab) {
        List<Inventory.Found> found = lab.resources();
        return new Results.LabSummary(lab.name(), found.size(), found.stream().map(Inventory.Found::createdAt)
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null),
                found.stream().filter(f -> f.kind() == ResourceRef.Kind.SERVICE).map(Inventory.Found::state)
                        .findFirst().orElse(null), LabView.listedCost(lab.inventory(), found));
    }
}
