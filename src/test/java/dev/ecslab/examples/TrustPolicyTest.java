package dev.ecslab.examples;

import dev.ecslab.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GitHub OIDC trust admits one environment of one repository, by exact claims, and nothing else. */
class TrustPolicyTest {
    private static final Path TRUST = Path.of(System.getProperty("user.dir"), "examples",
            "github-oidc-trust-policy.json");

    @Test
    void only_the_aws_smoke_environment_with_the_sts_audience_may_assume_the_role() throws IOException {
        Map<?, ?> policy = (Map<?, ?>) Json.parse(Files.readString(TRUST));
        List<?> statements = (List<?>) policy.get("Statement");
        assertEquals(1, statements.size());
        Map<?, ?> statement = (Map<?, ?>) statements.get(0);
        assertEquals("sts:AssumeRoleWithWebIdentity", statement.get("Action"));
        Map<?, ?> conditions = (Map<?, ?>) statement.get("Condition");
        assertEquals(Set.of("StringEquals"), conditions.keySet(), "exact matches only, no StringLike wildcards");
        Map<?, ?> equals = (Map<?, ?>) conditions.get("StringEquals");
        assertEquals("sts.amazonaws.com", equals.get("token.actions.githubusercontent.com:aud"));
        String sub = (String) equals.get("token.actions.githubusercontent.com:sub");
        assertEquals("repo:YOUR-ORG/YOUR-REPO:environment:aws-smoke", sub);
        assertFalse(sub.contains("*"));
        String workflow = Files.readString(Path.of(System.getProperty("user.dir"), ".github", "workflows",
                "aws-smoke.yml"));
        assertTrue(workflow.contains("\n    environment: aws-smoke\n"), "the workflow's job runs in that environment");
    }
}
