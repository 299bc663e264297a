package dev.ecslab.app;

import dev.ecslab.lab.Lab;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Resolves the settings of one run: command-line flags over the environment over defaults. Region, profile and
 * endpoint stay null unless given as flags: the SDK's own chains then read AWS_REGION, AWS_PROFILE,
 * AWS_ENDPOINT_URL and ~/.aws/config, as users of AWS tools expect.
 */
public final class LabResolver {
    /** What the command line said; null means "not given". */
    public record Flags(String lab, String region, String profile, URI endpoint, boolean yes, boolean dryRun,
                        boolean keepOnFailure, Integer count, Duration timeout, String instanceType, Path file) { }

    private final Map<String, String> env;
    public LabResolver(Map<String, String> env) {
        this.env = env;
    }

    public Lab resolve(Flags f, int defaultCount) {
        Path home = env.containsKey("ECSLAB_HOME") ? Path.of(env.get("ECSLAB_HOME"))
                : Path.of(System.getProperty("user.home"), ".ecslab");
        Duration poll = env.containsKey("ECSLAB_POLL_INTERVAL_MS")
                ? Duration.ofMillis(Long.parseLong(env.get("ECSLAB_POLL_INTERVAL_MS"))) : Lab.DEFAULT_POLL_INTERVAL;
        return new Lab(f.lab() == null ? "default" : f.lab(), f.region(), f.profile(), f.endpoint(), f.yes(),
                f.dryRun(), f.keepOnFailure(),
                f.count() == null ? defaultCount : f.count(), f.timeout() == null ? Lab.DEFAULT_TIMEOUT : f.timeout(),
                f.instanceType() == null ? Lab.DEFAULT_INSTANCE_TYPE : f.instanceType(), f.file(), home.resolve("labs"),
                poll, f.count() != null);
    }
}
