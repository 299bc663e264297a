package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import picocli.CommandLine.Option;

/** Options of every command that changes something. */
final class MutatingOptions implements LabResolver.Flags {
    @Option(names = "--dry-run", description = "Print the plan (what would be created, adopted or deleted); change nothing.")
    boolean dryRun;

    @Option(names = "--keep-on-failure", description = "On failure, keep what this run created (to debug) instead of "
            + "rolling it back.")
    boolean keepOnFailure;

    @Override
    public Lab.How how(Lab.How resolved) {
        return resolved.withDryRun(dryRun).withKeepOnFailure(keepOnFailure);
    }
}
