package dev.ecslab.app;

import dev.ecslab.aws.AwsCall;
import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.AwsSettings;
import dev.ecslab.aws.Durations;
import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.NotAwsException;
import dev.ecslab.aws.RunTimedOutException;
import dev.ecslab.aws.SdkGateways;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.error.CleanupIncompleteException;
import dev.ecslab.error.PreflightException;
import dev.ecslab.error.UsageException;
import dev.ecslab.error.VerifyFailedException;
import dev.ecslab.lab.AwsTimes;
import dev.ecslab.lab.ClusterStep;
import dev.ecslab.lab.Doctor;
import dev.ecslab.lab.Daemons;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Labs;
import dev.ecslab.lab.LoadBalancerStep;
import dev.ecslab.lab.LogTail;
import dev.ecslab.lab.NetworkStep;
import dev.ecslab.lab.ScaleStep;
import dev.ecslab.lab.ServiceStep;
import dev.ecslab.lab.Step;
import dev.ecslab.lab.TaskDefinitionStep;
import dev.ecslab.lab.Teardown;
import dev.ecslab.lab.Verifier;
import dev.ecslab.report.CostEstimate;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Results.ResourceView;
import dev.ecslab.report.ShellWords;
import dev.ecslab.run.Orchestrator;
import dev.ecslab.run.RunControl;
import dev.ecslab.state.LabLock;
import dev.ecslab.state.LabScope;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.state.StateFile;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The application: each command is a list of steps for the orchestrator, or a read of what exists. */
public final class DefaultEcslab implements Ecslab {
    private final Function<Lab, Gateways> gateways;
    private final RunControl control;
    private final Predicate<String> confirm;

    /**
     * @param confirm asks the user a yes/no question (cleanup without --yes); returns false when nobody can answer
     */
    public DefaultEcslab(Function<Lab, Gateways> gateways, RunControl control, Predicate<String> confirm) {
        this.gateways = gateways;
        this.control = control;
        this.confirm = confirm;
    }

    /**
     * Production wiring: SDK gateways from the lab's region, profile and endpoint; what they share starts being
     * built now, while the command line is parsed.
     */
    public static DefaultEcslab withSdk(RunControl control, Predicate<String> confirm) {
        SdkGateways.prepare();
        return new DefaultEcslab(lab -> SdkGateways.create(new AwsSettings(lab.region(), lab.profile(),
                lab.endpoint())), control, confirm);
    }

    @Override
    public Results.StepResult up(Lab lab, Reporter reporter) {
        return steps(lab, reporter, "up", List.of(new NetworkStep(), new ClusterStep(), new TaskDefinitionStep(),
                new LoadBalancerStep(), new ServiceStep(Lab.SERVICE_INITIAL_COUNT), new ScaleStep(lab.count(), true)),
                true);
    }

    @Override
    public Results.StepResult cluster(Lab lab, Reporter reporter) {
        return steps(lab, reporter, "cluster", List.of(new NetworkStep(), new ClusterStep()), false);
    }

    @Override
    public Results.StepResult taskdef(Lab lab, Reporter reporter) {
        return steps(lab, reporter, "taskdef", List.of(new TaskDefinitionStep()), false);
    }

    @Override
    public Results.StepResult elb(Lab lab, Reporter reporter) {
        return steps(lab, reporter, "elb", List.of(new NetworkStep(), new LoadBalancerStep()), false);
    }

    @Override
    public Results.StepResult service(Lab lab, Reporter reporter) {
        return steps(lab, reporter, "service", List.of(new ServiceStep(lab.count(), true)), false);
    }

    @Override
    public Results.StepResult scale(Lab lab, Reporter reporter) {
        return steps(lab, reporter, "scale", List.of(new ScaleStep(lab.count(), false)), true);
    }

    @Override
    public Results.VerifyReport verify(Lab lab, Reporter reporter) {
        LabContext ctx = context(lab, reporter);
        return verified(ctx);
    }

