package dev.ecslab.lab;

import dev.ecslab.aws.IamGateway.ContextKey;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Partition;
import dev.ecslab.testing.PolicyCoverage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What doctor asks IAM to simulate: every call ecslab makes, with the resource and keys the run would send. */
class PermissionRequestsTest {
    private static final String USER = "arn:aws:iam::123456789012:user/ops/alice";
    private final List<PermissionRequests.Request> requests = PermissionRequests.of(new Partition("aws"),
            "eu-west-1", "123456789012", new Names("demo"), "t3.micro", USER);

    @Test
    void every_action_the_product_calls_or_aws_checks_for_a_call_is_simulated_and_no_other() {
        Set<String> called = PolicyCoverage.actionsCalledBy(Path.of("src/main/java/dev/ecslab/aws"));
        Set<String> needed = new TreeSet<>(called);
        PolicyCoverage.IMPLIED_BY.forEach((action, by) -> {
            if (by.stream().anyMatch(called::contains)) {
                needed.add(action);
            }
        });
        needed.removeAll(PolicyCoverage.NO_PERMISSION_NEEDED);
        Set<String> simulated = requests.stream().map(PermissionRequests.Request::action)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(needed, simulated);
    }

    @Test
    void a_create_carries_the_lab_tag_and_names_the_labs_resource() {
        assertEquals(List.of(new PermissionRequests.Request("ecs:CreateCluster",
                "arn:aws:ecs:eu-west-1:123456789012:cluster/ecslab-demo", List.of(
                        new ContextKey("aws:RequestTag/ecslab:lab", List.of("demo")),
                        new ContextKey("aws:TagKeys", List.of("ecslab:lab", "ecslab:run", "Name"))))),
                only("ecs:CreateCluster"));
    }

    @Test
    void tagging_is_asked_as_part_of_the_create_and_a_deletion_of_what_carries_the_tag() {
        List<PermissionRequests.Request> tagging = only("elasticloadbalancing:AddTags");
        assertEquals(3, tagging.size());
        assertTrue(tagging.stream().allMatch(q -> q.context().stream()
                .anyMatch(k -> k.name().equals("elasticloadbalancing:CreateAction"))), tagging.toString());
        assertEquals(List.of(new ContextKey("aws:ResourceTag/ecslab:lab", List.of("demo"))),
                only("elasticloadbalancing:DeleteLoadBalancer").get(0).context());
        assertEquals("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/ecslab-demo-alb/*",
                only("elasticloadbalancing:DeleteLoadBalancer").get(0).resource());
    }

    @Test
    void run_instances_is_asked_for_each_resource_it_makes_or_uses() {
        assertEquals(Set.of("arn:aws:ec2:eu-west-1::image/*", "arn:aws:ec2:eu-west-1:123456789012:instance/*",
                        "arn:aws:ec2:eu-west-1:123456789012:volume/*",
                        "arn:aws:ec2:eu-west-1:123456789012:network-interface/*",
                        "arn:aws:ec2:eu-west-1:123456789012:security-group/*",
                        "arn:aws:ec2:eu-west-1:123456789012:subnet/*"),
                only("ec2:RunInstances").stream().map(PermissionRequests.Request::resource)
                        .collect(Collectors.toSet()));
    }

    @Test
    void another_partition_gets_its_own_arns_and_ec2_principal() {
        List<PermissionRequests.Request> china = PermissionRequests.of(new Partition("aws-cn"), "cn-north-1",
                "123456789012", new Names("demo"), "t3.micro", "arn:aws-cn:iam::123456789012:user/alice");
        assertTrue(china.stream().allMatch(q -> q.resource().equals("*") || q.resource().startsWith("arn:aws-cn:")),
                china.toString());
        PermissionRequests.Request pass = china.stream().filter(q -> q.action().equals("iam:PassRole"))
                .findFirst().orElseThrow();
        assertEquals(List.of(new ContextKey("iam:PassedToService", List.of("ec2.amazonaws.com.cn"))), pass.context());
        assertEquals("arn:aws-cn:iam::123456789012:role/ecslab/ecslab-demo-instance-role", pass.resource());
    }

    @Test
    void the_principal_is_the_user_or_the_role_behind_a_session() {
        Map<String, String> roles = Map.of("ecslab-ci", "arn:aws:iam::123456789012:role/ci/ecslab-ci");
        assertEquals(Optional.of(USER), PermissionRequests.principalOf(USER, r -> Optional.empty()));
        assertEquals(Optional.of("arn:aws:iam::123456789012:role/ci/ecslab-ci"), PermissionRequests.principalOf(
                "arn:aws:sts::123456789012:assumed-role/ecslab-ci/GitHubActions",
                r -> Optional.ofNullable(roles.get(r))));
        assertEquals(Optional.empty(), PermissionRequests.principalOf("arn:aws:iam::123456789012:root",
                r -> Optional.empty()));
        assertEquals(Optional.empty(), PermissionRequests.principalOf(
                "arn:aws:sts::123456789012:federated-user/bob", r -> Optional.empty()));
    }

    @Test
    void one_simulation_per_context() {
        Map<List<ContextKey>, List<PermissionRequests.Request>> groups = PermissionRequests.byContext(requests);
        assertEquals(requests.size(), groups.values().stream().mapToInt(List::size).sum());
        assertTrue(groups.size() < 25, groups.size() + " simulations");
        assertTrue(groups.get(List.of()).stream().anyMatch(q -> q.action().equals("ec2:DescribeVpcs")));
    }

    private List<PermissionRequests.Request> only(String action) {
        return requests.stream().filter(q -> q.action().equals(action)).toList();
    }
}
