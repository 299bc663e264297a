package dev.ecslab.aws;

/** A wait ended without success: its budget ran out, or the outcome was decided (e.g. deployment FAILED). */
public class WaitFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Budget budget;
    private final boolean timedOut;
    private final String lastStatus;

    public WaitFailedException(Budget budget, boolean timedOut, String detail, String lastStatus) {
        super(detail);
        this.budget = budget;
        this.timedOut = timedOut;
        this.lastStatus = lastStatus;
    }

    public Budget budget() {
        return budget;
    }

    /** True when the budget ran out; false when the outcome was decided early. */
    public boolean timedOut() {
        return timedOut;
    }

    /** The last status seen before giving up, or null. */
    public String lastStatus() {
        return lastStatus;
    }
}
