package dev.ecslab.app;

import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.Verifier;
import dev.ecslab.report.ConsoleUrls;
import dev.ecslab.report.CostEstimate;
import dev.ecslab.report.Results;
import dev.ecslab.report.Results.ResourceView;
import dev.ecslab.report.ShellWords;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a report shows of the lab as the inventory found it, beside the command's own outcome: its resources, its
 * cost, its page's URL and the command to run next. Here rather than in report/ because each reads lab/'s findings
 * (the inventory, the lab's command line, the local endpoint), which report/ sits below.
 */
final class LabView {
    private LabView() {
    }

    /** What exists, each with its page in the AWS console of the caller's region and partition. */
    static List<ResourceView> resources(List<Inventory.Found> found, StsGateway.CallerIdentity caller) {
        return found.stream().map(f -> new ResourceView(f.kind(), f.name(), f.id(), f.state(), f.createdAt(), true,
                ConsoleUrls.of(f.kind(), f.name(), f.id(), caller.region(), caller.partition())))
                .collect(Collectors.toList());
    }

    /** What is gone, or about to be (cleanup): no console page to open. */
    static List<ResourceView> gone(List<Inventory.Found> found) {
        return found.stream().map(f -> new ResourceView(f.kind(), f.name(), f.id(), f.state(),
                f.createdAt(), true)).collect(Collectors.toList());
    }

    /**
     * What the lab costs per hour and has cost so far, from what discover read: its instance's type and launch, its
     * ALB's zones and creation; null when it has neither (no lab, no cost: docs/json.md).
     */
    static CostEstimate cost(Inventory inventory, List<Inventory.Found> found) {
        return inventory.instanceType().isEmpty() && inventory.loadBalancer().isEmpty() ? null
                : listedCost(inventory, found);
    }

    /** As {@link #cost}, but $0 rather than none for a lab with nothing billed by the hour: ls lists a cost per lab. */
    static CostEstimate listedCost(Inventory inventory, List<Inventory.Found> found) {
        Instant launched = found.stream().filter(f -> f.kind() == ResourceRef.Kind.INSTANCE)
                .map(Inventory.Found::createdAt).filter(Objects::nonNull).findFirst().orElse(null);
        Optional<ElbGateway.LoadBalancerInfo> lb = inventory.loadBalancer();
        return CostEstimate.of(inventory.instanceType().orElse(null), launched,
                lb.map(l -> l.availabilityZones().size()).orElse(0),
                lb.map(l -> Instant.ofEpochMilli(l.createdAtMillis())).orElse(null), Instant.now());
    }

    /** The page's URL; against a local endpoint also the curl line that reaches the listener (Verifier's way). */
    static Results.LoadBalancerUrl url(LabContext ctx, Optional<ElbGateway.LoadBalancerInfo> lb) {
        if (lb.isEmpty()) {
            return null;
        }
        String dns = lb.get().dnsName();
        Optional<URI> endpoint = Verifier.localEndpoint(ctx.aws());
        return new Results.LoadBalancerUrl("http://" + dns + "/", endpoint.map(e -> ShellWords.line("curl", "-H",
                "Host: " + dns, "http://" + e.getHost() + ":" + Verifier.port(e) + "/")).orElse(null));
    }

    /** The {@code next:} lines after a step command: the lab's next step, or how to look at it and remove it. */
    static List<String> next(Verb command, Lab lab, List<Inventory.Found> now) {
        switch (command) {
            case CLUSTER:
                return List.of(lab.command(Verb.TASKDEF));
            case TASKDEF:
                // a service already running deploys the new revision only when told to
                return List.of(lab.command(now.stream().anyMatch(f -> f.kind() == ResourceRef.Kind.SERVICE)
                        ? Verb.SERVICE : Verb.ELB));
            case ELB:
                return List.of(lab.command(Verb.SERVICE));
            case SERVICE:
                return List.of(lab.command(Verb.VERIFY));
            default:
                return List.of(lab.command(Verb.STATUS), lab.command(Verb.CLEANUP));
        }
    }

    static List<String> nextAfterStatus(Lab lab, List<Inventory.Found> found) {
        return found.isEmpty() ? List.of(lab.command(Verb.UP))
                : List.of(lab.command(Verb.VERIFY), lab.command(Verb.CLEANUP));
    }
}
