package dev.ecslab.e2e;

import dev.ecslab.json.Json;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.TestClients;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab as a user runs it — up → verify → scale --count 4 → status → cleanup through the packaged CLI — with
 * every outcome checked by independent SDK clients, on the emulator and its agent. Shared by the emulator's end-to-end
 * tests; LocalStack, which runs no ECS agent, has {@link AgentlessScenario}.
 */
final class LabScenario {
    private final Cli cli;
    private final TestClients aws;

    LabScenario(Cli cli, TestClients aws) {
        this.cli = cli;
        this.aws = aws;
    }

    /** Runs the whole lab; returns the AWS actions it used (from ecslab's call log). */
    java.util.Set<String> runWholeLab(String lab) {
        java.nio.file.Path callLog = cli.home().resolve("calls-" + lab + ".log");
        cli.env("ECSLAB_CALL_LOG", callLog.toString());
        cli.run("up", "--lab", lab).ok().stderrContains("[cluster]", "[elb]", "[service]").stdoutContains(
                "[OK] HTTP GET through the load balancer returns nginx's page", "answered by 4 tasks");
        assertOneCompleteLab(lab, 4);

        cli.run("verify", "--lab", lab).ok().stdoutContains("[OK]");
        cli.run("scale", "--lab", lab, "--count", "4").ok();
        assertOneCompleteLab(lab, 4);
        cli.run("status", "--lab", lab).ok().stdoutContains("ecslab-" + lab + "-alb", "ecslab-" + lab + "-web",
                "open it here: curl -H 'Host: ecslab-" + lab + "-alb-", " so far (on-demand");

        assertLogsShowWhatTheTasksWrote(lab);

        cli.run("cleanup", "--lab", lab, "--yes").ok();
        assertNothingLeft(lab);
        return dev.ecslab.testing.PolicyCoverage.actionsIn(callLog);
    }

    /**
     * `ecslab logs` prints the lines the lab's tasks sent to CloudWatch Logs — read again by an independent client
     * before and after it (nginx keeps logging the health checks): before ⊆ printed ⊆ after, for one task's stream;
     * every running task has lines, verify's own GETs among them; --follow shows a line written after it started.
     */
    void assertLogsShowWhatTheTasksWrote(String lab) {
        String cluster = "ecslab-" + lab;
        List<String> tasks = aws.ecs().listTasks(r -> r.cluster(cluster).desiredStatus(DesiredStatus.RUNNING))
                .taskArns().stream().map(a -> a.substring(a.lastIndexOf('/') + 1)).collect(Collectors.toList());
        assertFalse(tasks.isEmpty());
        // every line, the load balancer's health checks included: each task has some, whatever verify reached
        String all = cli.run("logs", "--lab", lab, "--since", "1h", "--health-checks").ok().stdout();
        for (String task : tasks) {
            assertTrue(all.contains(" " + task.substring(0, 8) + " "), "a line of task " + task + " in\n" + all);
        }
        assertTrue(all.contains("\"ecslab-verify\""), "verify's GETs as nginx logged them:\n" + all);

        String task = tasks.get(0);
        List<String> before = messagesOf(lab, task);
        List<String> printed = cli.run("logs", "--lab", lab, "--since", "1h", "--task", task.substring(0, 8),
                "--health-checks").ok().stdout().lines().map(l -> {
                    String[] parts = l.split(" ", 3);
                    assertEquals(task.substring(0, 8), parts[1], l);
                    return parts[2];
                }).collect(Collectors.toList());
        List<String> after = messagesOf(lab, task);
        assertFalse(before.isEmpty());
        assertEquals(before, printed.subList(0, Math.min(before.size(), printed.size())), "the lines before");
        assertEquals(printed, after.subList(0, Math.min(printed.size(), after.size())), "no line not written");

        for (String line : cli.run("logs", "--lab", lab, "-o", "json").ok().stdout().lines().toList()) {
            Map<?, ?> event = (Map<?, ?>) Json.parse(line);
            assertTrue(tasks.contains(event.get("task")), line);
            assertTrue(event.get("message").toString().contains("HTTP/1."), line);
        }

        try {
            Cli.Running follow = cli.start("logs", "--lab", lab, "--follow", "--since", "1s");
            follow.awaitStderr("following", Duration.ofSeconds(30));
            cli.run("verify", "--lab", lab).ok();
            follow.awaitStdout("ecslab-verify", Duration.ofSeconds(30));
            follow.signalAndWait("INT", Duration.ofSeconds(10)).exitedWith(130).stdoutContains("\"ecslab-verify\"");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        // Any task can write the lab's log group: a line that would set the clipboard (OSC 52), clear the screen and
        // forge a verify result reaches the terminal as visible escapes, on one line of its own task.
        String hostile = "GET /\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J\r[OK] verify passed\nsecond line";
        aws.logs().putLogEvents(r -> r.logGroupName("/ecs/ecslab-" + lab).logStreamName("web/web/" + task)
                .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message(hostile).build()));
        String shown = cli.run("logs", "--lab", lab, "--since", "1h", "--task", task.substring(0, 8)).ok().stdout();
        assertFalse(shown.chars().anyMatch(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f), shown);
        assertTrue(shown.contains(" GET /\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b[2J\\x0d[OK] verify passed\\x0asecond line"
                + "\n"), shown);
    }