    private Results.VerifyReport verified(LabContext ctx) {
        long t0 = System.nanoTime();
        ctx.reporter().stepStarted("verify", "end-to-end checks");
        Results.VerifyReport report = new Verifier(ctx).run();
        ctx.reporter().stepDone("verify", Duration.ofNanos(System.nanoTime() - t0));
        if (!report.ok()) {
            throw new VerifyFailedException("verify lab " + ctx.lab().name() + ": "
                    + report.checks().stream().filter(Results.CheckResult::ng).map(Results.CheckResult::name)
                    .collect(Collectors.joining("; ")) + " — NG",
                    "read the evidence above; `" + ctx.lab().command("status") + "` shows what exists",
                    report);
        }
        return report;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block and needs nothing else
    public Results.CleanupResult cleanup(Lab lab, Reporter reporter) {
        long t0 = System.nanoTime();
        LabContext ctx = context(lab, reporter);
        try (LabLock held = lock(ctx, "cleanup")) {
            return cleanup(ctx, t0);
        }
    }

    private Results.CleanupResult cleanup(LabContext ctx, long t0) {
        Lab lab = ctx.lab();
        Reporter reporter = ctx.reporter();
        Inventory inventory = new Inventory(ctx.aws(), lab.name(), reporter);
        List<Inventory.Found> found = refusedRead("cleanup", lab, inventory::discover);
        if (found.isEmpty()) {
            reporter.info("cleanup", "nothing of lab " + lab.name() + " exists in " + ctx.caller().region());
            return new Results.CleanupResult(lab.name(), lab.dryRun(), List.of(), notDeleted(inventory), true,
                    elapsed(t0));
        }
        found.forEach(f -> reporter.planned("cleanup", "delete", f.kind(), f.name(), f.id()));
        if (lab.dryRun()) {
            return new Results.CleanupResult(lab.name(), true, views(found), notDeleted(inventory), false,
                    elapsed(t0));
        }
        if (!lab.yes() && !confirm.test("Delete these " + found.size() + " resources of lab " + lab.name() + "?")) {
            throw new UsageException("cleanup lab " + lab.name() + ": not confirmed; nothing was deleted",
                    "answer y at the prompt, or pass --yes");
        }
        control.attach();
        Teardown teardown = new Teardown(ctx.aws(), lab.name(), reporter, ctx.state(), "cleanup",
                ctx::teardownBudget, control::interrupted);
        List<CleanupIncompleteException.Leftover> failed;
        try {
            failed = teardown.delete(found);
        } finally {
            control.detach();
        }
        List<Inventory.Found> left = inventory.discover();
        if (!left.isEmpty()) {
            String again = "run `" + lab.command("cleanup") + "` again";
            throw new CleanupIncompleteException("cleanup lab " + lab.name() + ": " + left.size()
                    + " resource(s) could not be removed", teardown.accessDenied()
                    ? "grant the caller the action each line names (examples/ecslab-iam-policy.json has them), then "
                    + again : again + " in a few minutes; what is left is listed above",
                    left.stream().map(f -> new CleanupIncompleteException.Leftover(f.kind().label(), f.name(), f.id(),
                            failed.stream().filter(l -> l.name().equals(f.name()) && l.kind().equals(f.kind().label()))
                                    .map(CleanupIncompleteException.Leftover::reason).findFirst()
                                    .orElse("still exists after cleanup"))).collect(Collectors.toList()));
        }
        List<ResourceView> deleted = views(found).stream().map(v -> new ResourceView(v.kind(), v.name(), v.id(),
                "deleted", v.createdAt(), v.owned())).collect(Collectors.toList());
        return new Results.CleanupResult(lab.name(), false, deleted, notDeleted(inventory), false, elapsed(t0));
    }

    /** What the inventory's last read found tagged for the lab but not named like it: reported, never deleted. */
    private static List<Results.NotDeleted> notDeleted(Inventory inventory) {
        return inventory.lookAlikes().stream().map(l -> new Results.NotDeleted(l.type(), l.name(), l.id(),
                Inventory.LookAlike.REASON)).toList();
    }

    @Override
    public Results.StatusReport status(Lab lab, Reporter reporter) {
        Gateways aws = gateways(lab);
        Inventory inventory = new Inventory(aws, lab.name(), reporter);
        // Reading needs no answer from STS: the reads go out beside the preflight, whose failure (credentials,
        // endpoint) is still the one reported — the reads then fail the same way, unwaited for, on a daemon thread.
        CompletableFuture<List<Inventory.Found>> reads = CompletableFuture.supplyAsync(inventory::discover,
                work -> Daemons.thread("ecslab-status-reads", work).start());
        LabContext ctx = context(lab, reporter, aws);
        List<Inventory.Found> found = refusedRead("status", lab, () -> Daemons.join(reads));
        return new Results.StatusReport(lab.name(), ctx.caller().region(), views(found), costOf(inventory, found),
                urlOf(ctx, inventory.loadBalancer()), nextAfterStatus(lab, found));
    }

    @Override
    public Results.DoctorReport doctor(Lab lab, Reporter reporter) {
        List<Results.Diagnosis> checks = new ArrayList<>();
        Gateways aws;
        try {
            aws = gateways(lab);
        } catch (PreflightException e) {
            checks.add(new Results.Diagnosis("region", Results.CheckOutcome.NG, e.getMessage(), e.hint()));
            return doctorStoppedAt(lab, null, checks, "needs a region");
        }
        checks.add(new Results.Diagnosis("region", Results.CheckOutcome.OK, aws.sts().region(), null));
        LabContext ctx;
        try {
            ctx = context(lab, reporter, aws);
        } catch (PreflightException e) {
            checks.add(new Results.Diagnosis("credentials", Results.CheckOutcome.NG, e.getMessage(), e.hint()));
            return doctorStoppedAt(lab, aws.sts().region(), checks, "needs credentials");
        }
        StsGateway.CallerIdentity caller = ctx.caller();
        checks.add(new Results.Diagnosis("credentials", Results.CheckOutcome.OK, caller.arn() + " (account "
                + caller.account() + ")", null));
        checks.addAll(new Doctor(ctx).run());
        return new Results.DoctorReport(lab.name(), caller.region(), checks);
    }

    /** The checks after the one that failed cannot run: each is SKIP, saying why. */
    private static Results.DoctorReport doctorStoppedAt(Lab lab, String region, List<Results.Diagnosis> checks,
                                                        String why) {
        List<String> names = new ArrayList<>(List.of("credentials"));
        names.addAll(Doctor.checkNames(lab.instanceType()));
        for (String name : names) {
            if (checks.stream().noneMatch(c -> c.name().equals(name))) {
                checks.add(new Results.Diagnosis(name, Results.CheckOutcome.SKIP, why, null));
            }
        }
        return new Results.DoctorReport(lab.name(), region, checks);
    }

    @Override
    public Results.LabsReport ls(Lab lab, Reporter reporter) {
        LabContext ctx = context(lab, reporter);
        return new Results.LabsReport(ctx.caller().region(), refusedRead("ls", lab,
                () -> Labs.find(ctx.aws(), reporter)).stream().map(DefaultEcslab::summary).toList());
    }

    /**
     * A read before any change: AWS refusing it (a denied action, a region it does not serve) fails the command as a
     * preflight does — nothing was changed — naming the call, never as an internal error.
     */
    private static <T> T refusedRead(String command, Lab lab, Supplier<T> read) {
        try {
            return read.get();
        } catch (AwsCallException e) {
            throw new PreflightException(command + " lab " + lab.name() + ": " + e.getMessage()
                    + ("cleanup".equals(command) ? "; nothing was deleted" : ""), e.preflightHint(), e);
        }
    }

    /** A lab in one line: its count, its oldest resource's creation, its service's state, its cost. */
    private static Results.LabSummary summary(Labs.Found lab) {
        List<Inventory.Found> found = lab.resources();
        return new Results.LabSummary(lab.name(), found.size(), found.stream().map(Inventory.Found::createdAt)
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null),
                found.stream().filter(f -> f.kind() == ResourceRef.Kind.SERVICE).map(Inventory.Found::state)
                        .findFirst().orElse(null), costOf(lab.inventory(), found));
    }

