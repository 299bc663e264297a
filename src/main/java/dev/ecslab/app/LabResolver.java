package dev.ecslab.app;

import dev.ecslab.error.UsageException;
import dev.ecslab.lab.Lab;
import dev.ecslab.state.StateDirectory;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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

    /** What the command line said; null means "not given". */
    public record Flags(String lab, String region, String profile, URI endpoint, boolean yes, boolean dryRun,
                        boolean keepOnFailure, Integer count, Duration timeout, String instanceType, Path file) { }

    private final Map<String, String> env;
    public LabResolver(Map<String, String> env) {
        this.env = env;
    }

    public Lab resolve(Flags f, int defaultCount) {
        Path stateDir = home().resolve("labs");
        Duration poll = pollInterval();
        return new Lab(f.lab() == null ? "default" : f.lab(), new Lab.Where(f.region(), f.profile(), f.endpoint()),
                new Lab.What(f.count() == null ? defaultCount : f.count(), f.count() != null,
                        f.instanceType() == null ? Lab.DEFAULT_INSTANCE_TYPE : f.instanceType(), f.file()),
                new Lab.How(f.yes(), f.dryRun(), f.keepOnFailure(),
                        f.timeout() == null ? Lab.DEFAULT_TIMEOUT : f.timeout(), poll), stateDir);
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

    private Path home() {
        String value = setting(HOME);
        Path home;
        try {
            home = value != null ? Path.of(value) : Path.of(System.getProperty("user.home"), ".ecslab");
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
