package dev.ecslab.lab;

import dev.ecslab.aws.Budget;
import dev.ecslab.aws.Durations;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.EcsGateway.ContainerInstanceInfo;
import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.ElbGateway.LoadBalancerInfo;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Poll;
import dev.ecslab.aws.Poller;
import dev.ecslab.aws.WaitFailedException;
import dev.ecslab.report.Results.CheckOutcome;
import dev.ecslab.report.Results.CheckResult;
import dev.ecslab.report.Results.VerifyReport;
import dev.ecslab.report.Verb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.ecslab.report.Results.CheckOutcome.NG;
import static dev.ecslab.report.Results.CheckOutcome.OK;
import static dev.ecslab.report.Results.CheckOutcome.SKIP;

/**
 * Step 5: end-to-end checks, each OK / NG / SKIP with the evidence seen (ecspresso's verify). SKIP is only for
 * what cannot be checked, with the reason: a service scaled to 0 serves nothing to probe.
 */
public final class Verifier {
    private static final String STEP = Verb.VERIFY.word();
    private static final int CONSECUTIVE_GETS = 5;

    private final LabContext ctx;
    private final List<CheckResult> checks = new ArrayList<>();

    public Verifier(LabContext ctx) {
        this.ctx = ctx;
    }

    public VerifyReport run() {
        Names n = ctx.names();
        EcsGateway ecs = ctx.aws().ecs();
        String next = ctx.lab().command(Verb.UP);

        boolean cluster = ecs.findCluster(n.cluster()).isPresent();
        List<ContainerInstanceInfo> connected = cluster ? ecs.listContainerInstances(n.cluster()).stream()
                .filter(ci -> "ACTIVE".equals(ci.status()) && ci.agentConnected()).collect(Collectors.toList())
                : List.of();
        if (!cluster) {
            record("cluster ACTIVE with a connected container instance", NG, n.cluster() + " does not exist; run "
                    + "`" + ctx.lab().command(Verb.CLUSTER) + "`");
        } else if (connected.isEmpty()) {
            record("cluster ACTIVE with a connected container instance", NG, n.cluster()
                    + " has no ACTIVE container instance with its agent connected");
        } else {
            ContainerInstanceInfo ci = connected.get(0);
            record("cluster ACTIVE with a connected container instance", OK, n.cluster() + ": " + ci.ec2InstanceId()
                    + " ACTIVE, agent connected, " + ci.remainingCpu() + "/" + ci.registeredCpu() + " CPU and "
                    + ci.remainingMemory() + "/" + ci.registeredMemory() + " MiB free");
        }

        Optional<ServiceInfo> service = cluster ? ecs.findService(n.cluster(), n.service()) : Optional.empty();
        Optional<EcsGateway.TaskDefinitionInfo> td = ecs.findLatestTaskDefinition(n.taskFamily());
        checkService(service, td, next);

        Optional<TargetGroupInfo> tg = ctx.aws().elb().findTargetGroup(n.targetGroup());
        checkTargets(service, tg);

        Optional<LoadBalancerInfo> lb = ctx.aws().elb().findLoadBalancer(n.loadBalancer());
        checkHttp(lb, service);
        return new VerifyReport(ctx.lab().name(), List.copyOf(checks));
    }

