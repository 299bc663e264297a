package dev.ecslab.lab;

import java.util.List;

/** One step of the lab: it can show its plan (--dry-run: reads only) or apply itself (adopt or create). */
public interface Step {
    /** Short name used in output: "cluster", "elb" ... */
    String name();

    /** What it does, for the "started" line. */
    String description();

    /**
     * Names of the steps that must have finished first, or of a point inside one that must have been reached
     * ("elb:listener": the step reports it with {@link LabContext#reached}); a step the command does not run is no
     * dependency.
     */
    List<String> needs();

    /** Checks that need no change in AWS, run for every step of a command before any step applies. */
    default void preflight(LabContext ctx) {
    }

    void plan(LabContext ctx);

    void apply(LabContext ctx);
}