    @Override
    public long logs(Lab lab, Reporter reporter, LogTail.Query query, Consumer<Results.LogLine> sink) {
        LabContext ctx = context(lab, reporter);
        String group = new Names(lab.name()).logGroup();
        reporter.info("logs", group + (query.task() == null ? "" : ", task " + query.task() + "…") + ", since "
                + Durations.format(query.since()) + " ago" + (query.follow() ? ", following (Ctrl-C stops)" : ""));
        long lines;
        try {
            lines = new LogTail(ctx.aws().logs(), group).read(query, Instant.now(), sink);
        } catch (AwsCallException e) {
            if (!AwsCall.isNotFound(e)) {
                throw e;
            }
            throw new PreflightException("read logs of lab " + lab.name() + ": log group " + group
                    + " does not exist in " + ctx.caller().region(), "run `" + lab.command("up") + "` first; `"
                    + lab.command("status") + "` shows what exists", e);
        }
        if (lines == 0) {
            reporter.info("logs", "no lines" + (query.task() == null ? "" : " of a task whose id starts with "
                    + query.task()) + " in the last " + Durations.format(query.since()) + "; try a longer --since");
        }
        return lines;
    }

    // ---- shared

    /**
     * What the lab costs per hour and has cost so far, from what discover read: its instance's type and launch, its
     * ALB's zones and creation.
     */
    private static CostEstimate costOf(Inventory inventory, List<Inventory.Found> found) {
        Instant launched = found.stream().filter(f -> f.kind() == ResourceRef.Kind.INSTANCE)
                .map(Inventory.Found::createdAt).filter(Objects::nonNull).findFirst().orElse(null);
        Optional<ElbGateway.LoadBalancerInfo> lb = inventory.loadBalancer();
        return CostEstimate.of(inventory.instanceType().orElse(null), launched,
                lb.map(l -> l.availabilityZones().size()).orElse(0),
                lb.map(l -> Instant.ofEpochMilli(l.createdAtMillis())).orElse(null), Instant.now());
    }

