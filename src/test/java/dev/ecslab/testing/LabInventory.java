package dev.ecslab.testing;

import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.util.ArrayList;
import java.util.List;

/**
 * What exists of a lab, read with plain SDK clients — never with ecslab's code. Lists everything still alive that
 * carries the lab's tag or the lab's name, in every service the lab touches.
 */
public final class LabInventory {
    private final TestClients clients;

    public LabInventory(TestClients clients) {
        this.clients = clients;
    }

    /** Human-readable lines, one per live resource of the lab; empty when nothing is left. */
    public List<String> leftovers(String lab) {
        String prefix = "ecslab-" + lab + "-";
        String cluster = "ecslab-" + lab;
        List<String> left = new ArrayList<>();

        var ecs = clients.ecs();
        for (String arn : ecs.listClusters().clusterArns()) {
            for (Cluster c : ecs.describeClusters(r -> r.clusters(arn).include(ClusterField.TAGS)).clusters()) {
                boolean tagged = c.tags().stream().anyMatch(t -> t.key().equals("ecslab:lab") && t.value().equals(lab));
                if ("ACTIVE".equals(c.status()) && (tagged || c.clusterName().equals(cluster))) {
                    left.add("ecs cluster " + c.clusterName());
                    ecs.listServices(r -> r.cluster(arn)).serviceArns().forEach(s -> left.add("ecs service " + s));
                    ecs.listContainerInstances(r -> r.cluster(arn).status(ContainerInstanceStatus.ACTIVE))
                            .containerInstanceArns().forEach(ci -> left.add("ecs container instance " + ci));
                }
            }
        }
        ecs.listTaskDefinitions(r -> r.familyPrefix(prefix + "web").status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns().forEach(td -> left.add("ecs task definition " + td));

        var ec2 = clients.ec2();
        for (Reservation res : ec2.describeInstances(r -> r.filters(
                Filter.builder().name("tag:ecslab:lab").values(lab).build())).reservations()) {
            for (Instance i : res.instances()) {
                if (!"terminated".equals(i.state().nameAsString())) {
                    left.add("ec2 instance " + i.instanceId() + " (" + i.state().nameAsString() + ")");
                }
            }
        }
        ec2.describeSecurityGroups().securityGroups().stream()
                .filter(g -> g.groupName().startsWith(prefix)
                        || g.tags().stream().anyMatch(t -> t.key().equals("ecslab:lab") && t.value().equals(lab)))
                .forEach(g -> left.add("ec2 security group " + g.groupName() + " " + g.groupId()));

        var elb = clients.elb();
        for (LoadBalancer lb : elb.describeLoadBalancers().loadBalancers()) {
            if (lb.loadBalancerName().startsWith(prefix)) {
                left.add("load balancer " + lb.loadBalancerName());
            }
        }
        for (TargetGroup tg : elb.describeTargetGroups().targetGroups()) {
            if (tg.targetGroupName().startsWith(prefix)) {
                left.add("target group " + tg.targetGroupName());
            }
        }

        for (LogGroup g : clients.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + cluster)).logGroups()) {
            if (g.logGroupName().equals("/ecs/" + cluster)) {
                left.add("log group " + g.logGroupName());
            }
        }

        var iam = clients.iam();
        iam.listRoles(r -> r.pathPrefix("/ecslab/")).roles().stream()
                .filter(r -> r.roleName().startsWith(prefix))
                .forEach(r -> left.add("iam role " + r.roleName()));
        iam.listInstanceProfiles(r -> r.pathPrefix("/ecslab/")).instanceProfiles().stream()
                .filter(p -> p.instanceProfileName().startsWith(prefix))
                .forEach(p -> left.add("iam instance profile " + p.instanceProfileName()));
        return left;
    }
}
