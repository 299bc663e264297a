package dev.ecslab.examples;

import dev.ecslab.json.Json;
import dev.ecslab.testing.PolicyCoverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example policy against the product's code, both ways: every AWS operation the gateways call is allowed, and
 * every action a statement names is one ecslab calls (or one AWS checks for a call ecslab makes), so the policy
 * allows nothing ecslab never does.
 */
class PolicyStatementsTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path POLICY = ROOT.resolve("examples/ecslab-iam-policy.json");
    private static final Set<String> CALLED = PolicyCoverage.actionsCalledBy(
            ROOT.resolve("src/main/java/dev/ecslab/aws"));

    static Stream<Arguments> statements() throws IOException {
        Map<?, ?> policy = (Map<?, ?>) Json.parse(Files.readString(POLICY));
        return ((List<?>) policy.get("Statement")).stream().map(s -> (Map<?, ?>) s)
                .map(s -> Arguments.of(s.get("Sid"), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void each_statement_is_for_something_ecslab_does(String sid, Map<?, ?> statement) {
        Set<String> needed = new TreeSet<>(CALLED);
        PolicyCoverage.IMPLIED_BY.forEach((action, by) -> {
            if (by.stream().anyMatch(CALLED::contains)) {
                needed.add(action);
            }
        });
        needed.removeAll(PolicyCoverage.NO_PERMISSION_NEEDED);
        List<String> unneeded = PolicyCoverage.actionsOf(statement).stream().filter(a -> !needed.contains(a))
                .toList();
        assertEquals(List.of(), unneeded, sid + " names actions ecslab never calls nor needs for a call");
    }

    @Test
    void every_operation_the_product_calls_is_allowed() throws IOException {
        assertEquals(List.of(), PolicyCoverage.notAllowed(CALLED, Files.readString(POLICY)));
    }

    @Test
    void the_scan_of_the_product_finds_its_calls() {
        // Direct calls and paginators of several services: a scan that found nothing would prove nothing above.
        assertTrue(CALLED.containsAll(Set.of("ecs:CreateService", "ec2:DescribeInstances", "ecs:ListClusters",
                "elasticloadbalancing:DescribeTargetHealth", "iam:CreateServiceLinkedRole", "ssm:GetParameter",
                "logs:DescribeLogGroups", "ecs:ListTaskDefinitionFamilies", "sts:GetCallerIdentity")), CALLED.toString());
        assertTrue(CALLED.size() > 60, CALLED.size() + " actions: " + CALLED);
    }
}
