package dev.ecslab.error;

/**
 * The user answered no to a confirmation prompt: nothing was changed, as asked. Not a failure — exit 0, as `rm -i`
 * or `docker system prune` do when declined — and said plainly, without an error's red or a hint.
 */
public class CancelledException extends EcslabException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message, null, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.OK;
    }
}
