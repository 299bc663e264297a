package dev.ecslab.error;

/**
 * An error ecslab knows how to explain: a message in "verb noun: cause" form, an optional hint saying what to do
 * next, and the exit code it maps to. Only cli/ErrorHandler turns one into text and a number.
 */
public abstract class EcslabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    protected EcslabException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public abstract ExitCode exitCode();

    /** What the user can do next, or null. */
    public String hint() {
        return hint;
    }
}
