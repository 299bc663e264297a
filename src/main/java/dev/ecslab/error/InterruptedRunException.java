package dev.ecslab.error;

import dev.ecslab.error.CleanupIncompleteException.Leftover;

import java.util.List;

/** The run was interrupted (Ctrl-C); what this run created was rolled back. */
public class InterruptedRunException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public InterruptedRunException(String message, String hint) {
        this(message, hint, null);
    }

    public InterruptedRunException(String message, String hint, Throwable cause) {
        this(message, hint, cause, List.of());
    }

    /** @param leftovers what the rollback could not remove, as the message counts them */
    public InterruptedRunException(String message, String hint, Throwable cause, List<Leftover> leftovers) {
        super(message, hint, cause, leftovers);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INTERRUPTED;
    }
}
