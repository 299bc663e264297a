package dev.ecslab.report;

import dev.ecslab.aws.Partition;
import dev.ecslab.state.ResourceRef.Kind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each resource's console page is the address the AWS console itself gives it, in the resource's region. */
class ConsoleUrlsTest {
    private static final Partition AWS = new Partition("aws");
    private static final String EU = "https://eu-west-1.console.aws.amazon.com";

    private static String eu(Kind kind, String name, String id) {
        return ConsoleUrls.of(kind, name, id, "eu-west-1", AWS);
    }

    @Test
    void ecs_pages_name_the_cluster_the_service_and_the_task_definitions_revision() {
        assertEquals("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/ecslab-demo/services?region=us-east-1",
                ConsoleUrls.of(Kind.CLUSTER, "ecslab-demo", "arn:aws:ecs:us-east-1:123456789012:cluster/ecslab-demo",
                        "us-east-1", AWS));
        assertEquals(EU + "/ecs/v2/clusters/ecslab-demo/services/ecslab-demo-web/health?region=eu-west-1",
                eu(Kind.SERVICE, "ecslab-demo-web", "arn:aws:ecs:eu-west-1:1:service/ecslab-demo/ecslab-demo-web"));
        String revision12 = "arn:aws:ecs:eu-west-1:1:task-definition/ecslab-demo-web:12";
        assertEquals(EU + "/ecs/v2/task-definitions/ecslab-demo-web/12/containers?region=eu-west-1",
                eu(Kind.TASK_DEFINITION, "ecslab-demo-web", revision12));
    }

    @Test
    void ec2_pages_name_the_instance_the_load_balancer_the_target_group_and_the_security_groups() {
        assertEquals(EU + "/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0abc",
                eu(Kind.INSTANCE, "ecslab-demo-instance", "i-0abc"));
        String alb = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/ecslab-demo-alb/50dc6c495c0c9188";
        assertEquals(EU + "/ec2/home?region=eu-west-1#LoadBalancer:loadBalancerArn=" + alb,
                eu(Kind.LOAD_BALANCER, "ecslab-demo-alb", alb));
        String tg = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/ecslab-demo-tg/6d0ecf831eec9f09";
        assertEquals(EU + "/ec2/home?region=eu-west-1#TargetGroup:targetGroupArn=" + tg,
                eu(Kind.TARGET_GROUP, "ecslab-demo-tg", tg));
        assertEquals(EU + "/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-1",
                eu(Kind.ALB_SECURITY_GROUP, "ecslab-demo-alb-sg", "sg-1"));
        assertEquals(EU + "/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-2",
                eu(Kind.INSTANCE_SECURITY_GROUP, "ecslab-demo-instance-sg", "sg-2"));
    }

    @Test
    void the_log_group_is_escaped_as_cloudwatch_escapes_it_and_the_role_is_on_the_global_iam_console() {
        assertEquals(EU + "/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fecslab-demo",
                eu(Kind.LOG_GROUP, "/ecs/ecslab-demo", "arn:aws:logs:eu-west-1:1:log-group:/ecs/ecslab-demo:*"));
        assertEquals("a.b_c-d$2523e$2524f", ConsoleUrls.logGroupEscaped("a.b_c-d#e$f"));
        assertEquals("https://us-east-1.console.aws.amazon.com/iam/home#/roles/details/ecslab-demo-instance-role",
                eu(Kind.INSTANCE_ROLE, "ecslab-demo-instance-role", "arn:aws:iam::1:role/ecslab/ecslab-demo-x"));
    }

    @Test
    void what_has_no_page_of_its_own_or_lacks_what_the_page_needs_has_none() {
        assertNull(eu(Kind.INSTANCE_PROFILE, "ecslab-demo-instance-profile", "arn:aws:iam::1:instance-profile/x"));
        assertNull(eu(Kind.LISTENER, "ecslab-demo-listener", "arn:aws:elasticloadbalancing:eu-west-1:1:listener/x"));
        assertNull(eu(Kind.SERVICE, "ecslab-demo-web", "arn:aws:ecs:eu-west-1:1:service/ecslab-demo-web"));
        assertNull(eu(Kind.TASK_DEFINITION, "ecslab-demo-web", "arn:aws:ecs:eu-west-1:1:task-definition/ecslab"));
        assertNull(ConsoleUrls.of(Kind.CLUSTER, "ecslab-demo", null, "us-iso-east-1", new Partition("aws-iso")));
    }

    @Test
    void china_and_govcloud_have_their_own_console_hosts() {
        assertEquals("https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/ecslab-demo/services?region=cn-north-1",
                ConsoleUrls.of(Kind.CLUSTER, "ecslab-demo", null, "cn-north-1", new Partition("aws-cn")));
        assertEquals("https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1"
                        + "#InstanceDetails:instanceId=i-1",
                ConsoleUrls.of(Kind.INSTANCE, "x", "i-1", "us-gov-west-1", new Partition("aws-us-gov")));
        assertEquals("https://console.amazonaws.cn/iam/home#/roles/details/r",
                ConsoleUrls.of(Kind.INSTANCE_ROLE, "r", null, "cn-northwest-1", new Partition("aws-cn")));
        assertEquals("https://console.amazonaws-us-gov.com/iam/home#/roles/details/r",
                ConsoleUrls.of(Kind.INSTANCE_ROLE, "r", null, "us-gov-east-1", new Partition("aws-us-gov")));
    }
}
