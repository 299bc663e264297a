package dev.ecslab.report;

import dev.ecslab.state.ResourceRef.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --explain's console pages: after a step that succeeded, one page per resource it made or found that has one. */
class ExplainingReporterTest {
    private final List<Event> seen = new CopyOnWriteArrayList<>();

    @Test
    void a_step_that_succeeded_names_the_console_page_of_what_it_made_in_the_callers_region_and_partition() {
        try (ExplainingReporter explain = new ExplainingReporter(seen::add, Verb.CLUSTER)) {
            explain.caller("123456789012", "cn-north-1", "arn:aws-cn:iam::123456789012:user/u");
            explain.stepStarted("cluster", "ECS cluster");
            explain.created("cluster", Kind.CLUSTER, "ecslab-x", "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/x");
            explain.adopted("cluster", Kind.INSTANCE_PROFILE, "ecslab-x-instance-profile", "arn:…"); // no page
            explain.created("cluster", Kind.INSTANCE, "ecslab-x-instance", "i-0123");
            explain.stepDone("cluster", Duration.ofSeconds(1));
        }
        Event console = seen.stream().filter(e -> "console".equals(e.fields().get("part"))).findFirst().orElseThrow();
        assertEquals("cluster", console.step());
        assertEquals(List.of(
                Map.of("kind", "cluster", "name", "ecslab-x", "url", "https://cn-north-1.console.amazonaws.cn/ecs/v2/"
                        + "clusters/ecslab-x/services?region=cn-north-1"),
                Map.of("kind", "instance", "name", "ecslab-x-instance", "url", "https://cn-north-1.console."
                        + "amazonaws.cn/ec2/home?region=cn-north-1#InstanceDetails:instanceId=i-0123")),
                console.fields().get("pages"));
        assertTrue(seen.indexOf(console) > seen.indexOf(seen.stream().filter(e -> "commands".equals(
                e.fields().get("part"))).findFirst().orElseThrow()), "after the step's commands");
    }

    @Test
    void a_step_that_failed_names_no_page_its_rollback_removes() {
        try (ExplainingReporter explain = new ExplainingReporter(seen::add, Verb.ELB)) {
            explain.caller("123456789012", "us-east-1", "arn:aws:iam::123456789012:user/u");
            explain.stepStarted("elb", "load balancer");
            explain.created("elb", Kind.TARGET_GROUP, "ecslab-x-tg", "arn:aws:elasticloadbalancing:…");
            explain.stepFailed("elb", "refused", Duration.ofSeconds(1));
        }
        assertTrue(seen.stream().noneMatch(e -> "console".equals(e.fields().get("part"))), seen::toString);
    }
}
