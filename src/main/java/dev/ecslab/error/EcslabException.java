package dev.ecslab.error;

import dev.ecslab.error.CleanupIncompleteException.Leftover;

import java.util.List;

/**
 * An error ecslab knows how to explain: a message in "verb noun: cause" form, an optional hint saying what to do
 * next, the exit code it maps to, and what the failure left behind. Only cli/ErrorHandler turns one into text
 * and a number, and it lists the leftovers under the message and in -o json's error.leftovers alike.
 */
public abstract class EcslabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;
    private final List<Leftover> leftovers;

    protected EcslabException(String message, String hint, Throwable cause) {
        this(message, hint, cause, List.of());
    }

    protected EcslabException(String message, String hint, Throwable cause, List<Leftover> leftovers) {
        super(message, cause);
        this.hint = hint;
        this.leftovers = List.copyOf(leftovers);
    }

    public abstract ExitCode exitCode();

    /** What the user can do next, or null. */
    public String hint() {
        return hint;
    }

    /** What is still there because of this failure (a rollback's or a cleanup's remains), each named once. */
    public List<Leftover> leftovers() {
        return leftovers;
    }
}
