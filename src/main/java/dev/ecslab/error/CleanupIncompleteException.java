package dev.ecslab.error;

import java.util.List;

/** cleanup could not remove everything; carries exactly what is left and why. */
public class CleanupIncompleteException extends EcslabException {
    private static final long serialVersionUID = 1L;

    /** One resource that is still there. */
    public record Leftover(String kind, String name, String id, String reason) {
    }

    private final List<Leftover> leftovers;

    public CleanupIncompleteException(String message, String hint, List<Leftover> leftovers) {
        super(message, hint, null);
        this.leftovers = List.copyOf(leftovers);
    }

    public List<Leftover> leftovers() {
        return leftovers;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.CLEANUP_INCOMPLETE;
    }
}
