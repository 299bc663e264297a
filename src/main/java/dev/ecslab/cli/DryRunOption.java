package dev.ecslab.cli;

import picocli.CommandLine.Option;

/** cleanup's --dry-run: it deletes, so it has a plan to show, but nothing of its own to roll back. */
final class DryRunOption {
    @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
    boolean dryRun;
}
