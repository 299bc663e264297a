package dev.ecslab.aws;

import dev.ecslab.aws.ElbGateway.ListenerInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerSpec;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.aws.ElbGateway.TargetGroupSpec;
import dev.ecslab.testing.Eventually;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElbGatewayIT {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final Budget QUICK = new Budget("quick", Duration.ofSeconds(20), Duration.ofMillis(200));

    private static String vpcId;
    private static List<String> subnets;
    private static String securityGroup;

    private final ElbGateway elb = EmulatorGateways.of(EMULATOR).elb();
    private final ElasticLoadBalancingV2Client check = EMULATOR.clients().elb();
    private final String lab = EmulatorGateways.uniqueLab();
    private final Names names = new Names(lab);

    @BeforeAll
    static void network() {
        Ec2Client ec2 = EMULATOR.clients().ec2();
        vpcId = ec2.describeVpcs(r -> r.filters(Filter.builder().name("isDefault").values("true").build()))
                .vpcs().get(0).vpcId();
        subnets = ec2.describeSubnets(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .subnets().stream().sorted((a, b) -> a.availabilityZone().compareTo(b.availabilityZone()))
                .limit(2).map(s -> s.subnetId()).collect(Collectors.toList());
        securityGroup = ec2.createSecurityGroup(r -> r.groupName("elb-it").description("elb it").vpcId(vpcId))
                .groupId();
    }

    @Test
    void the_load_balancer_is_internet_facing_ipv4_application_tagged_at_creation() {
        Map<String, String> tags = Tags.of(lab, "run-1", names.loadBalancer());
        LoadBalancerInfo created = elb.createLoadBalancer(new LoadBalancerSpec(names.loadBalancer(), subnets,
                List.of(securityGroup), tags), QUICK, WaitListener.NONE);

        LoadBalancer seen = check.describeLoadBalancers(r -> r.names(names.loadBalancer())).loadBalancers().get(0);
        assertEquals(created.arn(), seen.loadBalancerArn());
        assertEquals("internet-facing", seen.schemeAsString());
        assertEquals("application", seen.typeAsString());
        assertEquals("ipv4", seen.ipAddressTypeAsString());
        assertEquals(List.of(securityGroup), seen.securityGroups());
        assertEquals(2, seen.availabilityZones().size());
        assertEquals(tags, tagsOf(created.arn()));

        // The emulator's clock: provisioning lasts 150 AWS seconds × its time scale.
        assertEquals("provisioning", seen.state().codeAsString());
        LoadBalancerInfo available = elb.waitUntilAvailable(created.arn(), true, new Budget("active", Duration.ofMinutes(2),
                Duration.ofMillis(250)), WaitListener.NONE);
        assertEquals("active", available.state());
        assertEquals(tags, available.tags());
        assertEquals(seen.dnsName(), available.dnsName());
    }

    @Test
    void a_load_balancer_is_found_by_exact_name_with_its_tags_or_not_at_all() {
        Map<String, String> tags = Tags.of(lab, "run-1", names.loadBalancer());
        String arn = elb.createLoadBalancer(new LoadBalancerSpec(names.loadBalancer(), subnets,
                List.of(securityGroup), tags), QUICK, WaitListener.NONE).arn();

        LoadBalancerInfo found = elb.findLoadBalancer(names.loadBalancer()).orElseThrow();
        assertEquals(arn, found.arn());
        assertEquals(tags, found.tags());
        assertEquals(vpcId, found.vpcId());
        assertTrue(elb.findLoadBalancer(names.loadBalancer() + "x").isEmpty());
    }

    @Test
    void the_target_group_has_the_fast_health_check_and_a_short_deregistration_delay() {
        Map<String, String> tags = Tags.of(lab, "run-1", names.targetGroup());
        TargetGroupInfo created = elb.createTargetGroup(new TargetGroupSpec(names.targetGroup(), vpcId, 80, "/", 5, 4,
                2, 2, 5, tags));

        TargetGroup seen = check.describeTargetGroups(r -> r.names(names.targetGroup())).targetGroups().get(0);
        assertEquals(created.arn(), seen.targetGroupArn());
        assertEquals("HTTP", seen.protocolAsString());
        assertEquals(80, seen.port());
        assertEquals("instance", seen.targetTypeAsString());
        assertEquals("HTTP", seen.healthCheckProtocolAsString());
        assertEquals("/", seen.healthCheckPath());
        assertEquals("traffic-port", seen.healthCheckPort());
        assertEquals(5, seen.healthCheckIntervalSeconds());
        assertEquals(4, seen.healthCheckTimeoutSeconds());
        assertEquals(2, seen.healthyThresholdCount());
        assertEquals(2, seen.unhealthyThresholdCount());
        assertEquals("200", seen.matcher().httpCode());
        assertEquals(tags, tagsOf(created.arn()));
        Map<String, String> attributes = check.describeTargetGroupAttributes(r -> r.targetGroupArn(created.arn()))
                .attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
        assertEquals("5", attributes.get("deregistration_delay.timeout_seconds"));

        TargetGroupInfo found = elb.findTargetGroup(names.targetGroup()).orElseThrow();
        assertEquals(tags, found.tags());
        assertEquals(5, found.intervalSeconds());
        assertTrue(elb.findTargetGroup(names.targetGroup() + "x").isEmpty());
    }

    @Test
    void the_listener_forwards_http_80_to_the_target_group() {
        String lb = elb.createLoadBalancer(new LoadBalancerSpec(names.loadBalancer(), subnets, List.of(securityGroup),
                Tags.of(lab, "r", null)), QUICK, WaitListener.NONE).arn();
        String tg = elb.createTargetGroup(new TargetGroupSpec(names.targetGroup(), vpcId, 80, "/", 5, 4, 2, 2, 5,
                Tags.of(lab, "r", null))).arn();
        Map<String, String> tags = Tags.of(lab, "run-1", null);

        ListenerInfo created = elb.createListener(lb, 80, tg, tags);

        Listener seen = check.describeListeners(r -> r.loadBalancerArn(lb)).listeners().get(0);
        assertEquals(created.arn(), seen.listenerArn());
        assertEquals("HTTP", seen.protocolAsString());
        assertEquals(80, seen.port());
        assertEquals("forward", seen.defaultActions().get(0).typeAsString());
        assertEquals(tg, seen.defaultActions().get(0).targetGroupArn());
        assertEquals(tags, tagsOf(created.arn()));
        assertEquals(List.of(new ListenerInfo(created.arn(), lb, 80, "HTTP", List.of(tg))), elb.listListeners(lb));
        // ELBv2 reads lag a moment behind CreateListener (docs/aws.md §14)
        assertEquals(List.of(lb), Eventually.until(() -> check.describeTargetGroups(r -> r.targetGroupArns(tg))
                .targetGroups().get(0).loadBalancerArns(), arns -> !arns.isEmpty()));
    }

    @Test
    void target_health_is_read_per_target() {
        String lb = elb.createLoadBalancer(new LoadBalancerSpec(names.loadBalancer(), subnets, List.of(securityGroup),
                Tags.of(lab, "r", null)), QUICK, WaitListener.NONE).arn();
        String tg = elb.createTargetGroup(new TargetGroupSpec(names.targetGroup(), vpcId, 80, "/", 5, 4, 2, 2, 5,
                Tags.of(lab, "r", null))).arn();
        elb.createListener(lb, 80, tg, Tags.of(lab, "r", null));
        assertTrue(elb.describeTargetHealth(tg).isEmpty());

        String instance = anInstance();
        check.registerTargets(r -> r.targetGroupArn(tg).targets(TargetDescription.builder().id(instance).port(32768)
                .build()));

        List<ElbGateway.TargetHealth> health = elb.describeTargetHealth(tg);
        assertEquals(1, health.size());
        assertEquals(instance, health.get(0).id());
        assertEquals(32768, health.get(0).port());
        String expected = check.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().get(0)
                .targetHealth().stateAsString();
        assertEquals(expected, health.get(0).state());
    }

    @Test
    void listing_by_lab_returns_only_this_labs_load_balancers_and_target_groups() {
        String mine = elb.createLoadBalancer(new LoadBalancerSpec(names.loadBalancer(), subnets,
                List.of(securityGroup), Tags.of(lab, "r", null)), QUICK, WaitListener.NONE).arn();
        String myGroup = elb.createTargetGroup(new TargetGroupSpec(names.targetGroup(), vpcId, 80, "/", 5, 4, 2, 2, 5,
                Tags.of(lab, "r", null))).arn();
        Names other = new Names(EmulatorGateways.uniqueLab());
        elb.createLoadBalancer(new LoadBalancerSpec(other.loadBalancer(), subnets, List.of(securityGroup),
                Tags.of(other.lab(), "r", null)), QUICK, WaitListener.NONE);
        elb.createTargetGroup(new TargetGroupSpec(other.targetGroup(), vpcId, 80, "/", 5, 4, 2, 2, 5,
                Tags.of(other.lab(), "r", null)));

        assertEquals(List.of(mine), elb.listLoadBalancersByLab(lab).stream().map(LoadBalancerInfo::arn)
                .collect(Collectors.toList()));
        assertEquals(List.of(myGroup), elb.listTargetGroupsByLab(lab).stream().map(TargetGroupInfo::arn)
                .collect(Collectors.toList()));
    }

    @Test
    void teardown_is_ordered_and_idempotent() {
        String lb = elb.createLoadBalancer(new LoadBalancerSpec(names.loadBalancer(), subnets, List.of(securityGroup),
                Tags.of(lab, "r", null)), QUICK, WaitListener.NONE).arn();
        String tg = elb.createTargetGroup(new TargetGroupSpec(names.targetGroup(), vpcId, 80, "/", 5, 4, 2, 2, 5,
                Tags.of(lab, "r", null))).arn();
        elb.createListener(lb, 80, tg, Tags.of(lab, "r", null));

        AwsCallException inUse = assertThrows(AwsCallException.class, () -> elb.deleteTargetGroup(tg));
        assertEquals("ResourceInUse", inUse.errorCode());

        elb.deleteLoadBalancer(lb);
        elb.waitUntilDeleted(lb, QUICK, WaitListener.NONE);
        elb.deleteTargetGroup(tg);
        assertTrue(check.describeLoadBalancers().loadBalancers().stream().noneMatch(l -> l.loadBalancerArn()
                .equals(lb)));
        assertTrue(check.describeTargetGroups().targetGroups().stream().noneMatch(g -> g.targetGroupArn().equals(tg)));

        elb.deleteLoadBalancer(lb);
        elb.deleteTargetGroup(tg);
        elb.waitUntilDeleted(lb, QUICK, WaitListener.NONE);
    }

    private String anInstance() {
        Ec2Client ec2 = EMULATOR.clients().ec2();
        String image = EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86)).parameter().value();
        String id = ec2.runInstances(r -> r.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        // Only a running instance can be a target ("not in a running state and cannot be registered").
        ec2.waiter().waitUntilInstanceRunning(r -> r.instanceIds(id), o -> o.maxAttempts(100)
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelayWithoutJitter(
                        java.time.Duration.ofMillis(200))));
        return id;
    }

    private Map<String, String> tagsOf(String arn) {
        return check.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
