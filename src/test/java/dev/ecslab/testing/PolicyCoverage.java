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
import java.util.regex.Matcher;
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
            "ResourceGroupsTaggingApi", "tag", "ServiceQuotas", "servicequotas");

    /** The accessor each Sdk*Gateway calls its client by → IAM action prefix. */
    private static final Map<String, String> ACCESSOR_PREFIX = Map.of("ecs", "ecs", "ec2", "ec2", "elb",
            "elasticloadbalancing", "iam", "iam", "ssm", "ssm", "logs", "logs", "sts", "sts", "tagging", "tag",
            "quotas", "servicequotas");
    private static final Pattern SDK_CALL = Pattern.compile("\\b(" + String.join("|", ACCESSOR_PREFIX.keySet())
            + ")\\(\\)\\s*\\.\\s*([a-z][A-Za-z0-9]*)\\(");
    /** Client methods that are not AWS operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("serviceClientConfiguration", "waiter", "close");

    /**
     * Actions AWS checks besides the operation's own, for the requests ecslab makes — each with the operation that
     * needs it. Tags in a create request are authorized as the service's tagging action too, and so on.
     */
    public static final Map<String, Set<String>> IMPLIED_BY = Map.ofEntries(
            Map.entry("ec2:CreateTags", Set.of("ec2:RunInstances", "ec2:CreateSecurityGroup")),
            Map.entry("ecs:TagResource", Set.of("ecs:CreateCluster", "ecs:CreateService",
                    "ecs:RegisterTaskDefinition")),
            Map.entry("elasticloadbalancing:AddTags", Set.of("elasticloadbalancing:CreateLoadBalancer",
                    "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:CreateListener")),
            Map.entry("logs:TagResource", Set.of("logs:CreateLogGroup")),
            Map.entry("logs:TagLogGroup", Set.of("logs:CreateLogGroup")),
            Map.entry("iam:TagRole", Set.of("iam:CreateRole")),
            Map.entry("iam:TagInstanceProfile", Set.of("iam:CreateInstanceProfile")),
            // The instance profile's role, handed to EC2; adding a role to a profile is authorized as passing it
            // too (API_AddRoleToInstanceProfile: "must be granted the PassRole permission on the IAM role").
            Map.entry("iam:PassRole", Set.of("ec2:RunInstances", "iam:AddRoleToInstanceProfile")),
            // The first ALB of an account makes ELB's service-linked role with the caller's permissions.
            Map.entry("iam:CreateServiceLinkedRole", Set.of("elasticloadbalancing:CreateLoadBalancer")),
            // ELB reads the caller's network with the caller's permissions ("Elastic Load Balancing API
            // permissions": CreateLoadBalancer and CreateTargetGroup need these EC2 reads too).
            Map.entry("ec2:DescribeAccountAttributes", Set.of("elasticloadbalancing:CreateLoadBalancer")),
            Map.entry("ec2:DescribeAddresses", Set.of("elasticloadbalancing:CreateLoadBalancer")),
            Map.entry("ec2:DescribeInternetGateways", Set.of("elasticloadbalancing:CreateLoadBalancer",
                    "elasticloadbalancing:CreateTargetGroup")));

    /**
     * Actions ecslab calls that no policy needs to allow: GetCallerIdentity works even under an explicit deny (its
     * API reference: "No permissions are required to perform this operation").
     */
    public static final Set<String> NO_PERMISSION_NEEDED = Set.of("sts:GetCallerIdentity");

    private PolicyCoverage() {
    }

    /** The IAM actions of every AWS operation the product's gateways call: {@code ecs().createService(…)} etc. */
    public static Set<String> actionsCalledBy(Path awsSources) {
        Set<String> actions = new TreeSet<>();
        try (var files = Files.list(awsSources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("Sdk.*Gateway\\.java")).toList()) {
                Matcher m = SDK_CALL.matcher(Files.readString(file));
                while (m.find()) {
                    String method = m.group(2).replaceFirst("Paginator$", "");
                    if (!NOT_OPERATIONS.contains(method)) {
                        actions.add(ACCESSOR_PREFIX.get(m.group(1)) + ":" + Character.toUpperCase(method.charAt(0))
                                + method.substring(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return actions;
    }

    /** The actions a policy statement names. */
    public static List<String> actionsOf(Map<?, ?> statement) {
        Object action = statement.get("Action");
        return (action instanceof List<?> list ? list : List.of(action)).stream().map(String::valueOf).toList();
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
            for (String a : actionsOf(statement)) {
                allowed.add(Pattern.compile(Pattern.quote(String.valueOf(a)).replace("*", "\\E.*\\Q"),
                        Pattern.CASE_INSENSITIVE));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String action : actions) {
            if (!NO_PERMISSION_NEEDED.contains(action) && allowed.stream().noneMatch(p -> p.matcher(action).matches())) {
                missing.add(action);
            }
        }
        return missing;
    }
}
