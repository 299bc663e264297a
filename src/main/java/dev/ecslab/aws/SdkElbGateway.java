package dev.ecslab.aws;

import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.IpAddressType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

final class SdkElbGateway implements ElbGateway {
    private final Supplier<ElasticLoadBalancingV2Client> client;
    private final Poller poller = new Poller();

    SdkElbGateway(Supplier<ElasticLoadBalancingV2Client> client) {
        this.client = client;
    }

    private ElasticLoadBalancingV2Client elb() {
        return client.get();
    }

    @Override
    public Optional<URI> endpointOverride() {
        return elb().serviceClientConfiguration().endpointOverride();
    }

    @Override
    public Optional<LoadBalancerInfo> findLoadBalancer(String name) {
        return AwsCall.find("find load balancer " + name, () -> elb().describeLoadBalancers(r -> r.names(name))
                .loadBalancers().stream().findFirst())
                .map(lb -> toInfo(lb, tagsOf(lb.loadBalancerArn())));
    }

    @Override
    public LoadBalancerInfo createLoadBalancer(LoadBalancerSpec spec, Budget groupVisible, WaitListener listener) {
        // Retrying is safe: CreateLoadBalancer with the same name and settings returns the one it made.
        LoadBalancer lb = poller.retry(groupVisible, listener, () -> AwsCall.run("create load balancer " + spec.name(),
                () -> elb().createLoadBalancer(r -> r.name(spec.name()).type(LoadBalancerTypeEnum.APPLICATION)
                        .scheme(LoadBalancerSchemeEnum.INTERNET_FACING).ipAddressType(IpAddressType.IPV4)
                        .subnets(spec.subnetIds()).securityGroups(spec.securityGroupIds()).tags(toTags(spec.tags())))
                        .loadBalancers().get(0)), e -> "InvalidSecurityGroup".equals(e.errorCode())
                ? "not there yet (usually a few seconds)" : null);
        return toInfo(lb, spec.tags());
    }

    @Override
    public LoadBalancerInfo waitUntilAvailable(String arn, boolean justCreated, Budget budget,
            WaitListener listener) {
        boolean[] seen = {!justCreated};
        LoadBalancerInfo available = poller.poll(budget, listener, () -> {
            Optional<LoadBalancer> found = AwsCall.find("describe load balancer " + arn, () -> elb()
                    .describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().stream().findFirst());
            if (found.isEmpty()) {
                // Just after CreateLoadBalancer AWS may not find it yet (its waiter retries on LoadBalancerNotFound).
                return seen[0] ? Poll.failed("load balancer " + arn + " was deleted while ecslab waited for it"
                        + " to become active (by another run's rollback, or by hand)")
                        : Poll.pending("ELB does not list it yet (usually a few seconds)");
            }
            seen[0] = true;
            LoadBalancer lb = found.get();
            String state = lb.state().codeAsString();
            if ("active".equals(state)) {
                return Poll.done(toInfo(lb, tagsOf(arn)), "load balancer active");
            }
            if ("failed".equals(state)) {
                return Poll.failed("load balancer " + lb.loadBalancerName() + " failed: " + lb.state().reason());
            }
            // provisioning, or active_impaired (routing, but short of capacity to scale): keep looking.
            return Poll.pending("load balancer " + state + (lb.state().reason() == null ? ""
                    : ": " + lb.state().reason()));
        });
        CallRecorder.waited("elbv2", "load-balancer-available", "the load balancer to be active",
                "LoadBalancerArns", List.of(arn));
        return available;
    }

    @Override
    public List<String> loadBalancerNames() {
        return AwsCall.run("list load balancers", () -> elb().describeLoadBalancersPaginator(r -> { })
                .loadBalancers().stream().map(LoadBalancer::loadBalancerName).collect(Collectors.toList()));
    }

    @Override
    public List<String> targetGroupNames() {
        return AwsCall.run("list target groups", () -> elb().describeTargetGroupsPaginator(r -> { })
                .targetGroups().stream().map(TargetGroup::targetGroupName).collect(Collectors.toList()));
    }