    private void checkService(Optional<ServiceInfo> service, Optional<EcsGateway.TaskDefinitionInfo> td, String next) {
        String name = "service ACTIVE, one PRIMARY deployment COMPLETED, running == desired";
        if (service.isEmpty()) {
            record(name, NG, ctx.names().service() + " does not exist; run `"
                    + ctx.lab().command(Verb.SERVICE) + "`");
            return;
        }
        ServiceInfo s = service.get();
        List<DeploymentInfo> primary = s.deployments().stream().filter(d -> "PRIMARY".equals(d.status()))
                .collect(Collectors.toList());
        String evidence = s.name() + " " + s.status() + ", running " + s.running() + "/" + s.desired()
                + ", deployments " + s.deployments().stream().map(d -> d.status() + " " + d.rolloutState() + " "
                + Revisions.shortName(d.taskDefinitionArn())).collect(Collectors.joining(", "));
        boolean onLabTd = td.isPresent() && primary.size() == 1
                && td.get().arn().equals(primary.get(0).taskDefinitionArn());
        boolean ok = "ACTIVE".equals(s.status()) && s.deployments().size() == 1 && primary.size() == 1
                && "COMPLETED".equals(primary.get(0).rolloutState()) && onLabTd && s.running() == s.desired();
        record(name, ok ? OK : NG, evidence + (onLabTd ? "" : "; not on the lab's latest task definition "
                + td.map(t -> Revisions.shortName(t.arn()) + " (`" + ctx.lab().command(Verb.SERVICE) + "` deploys it)")
                .orElse("(none)")));
    }

    private void checkTargets(Optional<ServiceInfo> service, Optional<TargetGroupInfo> tg) {
        String name = "one registered, healthy target per running task";
        if (tg.isEmpty()) {
            record(name, NG, ctx.names().targetGroup() + " does not exist; run `"
                    + ctx.lab().command(Verb.ELB) + "`");
            return;
        }
        if (service.isEmpty()) {
            record(name, NG, "no service, so no tasks to check");
            return;
        }
        List<ServiceTargets.TaskTarget> targets = ServiceTargets.of(ctx, tg.get().arn());
        if (service.get().desired() == 0) {
            record(name, targets.isEmpty() ? OK : NG, "the service is scaled to 0; running tasks: "
                    + targets.size());
            return;
        }
        long healthy = targets.stream().filter(ServiceTargets.TaskTarget::healthy).count();
        boolean ok = !targets.isEmpty() && healthy == targets.size() && targets.size() == service.get().desired();
        record(name, ok ? OK : NG, "healthy " + healthy + "/" + targets.size() + " running tasks: "
                + targets.stream().map(ServiceTargets.TaskTarget::describe).collect(Collectors.joining(", ")));
    }

    private void checkHttp(Optional<LoadBalancerInfo> lb, Optional<ServiceInfo> service) {
        String name = "HTTP GET through the load balancer returns nginx's page";
        if (service.isPresent() && service.get().desired() == 0) {
            record(name, SKIP, "the service is scaled to 0 (`ecslab scale --count N` to serve again); the load "
                    + "balancer answers 503 meanwhile");
            return;
        }
        if (lb.isEmpty()) {
            record(name, NG, ctx.names().loadBalancer() + " does not exist; run `"
                    + ctx.lab().command(Verb.ELB) + "`");
            return;
        }
        String host = lb.get().dnsName();
        Optional<URI> endpoint = localEndpoint(ctx.aws());
        Listener listener;
        if (endpoint.isPresent()) {
            // A local AWS: DNS names of load balancers resolve nowhere, so the listener is reached through the
            // endpoint with the name as Host (LocalStack's convention, and the emulator's).
            URI local = endpoint.get();
            listener = new Listener(local.getHost(), port(local), host, " via " + local.getHost() + ":"
                    + port(local));
        } else {
            String unresolved = resolve(host, lb.get().name());
            if (unresolved != null) {
                record(name, NG, unresolved);
                return;
            }
            listener = new Listener(host, 80, host, "");
        }
        try {
            String evidence = new Poller().poll(ctx.budget("HTTP 200 from " + host, Budgets.HTTP_OK),
                    new Heartbeat(ctx.reporter(), STEP), () -> unlessGone(lb.get().name(),
                            consecutiveGets(listener)));
            record(name, OK, evidence);
        } catch (WaitFailedException e) {
            record(name, NG, e.getMessage());
        }
    }

    /** Where the HTTP check connects, the Host it names, and how the evidence says so. */
    private record Listener(String connectHost, int port, String dnsName, String via) {
        String url() {
            return "http://" + dnsName + "/" + via;
        }
    }

