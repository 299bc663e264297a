package dev.ecslab.error;

/** The run was interrupted (Ctrl-C); what this run created was rolled back. */
public class InterruptedRunException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public InterruptedRunException(String message, String hint) {
        this(message, hint, null);
    }

    public InterruptedRunException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.INTERRUPTED;
    }
}
