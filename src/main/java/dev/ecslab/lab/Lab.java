package dev.ecslab.lab;

import dev.ecslab.aws.UrlSecrets;
import dev.ecslab.report.ShellWords;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resolved settings of one command run (flags over environment over profile over defaults). Immutable. How the run
 * is shown (-o, --progress, --quiet, --verbose) is the command line's business and not in here.
 *
 * @param name              the lab name (validated: 1–20 of [a-z0-9-], starting with a letter)
 * @param region            AWS region, or null for the SDK's default chain
 * @param profile           AWS profile, or null
 * @param endpoint          endpoint override (--endpoint-url), or null
 * @param yes               --yes: no confirmation prompts
 * @param dryRun            --dry-run: print the plan, make no mutating call
 * @param keepOnFailure     --keep-on-failure: no rollback
 * @param count             desired task count: the target of scale and of up (default 4); service's own
 *                          --count defaults to {@link #SERVICE_INITIAL_COUNT}
 * @param timeout           overall budget for the command's waits
 * @param instanceType      EC2 instance type of the container instance
 * @param taskDefinitionFile --file for taskdef/up, or null for the built-in nginx
 * @param stateDir          where state files live (ECSLAB_HOME, default ~/.ecslab)
 * @param pollInterval      how often waits look (default 5 s; ECSLAB_POLL_INTERVAL_MS tunes it, and with it the
 *                          pace at which waits expect AWS's phases to end: see {@link #pace})
 * @param countGiven        --count was on the command line (hints repeat it)
 */
public record Lab(String name, String region, String profile, URI endpoint, boolean yes, boolean dryRun,
                  boolean keepOnFailure, int count,
                  Duration timeout, String instanceType, Path taskDefinitionFile, Path stateDir,
                  Duration pollInterval, boolean countGiven) {
    public static final int DEFAULT_COUNT = 4;
    /** The service starts with this many tasks; up then scales it to {@link #count}. */
    public static final int SERVICE_INITIAL_COUNT = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final String DEFAULT_INSTANCE_TYPE = "t3.micro";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Set<String> TAKE_COUNT = Set.of("up", "service", "scale");

    /**
     * When a phase that typically takes {@code onAws} is due at this run's pace: as on AWS at the default poll
     * interval, proportionally sooner with a shorter one (a world whose clock runs faster, such as a time-scaled
     * emulator, is watched with both scaled alike).
     */
    public Duration pace(Duration onAws) {
        return Duration.ofNanos((long) (onAws.toNanos() * ((double) pollInterval.toNanos()
                / DEFAULT_POLL_INTERVAL.toNanos())));
    }

    /**
     * The command line that runs {@code verb} on this lab the way this run was told to reach it, for hints that can
     * be pasted as they are: the lab, --region, --profile and --endpoint-url when given, and --count when given and
     * {@code verb} takes it. Each value is quoted for a shell, and the endpoint shown without credentials.
     */
    public String command(String verb) {
        List<String> words = new ArrayList<>(List.of("ecslab", verb, "--lab", name));
        if (region != null) {
            words.addAll(List.of("--region", region));
        }
        if (profile != null) {
            words.addAll(List.of("--profile", profile));
        }
        if (endpoint != null) {
            words.addAll(List.of("--endpoint-url", UrlSecrets.removed(endpoint).toString()));
        }
        if (countGiven && TAKE_COUNT.contains(verb)) {
            words.addAll(List.of("--count", String.valueOf(count)));
        }
        return ShellWords.line(words);
    }
}
