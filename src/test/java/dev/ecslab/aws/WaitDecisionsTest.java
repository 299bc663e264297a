package dev.ecslab.aws;

import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits that stop early on a decided state or keep going through a transient one, against AWS's own answers. */
class WaitDecisionsTest {
    private static final Budget BUDGET = new Budget("it", Duration.ofSeconds(10), Duration.ofMillis(10));
    private static final String ELB_NS = "xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"";
    private static final String LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x-alb/1";

    private final StubAws stub = new StubAws();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void registration_failed_ends_the_wait_at_once_with_the_reason() {
        stub.json(200, "{\"containerInstanceArns\":[\"arn:ci/1\"]}")
                .json(200, "{\"containerInstances\":[" + containerInstance("arn:ci/1", "i-1", "REGISTRATION_FAILED",
                        "The instance role lacks ecs:RegisterContainerInstance") + "],\"failures\":[]}");

        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> ecs().waitUntilRegistered("c", "i-1", BUDGET, WaitListener.NONE));

        assertFalse(e.timedOut());
        assertEquals("container instance registration failed: The instance role lacks "
                + "ecs:RegisterContainerInstance", e.getMessage());
    }

    @Test
    void registration_on_a_cluster_deleted_meanwhile_ends_the_wait_at_once() {
        stub.json(200, "{\"containerInstanceArns\":[]}").json(200, clusters("ACTIVE")) // not yet: look again
                .json(200, "{\"containerInstanceArns\":[]}").json(200, clusters("INACTIVE"));

        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> ecs().waitUntilRegistered("c", "i-1", BUDGET, WaitListener.NONE));

        assertFalse(e.timedOut());
        assertEquals("cluster c is INACTIVE: it was deleted (by a cleanup, or by hand) before instance i-1 registered "
                + "with it", e.getMessage());
        assertEquals(0, stub.unanswered());
    }

    private static String clusters(String status) {
        return "{\"clusters\":[{\"clusterArn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/c\","
                + "\"clusterName\":\"c\",\"status\":\"" + status + "\"}],\"failures\":[]}";
    }

    @Test
    void a_container_instance_filter_the_service_ignored_does_not_pick_another_instance() {
        stub.json(200, "{\"containerInstanceArns\":[\"arn:ci/1\",\"arn:ci/2\"]}")
                .json(200, "{\"containerInstances\":[" + containerInstance("arn:ci/1", "i-other", "ACTIVE", null) + ","
                        + containerInstance("arn:ci/2", "i-mine", "ACTIVE", null) + "],\"failures\":[]}");

        assertEquals("arn:ci/2", ecs().findContainerInstance("c", "i-mine").orElseThrow().arn());
    }

    @Test
    void a_load_balancer_not_visible_yet_or_provisioning_is_waited_for() {
        stub.xml(400, elbError("LoadBalancerNotFound", "One or more load balancers not found"))
                .xml(200, loadBalancers("provisioning"))
                .xml(200, loadBalancers("active"))
                .xml(200, "<DescribeTagsResponse " + ELB_NS + "><DescribeTagsResult><TagDescriptions><member>"
                        + "<ResourceArn>" + LB_ARN + "</ResourceArn><Tags><member><Key>ecslab:lab</Key><Value>x</Value>"
                        + "</member></Tags></member></TagDescriptions></DescribeTagsResult></DescribeTagsResponse>");
        List<String> heard = new ArrayList<>();

        ElbGateway.LoadBalancerInfo lb = elb().waitUntilAvailable(LB_ARN, true, BUDGET,
                (budget, elapsed, status) -> heard.add(status));

        assertEquals("active", lb.state());
        assertEquals(Map.of("ecslab:lab", "x"), lb.tags());
        assertEquals(List.of("ELB does not list it yet (usually a few seconds)", "load balancer provisioning"), heard);
    }

    @Test
    void a_load_balancer_that_vanishes_after_it_was_seen_ends_the_wait_at_once() {
        stub.xml(200, loadBalancers("provisioning"))
                .xml(400, elbError("LoadBalancerNotFound", "One or more load balancers not found"));
        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> elb().waitUntilAvailable(LB_ARN, true, BUDGET, WaitListener.NONE));
        assertFalse(e.timedOut());
        assertTrue(e.getMessage().contains("was deleted while ecslab waited for it"), e.getMessage());
    }

    @Test
    void an_adopted_load_balancer_not_found_was_deleted_not_late() {
        stub.xml(400, elbError("LoadBalancerNotFound", "One or more load balancers not found"));
        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> elb().waitUntilAvailable(LB_ARN, false, BUDGET, WaitListener.NONE));
        assertFalse(e.timedOut());
    }

    @Test
    void a_failed_load_balancer_ends_the_wait_at_once_with_the_reason() {
        stub.xml(200, loadBalancers("failed"));
        WaitFailedException e = assertThrows(WaitFailedException.class,
                () -> elb().waitUntilAvailable(LB_ARN, true, BUDGET, WaitListener.NONE));
        assertFalse(e.timedOut());
        assertTrue(e.getMessage().startsWith("load balancer x-alb failed: "), e.getMessage());
    }

    private EcsGateway ecs() {
        return new SdkEcsGateway(() -> EcsClient.builder().endpointOverride(stub.endpoint())
                .region(TestClients.REGION).credentialsProvider(TestClients.CREDENTIALS).build());
    }

    @Test
    void a_load_balancer_deleted_between_the_list_and_its_tags_is_left_out_not_an_error() {
        String gone = LB_ARN.replace("x-alb/1", "theirs-alb/2");
        String both = "<DescribeLoadBalancersResponse " + ELB_NS + "><DescribeLoadBalancersResult><LoadBalancers>"
                + member(LB_ARN, "x-alb") + member(gone, "theirs-alb")
                + "</LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>";
        // DescribeTags fails as a whole for one ARN that no longer exists (API_DescribeTags, Errors).
        stub.xml(200, both)
                .xml(400, elbError("LoadBalancerNotFound", "One or more load balancers not found"))
                .xml(200, tags(LB_ARN, "mine"))
                .xml(400, elbError("LoadBalancerNotFound", "One or more load balancers not found"));

        List<ElbGateway.LoadBalancerInfo> mine = elb().listLoadBalancersByLab("mine");

        assertEquals(List.of(LB_ARN), mine.stream().map(ElbGateway.LoadBalancerInfo::arn).toList());
        assertEquals(0, stub.unanswered());
    }

    private static String member(String arn, String name) {
        return "<member><LoadBalancerArn>" + arn + "</LoadBalancerArn><LoadBalancerName>" + name
                + "</LoadBalancerName><State><Code>active</Code></State></member>";
    }

    private static String tags(String arn, String lab) {
        return "<DescribeTagsResponse " + ELB_NS + "><DescribeTagsResult><TagDescriptions><member><ResourceArn>" + arn
                + "</ResourceArn><Tags><member><Key>ecslab:lab</Key><Value>" + lab + "</Value></member></Tags>"
                + "</member></TagDescriptions></DescribeTagsResult></DescribeTagsResponse>";
    }

    private ElbGateway elb() {
        return new SdkElbGateway(() -> ElasticLoadBalancingV2Client.builder().endpointOverride(stub.endpoint())
                .region(TestClients.REGION).credentialsProvider(TestClients.CREDENTIALS).build());
    }

    private static String containerInstance(String arn, String instanceId, String status, String reason) {
        return "{\"containerInstanceArn\":\"" + arn + "\",\"ec2InstanceId\":\"" + instanceId + "\",\"status\":\""
                + status + "\"," + (reason == null ? "" : "\"statusReason\":\"" + reason + "\",")
                + "\"agentConnected\":" + "ACTIVE".equals(status) + "}";
    }

    private static String loadBalancers(String state) {
        return "<DescribeLoadBalancersResponse " + ELB_NS + "><DescribeLoadBalancersResult><LoadBalancers><member>"
                + "<LoadBalancerArn>" + LB_ARN + "</LoadBalancerArn><LoadBalancerName>x-alb</LoadBalancerName>"
                + "<State><Code>" + state + "</Code>" + ("failed".equals(state) ? "<Reason>no capacity</Reason>" : "")
                + "</State></member></LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>";
    }

    private static String elbError(String code, String message) {
        return "<ErrorResponse " + ELB_NS + "><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
    }
}