    @SuppressWarnings("try") // the lock is held for the block and needs nothing else
    private Results.StepResult steps(Lab lab, Reporter reporter, String command, List<Step> steps, boolean verify) {
        long t0 = System.nanoTime();
        Gateways aws = gateways(lab);
        aws.deadline().start(lab.timeout()); // from the first call on: a silent endpoint cannot outlive --timeout
        LabContext ctx = context(lab, reporter, aws);
        try (LabLock held = lock(ctx, command)) {
            Orchestrator orchestrator = new Orchestrator();
            if (lab.dryRun()) {
                orchestrator.plan(ctx, steps);
                return new Results.StepResult(lab.name(), command, true, List.of(), null,
                        List.of(lab.command(command)), elapsed(t0), null, null);
            }
            if ("up".equals(command)) { // once who and where are known, before the first change
                reporter.info(command, AwsTimes.upExpectation(lab.count()));
            }
            control.attach();
            try {
                orchestrator.run(ctx, command, steps);
            } finally {
                control.detach();
            }
            Results.VerifyReport report = verify ? verified(ctx) : null;
            Inventory inventory = new Inventory(ctx.aws(), lab.name(), reporter);
            List<Inventory.Found> now = inventory.discover();
            return new Results.StepResult(lab.name(), command, false, views(now), report, next(command, lab, now),
                    elapsed(t0), urlOf(ctx, inventory.loadBalancer()), costOf(inventory, now));
        }
    }

    /** The page's URL; against a local endpoint also the curl line that reaches the listener (Verifier's way). */
    private static Results.LoadBalancerUrl urlOf(LabContext ctx, Optional<ElbGateway.LoadBalancerInfo> lb) {
        if (lb.isEmpty()) {
            return null;
        }
        String dns = lb.get().dnsName();
        Optional<URI> endpoint = Verifier.localEndpoint(ctx.aws());
        return new Results.LoadBalancerUrl("http://" + dns + "/", endpoint.map(e -> ShellWords.line("curl", "-H",
                "Host: " + dns, "http://" + e.getHost() + ":" + Verifier.port(e) + "/")).orElse(null));
    }

    /**
     * One run per lab on this machine: a second one (dry-runs too: the real run would be refused) stops here, before
     * it changes anything, saying who holds the lab.
     */
    private static LabLock lock(LabContext ctx, String command) {
        String lab = ctx.lab().name();
        return LabLock.tryAcquire(ctx.state(), ctx.lab().command(command)).orElseThrow(() -> {
            String who = LabLock.holder(ctx.state()).map(h -> "pid " + h.pid() + ", `" + h.command() + "`, since "
                    + h.since()).orElse("another ecslab process");
            return new PreflightException(command + " lab " + lab + ": another run is working on this lab (" + who
                    + "); nothing was changed", "wait for it to finish (or stop it with Ctrl-C), then run again; "
                    + "`" + ctx.lab().command("status") + "` shows what exists");
        });
    }

    private LabContext context(Lab lab, Reporter reporter) {
        return context(lab, reporter, gateways(lab));
    }

    private Gateways gateways(Lab lab) {
        try {
            return gateways.apply(lab);
        } catch (AwsCallException e) {
            throw new PreflightException("configure AWS clients: " + e.awsMessage(),
                    "pass --region or set AWS_REGION (e.g. us-east-1)", e);
        }
    }

    /** Who and where (STS: every command asks first), and the lab's state file for that account and region. */
    private LabContext context(Lab lab, Reporter reporter, Gateways aws) {
        StsGateway.CallerIdentity caller = preflight(aws, lab);
        reporter.caller(caller.account(), caller.region(), caller.arn());
        // the endpoint the clients use, whether --endpoint-url or AWS_ENDPOINT_URL chose it
        String scope = LabScope.of(caller.account(), caller.region(), aws.elb().endpointOverride().orElse(null));
        StateFile state = StateFile.open(lab.stateDir(), scope, lab.name());
        if (state.warning() != null) {
            reporter.warning("state", state.warning());
        }
        return new LabContext(lab, aws, reporter, state, caller, control::rollbackAbandoned);
    }

