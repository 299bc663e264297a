package dev.ecslab.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands that work on a lab, each with the word that names it on the command line and in output. Here, below
 * the lab's code, so that settings, hints and reports all name commands by type.
 */
public enum Verb {
    UP, CLUSTER, TASKDEF, ELB, SERVICE, VERIFY, SCALE, CLEANUP, STATUS, LOGS, LS, DOCTOR, SCRIPT;

    private final String word = name().toLowerCase(Locale.ROOT);

    /** The command's name as typed and shown: "up", "taskdef" ... */
    public String word() {
        return word;
    }

    /** Whether the command takes --count (the service's task count), so hints repeat it. */
    public boolean takesCount() {
        return this == UP || this == SERVICE || this == SCALE || this == SCRIPT;
    }

    /** Whether the command takes --instance-type (it may launch the container instance, or checks for one). */
    public boolean takesInstanceType() {
        return this == UP || this == CLUSTER || this == DOCTOR || this == SCRIPT;
    }

    /** Whether the command takes --ami (it may launch the container instance, or write a script that does). */
    public boolean takesAmi() {
        return this == UP || this == CLUSTER || this == SCRIPT;
    }

    /** Whether the command takes --file (it registers the task definition). */
    public boolean takesTaskDefinition() {
        return this == UP || this == TASKDEF;
    }

    /** The command named {@code word}, if it is one of these. */
    public static Optional<Verb> of(String word) {
        return Arrays.stream(values()).filter(v -> v.word.equals(word)).findFirst();
    }

    @Override
    public String toString() {
        return word;
    }
}