    /** The port an HTTP endpoint listens on: its own, else HTTP's. */
    public static int port(URI endpoint) {
        return endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    }

    /** The endpoint every call goes to (--endpoint-url, AWS_ENDPOINT_URL ...) when it is on this machine. */
    public static Optional<URI> localEndpoint(Gateways aws) {
        return aws.elb().endpointOverride().filter(Verifier::onThisMachine);
    }

    /**
     * Whether the endpoint (--endpoint-url, AWS_ENDPOINT_URL ...) is on this machine: a local AWS, where the DNS names
     * of load balancers are fiction.
     */
    public static boolean onThisMachine(URI endpoint) {
        if (endpoint == null || endpoint.getHost() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Null when the name resolves, else why not. A new ALB's name can lag its "active" state: DNS_RESOLVES. */
    private String resolve(String host, String loadBalancer) {
        Budget budget = ctx.budget("DNS name of the load balancer", Budgets.DNS_RESOLVES);
        try {
            new Poller().poll(budget, new Heartbeat(ctx.reporter(), STEP), () -> {
                try {
                    InetAddress.getByName(host);
                    return Poll.done(true, host + " resolves");
                } catch (UnknownHostException e) {
                    return unlessGone(loadBalancer, Poll.pending(host + " does not resolve (UnknownHostException)"));
                }
            });
            return null;
        } catch (WaitFailedException e) {
            return e.timedOut() ? host + " does not resolve (UnknownHostException, tried for "
                    + Durations.format(budget.limit()) + "), so the HTTP probe could not run" : e.getMessage();
        }
    }

    /** A look that has to try again, unless the load balancer it waits for is gone: then no answer will come. */
    private <T> Poll<T> unlessGone(String loadBalancer, Poll<T> look) {
        if (look instanceof Poll.Pending<T> && ctx.aws().elb().findLoadBalancer(loadBalancer).isEmpty()) {
            return Poll.failed("load balancer " + loadBalancer + " was deleted while verify waited for its answer");
        }
        return look;
    }

    /**
     * CONSECUTIVE_GETS requests in a row, each 200 with nginx's page: one lucky answer while targets still come and
     * go is not a working service. Any other answer ends the round; the poller tries another.
     */
    private static Poll<String> consecutiveGets(Listener listener) {
        Set<String> tasks = new TreeSet<>();
        String server = "?";
        for (int i = 1; i <= CONSECUTIVE_GETS; i++) {
            String seen;
            try {
                HttpGet.Answer a = HttpGet.root(listener.connectHost(), listener.port(), listener.dnsName(),
                        Duration.ofSeconds(10));
                server = a.header("server").isEmpty() ? "?" : a.header("server");
                if (a.status() == 200 && a.body().contains("Welcome to nginx!")) {
                    if (!a.header("x-ecslab-task").isEmpty()) {
                        tasks.add(a.header("x-ecslab-task"));
                    }
                    continue;
                }
                // 503: no registered healthy targets yet; 502/504: targets unreachable (docs/aws.md §7)
                seen = a.status() + ", server " + server;
            } catch (IOException e) {
                seen = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return Poll.pending((i - 1) + "/" + CONSECUTIVE_GETS + " GET " + listener.url() + " → 200, then " + seen);
        }
        String evidence = CONSECUTIVE_GETS + "/" + CONSECUTIVE_GETS + " GET " + listener.url()
                + " → 200, nginx welcome page, server " + server
                + (tasks.isEmpty() ? "" : ", answered by " + tasks.size() + (tasks.size() == 1 ? " task" : " tasks"));
        return Poll.done(evidence, evidence);
    }

    private void record(String name, CheckOutcome result, String evidence) {
        CheckResult check = new CheckResult(name, result, evidence);
        checks.add(check);
        ctx.reporter().check(STEP, name, result.name(), evidence);
    }
}
