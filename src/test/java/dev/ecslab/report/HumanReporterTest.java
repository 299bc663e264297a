package dev.ecslab.report;

import dev.ecslab.state.ResourceRef.Kind;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                "[service] failed after 2s: boom"), lines(false, false)); // the plan is the result, on stdout
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
    void quiet_keeps_only_warnings_and_failures() {
        assertEquals(List.of("[state] warning: state file unreadable", "[service] failed after 2s: boom"),
                lines(true, false));
    }

    private static List<String> printed(java.util.function.Consumer<HumanReporter> events) {
        StringWriter out = new StringWriter();
        events.accept(new HumanReporter(new PrintWriter(out, true), false, false));
        return out.toString().lines().toList();
    }

    @Test
    void a_task_definition_is_named_with_its_revision_each_time_it_appears() {
        String arn = "arn:aws:ecs:us-east-1:1:task-definition/ecslab-a-web:";
        assertEquals(List.of("[taskdef] created task definition ecslab-a-web:3",
                "[cleanup] deleted task definition ecslab-a-web:1", "[cleanup] deleted task definition ecslab-a-web:2"),
                printed(r -> {
                    r.created("taskdef", Kind.TASK_DEFINITION, "ecslab-a-web", arn + "3");
                    r.planned("cleanup", "delete", Kind.TASK_DEFINITION, "ecslab-a-web", arn + "2"); // the result's
                    r.deleted("cleanup", Kind.TASK_DEFINITION, "ecslab-a-web", arn + "1");
                    r.deleted("cleanup", Kind.TASK_DEFINITION, "ecslab-a-web", arn + "2");
                }));
    }

    @Test
    void a_wait_says_what_it_usually_takes_on_aws_when_that_is_known() {
        assertEquals(List.of("[cluster] waiting for container instance registered (5s of 10m0s, usually ~40s): not yet",
                "[network] waiting for the new security group to reach EC2 (0.1s of 2m0s): not there yet"),
                printed(r -> {
                    r.waiting("cluster", "container instance registered", Duration.ofSeconds(5), Duration.ofMinutes(10),
                            Duration.ofSeconds(40), "not yet");
                    r.waiting("network", "the new security group to reach EC2", Duration.ofMillis(100),
                            Duration.ofMinutes(2), "not there yet");
                }));
    }

    @Test
    void a_container_instance_registers_itself_it_is_not_found_existing() {
        assertEquals(List.of("[cluster] container instance i-0abc registered with the cluster"), printed(r ->
                r.adopted("cluster", Kind.CONTAINER_INSTANCE, "i-0abc", "arn:aws:ecs:us-east-1:1:container-instance/x")
        ));
    }

    @Test
    void task_ids_in_ecs_events_are_cut_to_8_characters_and_long_lines_wrap_under_their_text() {
        List<String> lines = printed(r -> r.info("scale", "event: (service ecslab-a-web) has stopped 4 running tasks: "
                + "(task 574f865b-6a32-4e42-ae9f-4ea0b4aa2afa) (task 8fdaedf9-5eac-4fe3-861a-b991f1cb6dc2) "
                + "(task bc6c42a5e8374ed5bea2350f8a70bf59) (task 25ba855b-af44-463f-bcf1-5f2f7607e280) and then some "
                + "more "
                + "words to make the line long enough to wrap past the width of one hundred and twenty columns."));
        assertEquals("[scale] event: (service ecslab-a-web) has stopped 4 running tasks: (task 574f865b) "
                + "(task 8fdaedf9)"
                + " (task bc6c42a5) (task 25ba855b) and then some more words to make the line long enough to wrap past"
                + " the width of one hundred and twenty columns.", String.join(" ", lines).replaceAll(" +", " "));
        assertTrue(lines.size() > 1 && lines.stream().allMatch(l -> l.length() <= Wrapped.WIDTH), lines::toString);
        assertTrue(lines.get(1).startsWith("          ") && !lines.get(1).startsWith("           "), lines::toString);
    }

    @Test
    void explained_commands_are_printed_as_made_to_be_pasted() {
        StringWriter out = new StringWriter();
        HumanReporter r = new HumanReporter(new PrintWriter(out, true), false, false);
        String token = "1053a7e0-62a5-3235-a5f6-bd4897207d9c"; // a task id would be shortened: a token is not one
        String run = "aws ec2 run-instances \\\n    --client-token " + token + " \\\n    --iam-instance-profile "
                + "Name=" + "x".repeat(120);
        r.emit(new Event(Event.Type.EXPLAIN, java.time.Instant.now(), "cluster", "as the AWS CLI, its 1 change:",
                java.util.Map.of("part", "commands", "commands", List.of(run), "reads", 0)));
        assertEquals(List.of("[cluster] as the AWS CLI, its 1 change:", "  aws ec2 run-instances \\",
                "      --client-token " + token + " \\", "      --iam-instance-profile Name=" + "x".repeat(120)),
                out.toString().lines().toList());
        r.emit(new Event(Event.Type.EXPLAIN, java.time.Instant.now(), "cluster", "An ECS cluster is ... "
                .repeat(10), java.util.Map.of("part", "about")));
        assertTrue(out.toString().lines().skip(4).allMatch(l -> l.length() <= Wrapped.WIDTH), out::toString);
    }
}
