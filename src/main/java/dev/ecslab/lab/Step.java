package dev.ecslab.lab;

import java.util.List;

/** One step of the lab: it can show its plan (--dry-run: reads only) or apply itself (adopt or create). */
public interface Step {
    /** Short name used in output: "cluster", "elb" ... */
    String name();

    /** What it does, for the "started" line. */
    String description();

    /** Names of the steps that must have finished first. */
    List<String> needs();

    /** Checks that need no change in AWS, run for every step of a command before any step applies. */
    default void preflight(LabContext ctx) {
    }

    void plan(LabContext ctx);

    void apply(LabContext ctx);
}