    @Override
    public List<LoadBalancerInfo> listLoadBalancersByLab(String lab) {
        List<LoadBalancer> all = AwsCall.run("list load balancers", () -> elb().describeLoadBalancersPaginator(r -> { })
                .loadBalancers().stream().collect(Collectors.toList()));
        Map<String, Map<String, String>> tags = tagsOf(all.stream().map(LoadBalancer::loadBalancerArn)
                .collect(Collectors.toList()));
        return all.stream().filter(lb -> Tags.ownedBy(tags.get(lb.loadBalancerArn()), lab))
                .map(lb -> toInfo(lb, tags.get(lb.loadBalancerArn()))).collect(Collectors.toList());
    }

    @Override
    public LoadBalancerUse applicationLoadBalancerUse() {
        int used = AwsCall.run("list load balancers", () -> (int) elb().describeLoadBalancersPaginator(r -> { })
                .loadBalancers().stream().filter(lb -> "application".equals(lb.typeAsString())).count());
        Integer quota = AwsCall.run("read the load balancer quotas", () -> elb().describeAccountLimits(r -> { })
                .limits().stream().filter(l -> "application-load-balancers".equals(l.name()))
                .map(l -> Integer.valueOf(l.max())).findFirst().orElse(null));
        return new LoadBalancerUse(used, quota);
    }

