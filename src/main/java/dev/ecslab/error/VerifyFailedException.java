package dev.ecslab.error;

/** verify found at least one NG check; carries the whole report so it can still be printed. */
public class VerifyFailedException extends EcslabException {
    private static final long serialVersionUID = 1L;

    private final Object report;

    public VerifyFailedException(String message, String hint, Object report) {
        super(message, hint, null);
        this.report = report;
    }

    /** The verify report (an out/ renderable result). */
    public Object report() {
        return report;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.VERIFY_FAILED;
    }
}
