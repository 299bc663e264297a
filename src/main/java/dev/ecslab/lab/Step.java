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

    void plan(LabContext ctx);

    void apply(LabContext ctx);
}
