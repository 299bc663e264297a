package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.TestClients;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab as a user runs it — up → verify → scale --count 4 → status → cleanup through the packaged CLI — with
 * every outcome checked by independent SDK clients. Shared by the emulator and the LocalStack end-to-end tests,
 * so both exercise the same code path.
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
                "open it here: curl -H 'Host: ecslab-" + lab + "-alb-");

        cli.run("cleanup", "--lab", lab, "--yes").ok();
        assertNothingLeft(lab);
        return dev.ecslab.testing.PolicyCoverage.actionsIn(callLog);
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
        assertEquals(count, targets.stream().map(t -> t.target().port()).distinct().count(), "distinct host ports");
    }
}
