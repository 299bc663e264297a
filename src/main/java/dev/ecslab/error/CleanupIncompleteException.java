package dev.ecslab.error;

import java.util.List;

/** cleanup could not remove everything; carries exactly what is left and why. */
public class CleanupIncompleteException extends EcslabException {
    private static final long serialVersionUID = 1L;

    /** One resource that is still there; kind is its label ("alb security group"). */
    public record Leftover(String kind, String name, String id, String reason) {
        /** "alb security group ecslab-x-alb-sg sg-1 — DependencyViolation …", as the error output lists it. */
        public String line() {
            return kind + " " + name + " " + id + " — " + reason;
        }
    }

    public CleanupIncompleteException(String message, String hint, List<Leftover> leftovers) {
        super(message, hint, null, leftovers);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.CLEANUP_INCOMPLETE;
    }
}
