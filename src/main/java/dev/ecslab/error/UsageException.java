package dev.ecslab.error;

/** Bad usage or input; nothing was created. */
public class UsageException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message, String hint) {
        this(message, hint, null);
    }

    public UsageException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.USAGE;
    }
}
