package dev.ecslab.examples;

import dev.ecslab.testing.PolicyCoverage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The coverage check itself: it must fail when the example policy lacks an action a run used. */
class PolicyCoverageTest {
    private static final Path POLICY = Path.of(System.getProperty("user.dir"), "examples", "ecslab-iam-policy.json");

    @Test
    void an_action_removed_from_the_policy_is_reported() throws IOException {
        String policy = Files.readString(POLICY);
        Set<String> used = Set.of("ecs:CreateService", "ec2:RunInstances", "iam:PassRole");
        assertEquals(List.of(), PolicyCoverage.notAllowed(used, policy));

        String without = policy.replace("\"ecs:CreateService\",", "");
        assertEquals(List.of("ecs:CreateService"), PolicyCoverage.notAllowed(used, without));
    }

    @Test
    void wildcards_in_the_policy_match() {
        String policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ec2:Describe*\", \"Resource\": \"*\"}]}";
        assertEquals(List.of("ec2:RunInstances"), PolicyCoverage.notAllowed(
                Set.of("ec2:DescribeVpcs", "ec2:RunInstances"), policy));
    }
}
