package dev.ecslab.lab;

import dev.ecslab.report.StepName;

import java.util.List;

/** One step of the lab: it can show its plan (--dry-run: reads only) or apply itself (adopt or create). */
public interface Step {
    /** Its name in output: "cluster", "elb" ... */
    StepName name();

    /** What it does, for the "started" line. */
    String description();

    /**
     * The steps that must have finished first, or points inside one that must have been reached ({@link
     * Need#LISTENER}: the step reports it with {@link LabContext#reached}); a step the command does not run is no
     * dependency.
     */
    List<Need> needs();

    /** Checks that need no change in AWS, run for every step of a command before any step applies. */
    default void preflight(LabContext ctx) {
    }

    void plan(LabContext ctx);

    void apply(LabContext ctx);
}