    /** The messages of a task's log stream, in order, read with the SDK (awslogs names it web/web/<task id>). */
    private List<String> messagesOf(String lab, String task) {
        return aws.logs().getLogEventsPaginator(r -> r.logGroupName("/ecs/ecslab-" + lab)
                        .logStreamName("web/web/" + task).startFromHead(true)).events().stream()
                .map(e -> e.message()).collect(Collectors.toList());
    }

    void assertNothingLeft(String lab) {
        assertEquals(List.of(), new LabInventory(aws).leftovers(lab));
    }

    /** Exactly one of each resource, the service at {@code count} running tasks, each a healthy target. */
    void assertOneCompleteLab(String lab, int count) {
        var ecs = aws.ecs();
        String cluster = "ecslab-" + lab;
        var clusters = ecs.describeClusters(r -> r.clusters(cluster).include(ClusterField.TAGS)).clusters();
        assertEquals(1, clusters.size());
        assertEquals("ACTIVE", clusters.get(0).status());
        assertTrue(clusters.get(0).tags().stream()
                .anyMatch(t -> t.key().equals("ecslab:lab") && t.value().equals(lab)), "cluster tagged");
        assertEquals(1, ecs.listClusters().clusterArns().stream().filter(a -> a.endsWith("/" + cluster)).count());

        var instances = ecs.listContainerInstances(r -> r.cluster(cluster).status(ContainerInstanceStatus.ACTIVE))
                .containerInstanceArns();
        assertEquals(1, instances.size(), "one ACTIVE container instance");
        long ec2Instances = aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:ecslab:lab").values(lab).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().stream().mapToLong(res -> res.instances().size()).sum();
        assertEquals(1, ec2Instances, "one EC2 instance");

        var families = ecs.listTaskDefinitions(r -> r.familyPrefix("ecslab-" + lab + "-web")
                .status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns();
        assertEquals(1, families.size(), "one task definition: " + families);

        var elb = aws.elb();
        List<LoadBalancer> albs = elb.describeLoadBalancers().loadBalancers().stream()
                .filter(lb -> lb.loadBalancerName().equals("ecslab-" + lab + "-alb")).collect(Collectors.toList());
        assertEquals(1, albs.size(), "one ALB");
        assertEquals(1, elb.describeListeners(r -> r.loadBalancerArn(albs.get(0).loadBalancerArn()))
                .listeners().size(), "one listener");
        List<TargetGroup> tgs = elb.describeTargetGroups().targetGroups().stream()
                .filter(tg -> tg.targetGroupName().equals("ecslab-" + lab + "-tg")).collect(Collectors.toList());
        assertEquals(1, tgs.size(), "one target group");

        List<String> services = ecs.listServices(r -> r.cluster(cluster)).serviceArns();
        assertEquals(1, services.size(), "one service");
        Service svc = ecs.describeServices(r -> r.cluster(cluster).services(services)).services().get(0);
        assertEquals(count, svc.desiredCount(), "desired");
        assertEquals(count, svc.runningCount(), "running");
        assertEquals(count, ecs.listTasks(r -> r.cluster(cluster).serviceName(svc.serviceName())
                .desiredStatus(DesiredStatus.RUNNING)).taskArns().size(), "running tasks");

        List<TargetHealthDescription> targets = elb.describeTargetHealth(
                r -> r.targetGroupArn(tgs.get(0).targetGroupArn())).targetHealthDescriptions();
        assertEquals(count, targets.stream().filter(t -> t.targetHealth().stateAsString().equals("healthy")).count(),
                "healthy targets: " + targets);
        // Targets of stopped tasks may still drain for the deregistration delay after the service is steady (AWS:
        // the task is DEACTIVATING then, not RUNNING): the registered ones are one per running task's port.
        assertEquals(count, targets.stream().filter(t -> !t.targetHealth().stateAsString().equals("draining"))
                .map(t -> t.target().port()).distinct().count(), "distinct host ports: " + targets);
    }
}
