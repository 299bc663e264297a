package dev.ecslab.lab;

import dev.ecslab.aws.Tags;
import dev.ecslab.error.StepFailedException;

import java.util.Map;

/** A resource with the lab's name is adopted only when it also carries the lab's tag; otherwise it is someone else's. */
final class Ownership {
    private Ownership() {
    }

    static void requireOurs(LabContext ctx, String kind, String name, Map<String, String> tags) {
        if (!Tags.ownedBy(tags, ctx.lab().name())) {
            throw new StepFailedException("adopt " + kind + " " + name + ": it exists but is not tagged "
                    + Tags.LAB + "=" + ctx.lab().name() + " (someone else's?); ecslab will neither use nor delete it",
                    "rename or remove it yourself, or use another --lab name");
        }
    }
}
