package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.EcsGateway.ClusterInfo;
import dev.ecslab.aws.ElbGateway.LoadBalancerInfo;
import dev.ecslab.aws.ElbGateway.TargetGroupInfo;
import dev.ecslab.report.Event;
import dev.ecslab.state.ResourceRef.Kind;
import dev.ecslab.testing.FakeAws;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inventory on fake gateways: the lab's tag alone does not make a resource the lab's; its name must match. */
class InventoryTest {
    private static final Map<String, String> TAGGED = Map.of("ecslab:lab", "x", "ecslab:run", "r1");

    private static Map<String, String> named(String name) {
        return Map.of("ecslab:lab", "x", "ecslab:run", "r1", "Name", name);
    }

    @Test
    void what_is_tagged_for_the_lab_but_not_named_like_it_is_a_look_alike_reported_once() {
        FakeAws aws = new FakeAws();
        aws.on("ec2.listInstancesByLab", args -> List.of(
                new InstanceInfo("i-lab", "running", "t3.micro", "s", "z", null, named("ecslab-x-instance"), null),
                new InstanceInfo("i-prod", "running", "m5.large", "s", "z", null, named("prod-db"), null),
                new InstanceInfo("i-bare", "running", "t3.micro", "s", "z", null, TAGGED, null)));
        aws.on("ec2.listSecurityGroupsByLab", args -> List.of(
                new SecurityGroupInfo("sg-lab", "ecslab-x-instance-sg", "vpc", TAGGED),
                new SecurityGroupInfo("sg-prod", "prod-db-sg", "vpc", TAGGED)));
        aws.on("ecs.listClustersByLab", args -> List.of(
                new ClusterInfo("arn:c/ecslab-x", "ecslab-x", "ACTIVE", 0, 0, 0, TAGGED),
                new ClusterInfo("arn:c/ecslab-prod", "ecslab-prod", "ACTIVE", 0, 0, 0, TAGGED)));
        aws.on("elb.listLoadBalancersByLab", args -> List.of(new LoadBalancerInfo("arn:lb/prod", "prod-alb", "dns",
                "active", "vpc", List.of(), List.of(), 0, TAGGED)));
        aws.on("elb.listTargetGroupsByLab", args -> List.of(new TargetGroupInfo("arn:tg/prod", "prod-tg", "vpc", 80,
                5, 2, List.of(), TAGGED)));
        aws.emptyLab();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Inventory inventory = new Inventory(aws.gateways(), "x", events::add);

        List<Inventory.Found> found = inventory.discover();
        inventory.discover(); // read twice, as cleanup does: warned about once

        assertEquals(List.of("cluster ecslab-x arn:c/ecslab-x", "instance ecslab-x-instance i-lab",
                "instance security group ecslab-x-instance-sg sg-lab"), found.stream()
                .map(f -> f.kind().label() + " " + f.name() + " " + f.id()).toList());
        assertEquals(List.of(new Inventory.LookAlike("ec2:instance", null, "i-bare"),
                new Inventory.LookAlike("ec2:instance", "prod-db", "i-prod"),
                new Inventory.LookAlike("ec2:security-group", "prod-db-sg", "sg-prod"),
                new Inventory.LookAlike("ecs:cluster", "ecslab-prod", "arn:c/ecslab-prod"),
                new Inventory.LookAlike("elasticloadbalancing:loadbalancer", "prod-alb", "arn:lb/prod"),
                new Inventory.LookAlike("elasticloadbalancing:targetgroup", "prod-tg", "arn:tg/prod")),
                inventory.lookAlikes());
        assertTrue(inventory.loadBalancer().isEmpty(), "a look-alike load balancer is not the lab's");
        List<String> warnings = events.stream().map(Object::toString)
                .filter(e -> e.contains("tagged for the lab but not named like it")).toList();
        assertEquals(6, warnings.size(), warnings::toString);
        assertTrue(found.stream().noneMatch(f -> f.kind() == Kind.SERVICE), "no service looked for outside the lab's"
                + " cluster");
    }
}
