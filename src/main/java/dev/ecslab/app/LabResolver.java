package dev.ecslab.app;

import dev.ecslab.error.UsageException;
import dev.ecslab.lab.Lab;
import dev.ecslab.state.StateDirectory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Resolves the settings of one run: command-line flags over the environment over defaults. Region, profile and
 * endpoint stay null unless given as flags: the SDK's own chains then read AWS_REGION, AWS_PROFILE,
 * AWS_ENDPOINT_URL and ~/.aws/config, as users of AWS tools expect. ecslab's own variables are checked here, before
 * the command calls AWS: a bad one is bad input (exit 2), never a failure halfway through a run.
 */
public final class LabResolver {
    static final String HOME = "ECSLAB_HOME";
    static final String POLL_INTERVAL = "ECSLAB_POLL_INTERVAL_MS";
    /** Looking more often than every millisecond is not a wait; less often than every minute misses AWS's phases. */
    static final long MIN_POLL_MS = 1;
    static final long MAX_POLL_MS = 60_000;

    /**
     * What the command line said, one part per option mixin: each fills in the record that carries its options,
     * over the defaults and the environment (so flags win), and leaves alone what it was not given.
     */
    public interface Flags {
        default Lab.What what(Lab.What resolved) {
            return resolved;
        }

        default Lab.How how(Lab.How resolved) {
            return resolved;
        }

        /** All of {@code parts}, in order. */
        static Flags all(List<? extends Flags> parts) {
            return new Flags() {
                @Override
                public Lab.What what(Lab.What resolved) {
                    for (Flags part : parts) {
                        resolved = part.what(resolved);
                    }
                    return resolved;
                }

                @Override
                public Lab.How how(Lab.How resolved) {
                    for (Flags part : parts) {
                        resolved = part.how(resolved);
                    }
                    return resolved;
                }
            };
        }
    }

    private final Map<String, String> env;
    public LabResolver(Map<String, String> env) {
        this.env = env;
    }

    /** The lab {@code name} (null: "default") reached at {@code where}, with {@code flags} over the rest. */
    public Lab resolve(String name, Lab.Where where, Flags flags) {
        Path stateDir = home().resolve("labs");
        Lab.How how = Lab.How.DEFAULT.withPollInterval(pollInterval());
        return new Lab(name == null ? "default" : name, where, flags.what(Lab.What.DEFAULT), flags.how(how), stateDir);
    }

    /**
     * An empty variable counts as unset, as the XDG base directory spec has it for XDG_CONFIG_HOME and as shells
     * make it easy to write (`ECSLAB_HOME= ecslab …`, `export ECSLAB_HOME="$UNSET"`): the default is what was meant,
     * not a relative path that would put state in whatever directory the command runs from.
     */
    private String setting(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * ECSLAB_HOME, else .ecslab in the user's $HOME, as a shell user means it (`HOME=/tmp/x ecslab …`); Java's
     * user.home, which comes from the account's entry and ignores $HOME, only when $HOME is unset.
     */
    private Path home() {
        String value = setting(HOME);
        String userHome = setting("HOME");
        Path home;
        try {
            home = value != null ? Path.of(value)
                    : Path.of(userHome != null ? userHome : System.getProperty("user.home"), ".ecslab");
        } catch (InvalidPathException e) {
            throw badHome(value, "it is not a path (" + e.getReason() + ")");
        }
        String problem = StateDirectory.problem(home.resolve("labs")).orElse(null);
        if (problem != null) {
            throw badHome(value != null ? value : home.toString(), problem);
        }
        return home;
    }

    private UsageException badHome(String value, String problem) {
        boolean set = setting(HOME) != null;
        return new UsageException("use " + (set ? HOME + " " : "state directory ") + "'" + value + "': " + problem
                + "; ecslab keeps its state files and locks there", set
                ? "set " + HOME + " to a directory you can write in, or unset it for ~/.ecslab"
                : "make ~/.ecslab writable, or set " + HOME + " to a directory you can write in");
    }

    private Duration pollInterval() {
        String value = setting(POLL_INTERVAL);
        if (value == null) {
            return Lab.DEFAULT_POLL_INTERVAL;
        }
        long ms;
        try {
            ms = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            ms = Long.MIN_VALUE;
        }
        if (ms < MIN_POLL_MS || ms > MAX_POLL_MS) {
            throw new UsageException("read " + POLL_INTERVAL + " '" + value + "': use a whole number of milliseconds "
                    + "from " + MIN_POLL_MS + " to " + MAX_POLL_MS, "set it within that range (e.g. "
                    + POLL_INTERVAL + "=500 for a local emulator), or unset it for the default, "
                    + Lab.DEFAULT_POLL_INTERVAL.toMillis());
        }
        return Duration.ofMillis(ms);
    }
}
