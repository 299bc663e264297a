package dev.ecslab.error;

/** doctor found at least one NG check (exit 3, as a failed preflight); carries the report so it can be printed. */
public class DoctorFailedException extends PreflightException {
    private static final long serialVersionUID = 1L;

    private final Object report;

    public DoctorFailedException(String message, String hint, Object report) {
        super(message, hint);
        this.report = report;
    }

    /** The doctor report (an out/ renderable result). */
    public Object report() {
        return report;
    }
}
