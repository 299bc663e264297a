package dev.ecslab.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The lab's steps, each with the word progress and failures name it by. Here, below the lab's code, so that steps,
 * their dependencies and live progress all name steps by type.
 */
public enum StepName {
    NETWORK, CLUSTER, TASKDEF, ELB, SERVICE, SCALE;

    private final String word = name().toLowerCase(Locale.ROOT);

    /** The step's name as shown: "cluster", "elb" ... */
    public String word() {
        return word;
    }

    /** The step named {@code word}, if it is one of these. */
    public static Optional<StepName> of(String word) {
        return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word;
    }
}
