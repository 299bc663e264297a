package dev.ecslab.testing;

import dev.ecslab.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which AWS actions a call log (ECSLAB_CALL_LOG: "time Service Operation status" per line) used that an IAM policy
 * document does not allow. Only Allow statements count (their conditions are assumed to hold, as the lab's own
 * resources carry the lab's tag); Deny statements in the example only narrow what is allowed.
 */
public final class PolicyCoverage {
    /** SDK service names → IAM action prefixes. */
    static final Map<String, String> PREFIX = Map.of("Ecs", "ecs", "Ec2", "ec2", "ElasticLoadBalancingV2",
            "elasticloadbalancing", "Iam", "iam", "Ssm", "ssm", "CloudWatchLogs", "logs", "Sts", "sts",
            "ResourceGroupsTaggingApi", "tag");

    private PolicyCoverage() {
    }

    /** The IAM actions in the call log, e.g. "ecs:CreateService". */
    public static Set<String> actionsIn(Path callLog) {
        Set<String> actions = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(callLog)) {
                String[] parts = line.trim().split(" ");
                if (parts.length >= 3) {
                    actions.add(PREFIX.getOrDefault(parts[1], parts[1].toLowerCase()) + ":" + parts[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return actions;
    }

    /** The actions not allowed by the policy document. */
    public static List<String> notAllowed(Set<String> actions, String policyJson) {
        List<Pattern> allowed = new ArrayList<>();
        Map<?, ?> policy = (Map<?, ?>) Json.parse(policyJson);
        for (Object s : (List<?>) policy.get("Statement")) {
            Map<?, ?> statement = (Map<?, ?>) s;
            if (!"Allow".equals(statement.get("Effect"))) {
                continue;
            }
            Object action = statement.get("Action");
            for (Object a : action instanceof List<?> list ? list : List.of(action)) {
                allowed.add(Pattern.compile(Pattern.quote(String.valueOf(a)).replace("*", "\\E.*\\Q"),
                        Pattern.CASE_INSENSITIVE));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String action : actions) {
            if (allowed.stream().noneMatch(p -> p.matcher(action).matches())) {
                missing.add(action);
            }
        }
        return missing;
    }
}
