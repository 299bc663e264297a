package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ecslab:lab tag is not enough to be deleted (issue 28, item 11): anyone who may tag can put it on an instance
 * called prod-db. cleanup deletes the lab's own resources, leaves what is tagged for the lab under names ecslab never
 * gives, reports each as not deleted (text and JSON, exit 0); up, ls and status do not take them for the lab's.
 */
class TaggedLookAlikesE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();
    private static final String REASON = "tagged for the lab but not named like it";

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void cleanup_deletes_the_lab_and_leaves_and_reports_what_is_tagged_for_it_under_other_names() {
        Cli cli = home.cli();
        TestClients aws = EMULATOR.clients();
        cli.run("up", "--lab", "x", "--count", "1").ok();

        // Someone tags their own resources ecslab:lab=x, each under a name ecslab does not give.
        var ec2 = aws.ec2();
        Instance lab = ec2.describeInstances(r -> r.filters(tag("Name", "ecslab-x-instance"))).reservations()
                .get(0).instances().get(0);
        String prodDb = ec2.runInstances(r -> r.imageId(lab.imageId()).instanceType("t3.micro").minCount(1)
                .maxCount(1).subnetId(lab.subnetId()).tagSpecifications(tags(ResourceType.INSTANCE,
                        Map.of("ecslab:lab", "x", "Name", "prod-db")))).instances().get(0).instanceId();
        String prodSg = ec2.createSecurityGroup(r -> r.groupName("prod-db-sg").description("prod database")
                .vpcId(lab.vpcId()).tagSpecifications(tags(ResourceType.SECURITY_GROUP, Map.of("ecslab:lab", "x"))))
                .groupId();
        aws.ecs().createCluster(r -> r.clusterName("ecslab-prod").tags(ecsTag("ecslab:lab", "x")));
        String prodTg = aws.elb().createTargetGroup(r -> r.name("prod-tg").protocol("HTTP").port(5432)
                .vpcId(lab.vpcId()).tags(elbTag("ecslab:lab", "x"))).targetGroups().get(0).targetGroupArn();
        aws.logs().createLogGroup(r -> r.logGroupName("/ecs/prod").tags(Map.of("ecslab:lab", "x")));

        // up again adopts the lab's own instance, never the tagged prod-db.
        List<?> resources = (List<?>) cli.run("up", "--lab", "x", "--count", "1", "-o", "json").ok().stdoutJson()
                .get("resources");
        assertEquals(List.of(lab.instanceId()), resources.stream().map(v -> (Map<?, ?>) v)
                .filter(v -> "instance".equals(v.get("kind"))).map(v -> v.get("id")).toList(), resources::toString);

        Map<?, ?> doc = cli.run("cleanup", "--lab", "x", "--yes", "-o", "json").ok()
                .stderrContains("prod-db " + prodDb + " is " + REASON).stdoutJson();

        List<String> spared = List.of("ec2:instance prod-db " + prodDb, "ec2:security-group prod-db-sg " + prodSg,
                "ecs:cluster ecslab-prod " + clusterArn(aws, "ecslab-prod"),
                "elasticloadbalancing:targetgroup prod-tg " + prodTg);
        assertEquals(spared, ((List<?>) doc.get("notDeleted")).stream().map(n -> (Map<?, ?>) n).map(n -> {
            assertEquals(REASON, n.get("reason"));
            return n.get("type") + " " + n.get("name") + " " + n.get("id");
        }).toList(), doc::toString);
        List<?> deleted = (List<?>) doc.get("deleted");
        assertEquals(11, deleted.size(), deleted::toString); // the lab's whole lab, nothing more
        assertFalse(deleted.toString().contains("prod"), deleted::toString);

        // What is left, read independently: exactly the look-alikes, each as it was.
        assertEquals("running", ec2.describeInstances(r -> r.instanceIds(prodDb)).reservations().get(0).instances()
                .get(0).state().nameAsString());
        assertEquals(1, ec2.describeSecurityGroups(r -> r.groupIds(prodSg)).securityGroups().size());
        assertEquals("ACTIVE", aws.ecs().describeClusters(r -> r.clusters("ecslab-prod")).clusters().get(0)
                .status());
        assertEquals(1, aws.elb().describeTargetGroups(r -> r.targetGroupArns(prodTg)).targetGroups().size());
        assertEquals(1, aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/prod")).logGroups().size());
        assertEquals(List.of("ec2 instance " + prodDb + " (running)", "ec2 security group prod-db-sg " + prodSg,
                "ecs cluster ecslab-prod"), new LabInventory(aws).leftovers("x").stream().sorted()
                .collect(Collectors.toList()), "the lab's own are gone, the look-alikes stay");

        // Again, as text: nothing of the lab, the look-alikes still named; ls and status do not count them.
        String text = cli.run("cleanup", "--lab", "x", "--yes").ok().stdout();
        assertTrue(text.startsWith("lab x: nothing to clean up"), text);
        assertTrue(text.contains("not deleted: ec2:instance prod-db " + prodDb + " — " + REASON), text);
        assertTrue(text.contains("not deleted: ec2:security-group prod-db-sg " + prodSg + " — " + REASON), text);
        assertEquals(List.of(), cli.run("ls", "-o", "json").ok().stdoutJson().get("labs"));
        assertEquals(List.of(), cli.run("status", "--lab", "x", "-o", "json").ok()
                .stderrContains("prod-db " + prodDb + " is " + REASON).stdoutJson().get("resources"));
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags.entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build();
    }

    private static software.amazon.awssdk.services.ecs.model.Tag ecsTag(String key, String value) {
        return software.amazon.awssdk.services.ecs.model.Tag.builder().key(key).value(value).build();
    }

    private static software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag elbTag(String key, String value) {
        return software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder().key(key).value(value)
                .build();
    }

    private static String clusterArn(TestClients aws, String name) {
        return aws.ecs().describeClusters(r -> r.clusters(name)).clusters().get(0).clusterArn();
    }
}
