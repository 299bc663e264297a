package dev.ecslab.report;

import dev.ecslab.state.ResourceRef.Kind;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What people see on stderr by default, with --verbose and with --quiet, for the same events. */
class HumanReporterTest {
    private static List<String> lines(boolean quiet, boolean verbose) {
        StringWriter out = new StringWriter();
        HumanReporter r = new HumanReporter(new PrintWriter(out, true), quiet, verbose);
        r.stepStarted("elb", "load balancer");
        r.created("elb", Kind.LOAD_BALANCER, "ecslab-d-alb", "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/x");
        r.created("network", Kind.ALB_SECURITY_GROUP, "ecslab-d-alb-sg", "sg-1");
        r.detail("service", "event: (service s) has reached a steady state.");
        r.info("service", "event: (service s) was unable to place a task.");
        r.check("verify", "service ACTIVE", "OK", "running 4/4");
        r.warning("state", "state file unreadable");
        r.planned("scale", "update", Kind.SERVICE, "ecslab-d-web", "desired count 1 → 4");
        r.stepFailed("service", "boom", Duration.ofSeconds(2));
        return out.toString().lines().toList();
    }

    @Test
    void by_default_no_arn_no_routine_detail_and_no_check_twice() {
        assertEquals(List.of("[elb] started: load balancer", "[elb] created load balancer ecslab-d-alb",
                "[network] created alb security group ecslab-d-alb-sg (sg-1)",
                "[service] event: (service s) was unable to place a task.", "[state] warning: state file unreadable",
                "[scale] (plan) would update service ecslab-d-web: desired count 1 → 4",
                "[service] failed after 2s: boom"), lines(false, false));
    }

    @Test
    void verbose_adds_the_arns_and_the_routine_detail() {
        List<String> verbose = lines(false, true);
        assertEquals("[elb] created load balancer ecslab-d-alb (arn:aws:elasticloadbalancing:us-east-1:1:"
                + "loadbalancer/x)", verbose.get(1));
        assertEquals("[service] event: (service s) has reached a steady state.", verbose.get(3));
        assertEquals(lines(false, false).size() + 1, verbose.size());
    }

    @Test
    void quiet_keeps_only_warnings_failures_and_the_plan() {
        assertEquals(List.of("[state] warning: state file unreadable",
                "[scale] (plan) would update service ecslab-d-web: desired count 1 → 4",
                "[service] failed after 2s: boom"), lines(true, false));
    }
}