    private static StsGateway.CallerIdentity preflight(Gateways aws, Lab lab) {
        try {
            return aws.sts().whoAmI();
        } catch (NotAwsException e) { // something answered, but not AWS: the endpoint is wrong, not the credentials
            throw new PreflightException("reach AWS" + (e.endpoint() == null ? "" : " at " + e.endpoint())
                    + ": it answered " + e.answer(), "check --endpoint-url / AWS_ENDPOINT_URL: it must "
                    + "be an AWS endpoint or an AWS emulator (`scripts/emulator start` starts one)", e);
        } catch (AwsCallException e) {
            if (e.networkFailure()) { // nothing answered: the endpoint is the problem, not the credentials
                throw new PreflightException(e.awsMessage().replaceFirst("^could not reach", "reach"),
                        Verifier.localEndpoint(aws).isPresent()
                        ? "is the emulator running? `scripts/emulator start` (in an ecslab checkout) starts one"
                        : "check --endpoint-url / AWS_ENDPOINT_URL and your network", e);
            }
            if (e.unreachable()) { // no request was sent: the SDK found no credentials (or no such profile) here
                throw noCredentials(lab, String.valueOf(e.awsMessage()), e);
            }
            String code = String.valueOf(e.errorCode());
            String hint = code.contains("Expired") ? "your credentials have expired; log in again (e.g. `"
                    + awsCommand(lab.profile(), "sso", "login") + "`)" : "check the credentials of "
                    + (lab.profile() == null ? "the default chain" : "profile " + lab.profile()) + " (`"
                    + awsCommand(lab.profile(), "sts", "get-caller-identity") + "`)";
            throw new PreflightException("check credentials: " + e.getMessage(), hint, e);
        } catch (RunTimedOutException e) {
            throw e; // --timeout ran out: the run's own failure, not the credentials'
        } catch (RuntimeException e) {
            throw new PreflightException("check credentials: " + e.getMessage(), credentialsHint(lab), e);
        }
    }

    /**
     * One short line and one hint: an IAM Identity Center (SSO) profile without a valid token says how to log in; a
     * provider chain that found nothing is not dumped (--verbose shows it).
     */
    private static PreflightException noCredentials(Lab lab, String why, AwsCallException e) {
        String profile = lab.profile() != null ? lab.profile() : System.getenv("AWS_PROFILE");
        if (why.contains("SSO")) {
            return new PreflightException("check credentials: profile " + (profile == null ? "default" : profile)
                    + " signs in through AWS IAM Identity Center (SSO) and has no valid token",
                    "run `" + awsCommand(profile, "sso", "login") + "`, then try again", e);
        }
        if (why.contains("providers in the chain")) {
            why = "none found (environment, profile " + (profile == null ? "default" : profile) + ", web identity, "
                    + "container or instance role)";
        }
        return new PreflightException("check credentials: " + why, credentialsHint(lab), e);
    }

    private static String credentialsHint(Lab lab) {
        return lab.profile() != null
                ? "check that profile " + lab.profile() + " exists and has credentials (`aws configure list-profiles`; "
                + "for SSO: `" + awsCommand(lab.profile(), "sso", "login") + "`)"
                : "configure credentials: aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
    }

    /** An AWS CLI command for the user to paste, with --profile when one is named. */
    private static String awsCommand(String profile, String... words) {
        List<String> line = new ArrayList<>(List.of("aws"));
        line.addAll(List.of(words));
        if (profile != null) {
            line.addAll(List.of("--profile", profile));
        }
        return ShellWords.line(line);
    }

    private static List<ResourceView> views(List<Inventory.Found> found) {
        return found.stream().map(f -> new ResourceView(f.kind(), f.name(), f.id(), f.state(),
                f.createdAt(), true)).collect(Collectors.toList());
    }

    private static List<String> next(String command, Lab lab, List<Inventory.Found> now) {
        switch (command) {
            case "cluster":
                return List.of(lab.command("taskdef"));
            case "taskdef":
                // a service already running deploys the new revision only when told to
                return List.of(lab.command(now.stream().anyMatch(f -> f.kind() == ResourceRef.Kind.SERVICE)
                        ? "service" : "elb"));
            case "elb":
                return List.of(lab.command("service"));
            case "service":
                return List.of(lab.command("verify"));
            default:
                return List.of(lab.command("status"), lab.command("cleanup"));
        }
    }

    private static List<String> nextAfterStatus(Lab lab, List<Inventory.Found> found) {
        return found.isEmpty() ? List.of(lab.command("up"))
                : List.of(lab.command("verify"), lab.command("cleanup"));
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

}
