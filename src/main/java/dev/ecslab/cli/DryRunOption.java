package dev.ecslab.cli;

import dev.ecslab.app.LabResolver;
import dev.ecslab.lab.Lab;
import picocli.CommandLine.Option;

/** cleanup's --dry-run: it deletes, so it has a plan to show, but nothing of its own to roll back. */
final class DryRunOption implements LabResolver.Flags {
    @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Lab.How how(Lab.How resolved) {
        return resolved.withDryRun(dryRun);
    }
}
