package dev.ecslab.error;

import dev.ecslab.error.CleanupIncompleteException.Leftover;

import java.util.List;

/** A step failed; what this run created was rolled back unless --keep-on-failure. */
public class StepFailedException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public StepFailedException(String message, String hint) {
        this(message, hint, null);
    }

    public StepFailedException(String message, String hint, Throwable cause) {
        this(message, hint, cause, List.of());
    }

    /** @param leftovers what the rollback could not remove, as the message counts them */
    public StepFailedException(String message, String hint, Throwable cause, List<Leftover> leftovers) {
        super(message, hint, cause, leftovers);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.STEP_FAILED;
    }
}
