package dev.ecslab.error;

/** The documented exit codes (README, "Exit codes"). */
public enum ExitCode {
    OK(0),
    STEP_FAILED(1),
    USAGE(2),
    PREFLIGHT(3),
    CLEANUP_INCOMPLETE(4),
    VERIFY_FAILED(5),
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
