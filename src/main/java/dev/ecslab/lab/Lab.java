package dev.ecslab.lab;

import dev.ecslab.aws.UrlSecrets;
import dev.ecslab.report.ShellWords;
import dev.ecslab.report.Verb;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolved settings of one command run (flags over environment over profile over defaults), in three named parts:
 * where the lab is reached, what it is made of, how the run goes. Immutable. How the run is shown (-o, --progress,
 * --quiet, --verbose) is the command line's business and not in here. The parts are nested here so that this file
 * needs nothing else of this package.
 *
 * @param name     the lab name (validated: 1–20 of [a-z0-9-], starting with a letter)
 * @param where    how AWS is reached
 * @param what     what the lab is made of
 * @param how      how this run goes
 * @param stateDir where state files live (ECSLAB_HOME, default ~/.ecslab)
 */
public record Lab(String name, Where where, What what, How how, Path stateDir) {
    public static final int DEFAULT_COUNT = 4;
    /** The service starts with this many tasks; up then scales it to {@link What#count}. */
    public static final int SERVICE_INITIAL_COUNT = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final String DEFAULT_INSTANCE_TYPE = "t3.micro";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    /**
     * Where AWS is: each null unless given as a flag, so that the SDK's own chains read AWS_REGION, AWS_PROFILE,
     * AWS_ENDPOINT_URL and ~/.aws/config, as users of AWS tools expect.
     *
     * @param region   AWS region, or null for the SDK's default chain
     * @param profile  AWS profile, or null
     * @param endpoint endpoint override (--endpoint-url), or null
     */
    public record Where(String region, String profile, URI endpoint) {
    }

    /**
     * What the lab is made of.
     *
     * @param count              desired task count: the target of scale and of up (default 4); service's own
     *                           --count defaults to {@link #SERVICE_INITIAL_COUNT}
     * @param countGiven         --count was on the command line (hints repeat it)
     * @param instanceType       EC2 instance type of the container instance
     * @param taskDefinitionFile --file for taskdef/up, or null for the built-in nginx
     * @param builtin            --builtin-task-definition: up goes back to the built-in nginx from a lab's own
     *                           revision (without it, up keeps the revision a --file registered)
     * @param ami                --ami for a new container instance, or null for the ECS-optimized AMI that SSM
     *                           names
     */
    public record What(int count, boolean countGiven, String instanceType, Path taskDefinitionFile, boolean builtin,
                       String ami) {
        public static final What DEFAULT = new What(DEFAULT_COUNT, false, DEFAULT_INSTANCE_TYPE, null, false, null);

        /** {@code count} tasks, {@code given} on the command line or the command's default. */
        public What withCount(int count, boolean given) {
            return new What(count, given, instanceType, taskDefinitionFile, builtin, ami);
        }

        public What withInstanceType(String type) {
            return new What(count, countGiven, type, taskDefinitionFile, builtin, ami);
        }

        public What withTaskDefinitionFile(Path file) {
            return new What(count, countGiven, instanceType, file, builtin, ami);
        }

        public What withBuiltin(boolean value) {
            return new What(count, countGiven, instanceType, taskDefinitionFile, value, ami);
        }

        public What withAmi(String id) {
            return new What(count, countGiven, instanceType, taskDefinitionFile, builtin, id);
        }
    }

    /**
     * How the run goes.
     *
     * @param yes           --yes: no confirmation prompts
     * @param dryRun        --dry-run: print the plan, make no mutating call
     * @param keepOnFailure --keep-on-failure: no rollback
     * @param timeout       overall budget for the command's waits
     * @param pollInterval  how often waits look (default 5 s; ECSLAB_POLL_INTERVAL_MS tunes it, and with it the
     *                      pace at which waits expect AWS's phases to end: see {@link Lab#pace})
     */
    public record How(boolean yes, boolean dryRun, boolean keepOnFailure, Duration timeout, Duration pollInterval) {
        public static final How DEFAULT = new How(false, false, false, DEFAULT_TIMEOUT, DEFAULT_POLL_INTERVAL);

        public How withYes(boolean value) {
            return new How(value, dryRun, keepOnFailure, timeout, pollInterval);
        }

        public How withDryRun(boolean value) {
            return new How(yes, value, keepOnFailure, timeout, pollInterval);
        }

        public How withKeepOnFailure(boolean value) {
            return new How(yes, dryRun, value, timeout, pollInterval);
        }

        public How withTimeout(Duration value) {
            return new How(yes, dryRun, keepOnFailure, value, pollInterval);
        }

        public How withPollInterval(Duration value) {
            return new How(yes, dryRun, keepOnFailure, timeout, value);
        }
    }

    /**
     * When a phase that typically takes {@code onAws} is due at this run's pace: as on AWS at the default poll
     * interval, proportionally sooner with a shorter one (a world whose clock runs faster, such as a time-scaled
     * emulator, is watched with both scaled alike).
     */
    public Duration pace(Duration onAws) {
        return Duration.ofNanos((long) (onAws.toNanos() * ((double) how.pollInterval().toNanos()
                / DEFAULT_POLL_INTERVAL.toNanos())));
    }

    /**
     * The command line that runs {@code verb} on this lab the way this run was told to reach it and build it, for
     * hints and {@code next:} lines that can be pasted as they are: the lab, --region, --profile and --endpoint-url
     * when given, and each option that shapes the lab (--instance-type, --ami, --file, --builtin-task-definition,
     * --count) when given and {@code verb} takes it, so a dry-run's next line runs what its plan showed. Each value is
     * quoted for a shell, and the endpoint shown without credentials. --count comes last (Capacity replaces it).
     */
    public String command(Verb verb) {
        List<String> words = new ArrayList<>(List.of("ecslab", verb.word(), "--lab", name));
        if (where.region() != null) {
            words.addAll(List.of("--region", where.region()));
        }
        if (where.profile() != null) {
            words.addAll(List.of("--profile", where.profile()));
        }
        if (where.endpoint() != null) {
            words.addAll(List.of("--endpoint-url", UrlSecrets.removed(where.endpoint()).toString()));
        }
        if (!what.instanceType().equals(DEFAULT_INSTANCE_TYPE) && verb.takesInstanceType()) {
            words.addAll(List.of("--instance-type", what.instanceType()));
        }
        if (what.ami() != null && verb.takesAmi()) {
            words.addAll(List.of("--ami", what.ami()));
        }
        if (what.taskDefinitionFile() != null && verb.takesTaskDefinition()) {
            words.addAll(List.of("--file", what.taskDefinitionFile().toString()));
        }
        if (what.builtin() && verb == Verb.UP) {
            words.add("--builtin-task-definition");
        }
        if (what.countGiven() && verb.takesCount()) {
            words.addAll(List.of("--count", String.valueOf(what.count())));
        }
        return ShellWords.line(words);
    }
}
