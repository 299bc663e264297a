package dev.ecslab.error;

/** A step failed; what this run created was rolled back unless --keep-on-failure. */
public class StepFailedException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public StepFailedException(String message, String hint) {
        this(message, hint, null);
    }

    public StepFailedException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.STEP_FAILED;
    }
}
