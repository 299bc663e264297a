package dev.ecslab.error;

/** Preflight failed (credentials, permissions, region, VPC); nothing was created. */
public class PreflightException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public PreflightException(String message, String hint) {
        this(message, hint, null);
    }

    public PreflightException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.PREFLIGHT;
    }
}