    @Override
    public void deleteLoadBalancer(String arn) {
        AwsCall.delete("delete load balancer " + arn, () -> elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn)));
    }

    @Override
    public void waitUntilDeleted(String arn, Budget budget, WaitListener listener) {
        poller.poll(budget, listener, () -> {
            try {
                boolean gone = AwsCall.run("describe load balancer " + arn,
                        () -> elb().describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().isEmpty());
                return gone ? Poll.done(true, "load balancer deleted") : Poll.pending("load balancer deleting");
            } catch (AwsCallException e) {
                if (AwsCall.isNotFound(e)) {
                    return Poll.done(true, "load balancer deleted");
                }
                throw e;
            }
        });
        CallRecorder.waited("elbv2", "load-balancers-deleted", "the load balancer to be deleted",
                "LoadBalancerArns", List.of(arn));
    }

    @Override
    public Optional<TargetGroupInfo> findTargetGroup(String name) {
        return AwsCall.find("find target group " + name, () -> elb().describeTargetGroups(r -> r.names(name))
                .targetGroups().stream().findFirst())
                .map(tg -> toInfo(tg, tagsOf(tg.targetGroupArn())));
    }

    @Override
    public TargetGroupInfo createTargetGroup(TargetGroupSpec spec) {
        TargetGroup tg = AwsCall.run("create target group " + spec.name(), () -> elb().createTargetGroup(r -> r
                .name(spec.name()).protocol(ProtocolEnum.HTTP).port(spec.port()).vpcId(spec.vpcId())
                .targetType(TargetTypeEnum.INSTANCE).healthCheckProtocol(ProtocolEnum.HTTP)
                .healthCheckPath(spec.healthCheckPath()).healthCheckPort("traffic-port")
                .healthCheckIntervalSeconds(spec.intervalSeconds()).healthCheckTimeoutSeconds(spec.timeoutSeconds())
                .healthyThresholdCount(spec.healthyThreshold()).unhealthyThresholdCount(spec.unhealthyThreshold())
                .matcher(m -> m.httpCode("200")).tags(toTags(spec.tags()))).targetGroups().get(0));
        // Default 300 s: every scale-in and cleanup would wait that long per target (docs/aws.md §5).
        AwsCall.run("set the deregistration delay of target group " + spec.name(),
                () -> elb().modifyTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn()).attributes(
                        TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds")
                                .value(String.valueOf(spec.deregistrationDelaySeconds())).build())));
        return toInfo(tg, spec.tags());
    }

    @Override
    public List<TargetGroupInfo> listTargetGroupsByLab(String lab) {
        List<TargetGroup> all = AwsCall.run("list target groups", () -> elb().describeTargetGroupsPaginator(r -> { })
                .targetGroups().stream().collect(Collectors.toList()));
        Map<String, Map<String, String>> tags = tagsOf(all.stream().map(TargetGroup::targetGroupArn)
                .collect(Collectors.toList()));
        return all.stream().filter(tg -> Tags.ownedBy(tags.get(tg.targetGroupArn()), lab))
                .map(tg -> toInfo(tg, tags.get(tg.targetGroupArn()))).collect(Collectors.toList());
    }

    @Override
    public void deleteTargetGroup(String arn) {
        AwsCall.delete("delete target group " + arn, () -> elb().deleteTargetGroup(r -> r.targetGroupArn(arn)));
    }

    @Override
    public List<ListenerInfo> listListeners(String loadBalancerArn) {
        List<Listener> listeners = AwsCall.run("list listeners of " + loadBalancerArn, () -> elb()
                .describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream()
                .collect(Collectors.toList()));
        return listeners.stream().map(SdkElbGateway::toInfo).collect(Collectors.toList());
    }

    @Override
    public ListenerInfo createListener(String loadBalancerArn, int port, String targetGroupArn,
                                       Map<String, String> tags) {
        Listener l = AwsCall.run("create listener on port " + port, () -> elb().createListener(r -> r
                .loadBalancerArn(loadBalancerArn).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build())
                .tags(toTags(tags))).listeners().get(0));
        return toInfo(l);
    }

    @Override
    public List<TargetHealth> describeTargetHealth(String targetGroupArn) {
        return AwsCall.run("describe target health", () -> elb().describeTargetHealth(
                r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                .map(d -> new TargetHealth(d.target().id(), d.target().port() == null ? 0 : d.target().port(),
                        d.targetHealth().stateAsString(), d.targetHealth().reasonAsString(),
                        d.targetHealth().description()))
                .collect(Collectors.toList()));
    }

    private Map<String, String> tagsOf(String arn) {
        return tagsOf(List.of(arn)).getOrDefault(arn, Map.of());
    }

    /**
     * DescribeTags takes at most 20 ARNs per call, and fails as a whole when one of them no longer exists
     * (LoadBalancerNotFound / TargetGroupNotFound, API_DescribeTags Errors) — e.g. another lab's cleanup deleted it
     * between the list and this call. Then that batch is read one ARN at a time, and what is gone is left out.
     */
    private Map<String, Map<String, String>> tagsOf(List<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> batch = new ArrayList<>(arns.subList(i, Math.min(arns.size(), i + 20)));
            List<TagDescription> found = describeTags(batch).orElseGet(() -> batch.stream()
                    .flatMap(arn -> describeTags(List.of(arn)).orElse(List.of()).stream()).toList());
            for (TagDescription d : found) {
                tags.put(d.resourceArn(), d.tags().stream()
                        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
            }
        }
        return tags;
    }

    /** Empty when one of the ARNs no longer exists. */
    private Optional<List<TagDescription>> describeTags(List<String> arns) {
        return AwsCall.find("read load balancing tags",
                () -> Optional.of(elb().describeTags(r -> r.resourceArns(arns)).tagDescriptions()));
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .collect(Collectors.toList());
    }

    private static LoadBalancerInfo toInfo(LoadBalancer lb, Map<String, String> tags) {
        return new LoadBalancerInfo(lb.loadBalancerArn(), lb.loadBalancerName(), lb.dnsName(),
                lb.state() == null ? null : lb.state().codeAsString(), lb.vpcId(), lb.securityGroups(),
                lb.availabilityZones().stream().map(az -> az.zoneName()).collect(Collectors.toList()),
                lb.createdTime() == null ? 0 : lb.createdTime().toEpochMilli(), tags == null ? Map.of() : tags);
    }

    private static TargetGroupInfo toInfo(TargetGroup tg, Map<String, String> tags) {
        return new TargetGroupInfo(tg.targetGroupArn(), tg.targetGroupName(), tg.vpcId(),
                tg.port() == null ? 0 : tg.port(),
                tg.healthCheckIntervalSeconds() == null ? 0 : tg.healthCheckIntervalSeconds(),
                tg.healthyThresholdCount() == null ? 0 : tg.healthyThresholdCount(), tg.loadBalancerArns(),
                tags == null ? Map.of() : tags);
    }

    private static ListenerInfo toInfo(Listener l) {
        return new ListenerInfo(l.listenerArn(), l.loadBalancerArn(), l.port() == null ? 0 : l.port(),
                l.protocolAsString(), l.defaultActions().stream().map(Action::targetGroupArn)
                .filter(Objects::nonNull).collect(Collectors.toList()));
    }
}
