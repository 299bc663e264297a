package dev.ecslab.report;

import dev.ecslab.aws.Partition;
import dev.ecslab.state.ResourceRef.Kind;

import java.nio.charset.StandardCharsets;

/**
 * The AWS console page of a lab's resource, in its region: what a learner opens to see what ecslab built. The formats
 * are the console's own addresses (docs/usage.md, "The console page of each resource", names the sources); the host is
 * the region's console in the resource's partition. With --endpoint-url the pages are still the real console's: an
 * emulator has none, and the names and ids are the ones AWS would have.
 */
public final class ConsoleUrls {
    private ConsoleUrls() {
    }

    /**
     * The page of a resource, or null when it has none (an instance profile, shown on its role's page), when its id
     * lacks what the page needs (a service ARN without its cluster), or when the partition's console is not known.
     */
    public static String of(Kind kind, String name, String id, String region, Partition partition) {
        String domain = domain(partition);
        if (domain == null || region == null || kind == null) {
            return null;
        }
        String host = "https://" + region + "." + domain;
        String ec2 = host + "/ec2/home?region=" + region + "#";
        switch (kind) {
            case CLUSTER:
                return name == null ? null : host + "/ecs/v2/clusters/" + name + "/services?region=" + region;
            case SERVICE:
                String cluster = serviceCluster(id);
                return cluster == null || name == null ? null
                        : host + "/ecs/v2/clusters/" + cluster + "/services/" + name + "/health?region=" + region;
            case TASK_DEFINITION:
                String revision = familyAndRevision(id);
                return revision == null ? null
                        : host + "/ecs/v2/task-definitions/" + revision + "/containers?region=" + region;
            case INSTANCE:
                return id == null ? null : ec2 + "InstanceDetails:instanceId=" + id;
            case LOAD_BALANCER:
                return id == null ? null : ec2 + "LoadBalancer:loadBalancerArn=" + id;
            case TARGET_GROUP:
                return id == null ? null : ec2 + "TargetGroup:targetGroupArn=" + id;
            case INSTANCE_SECURITY_GROUP:
            case ALB_SECURITY_GROUP:
                return id == null ? null : ec2 + "SecurityGroup:groupId=" + id;
            case LOG_GROUP:
                return name == null ? null : host + "/cloudwatch/home?region=" + region
                        + "#logsV2:log-groups/log-group/" + logGroupEscaped(name);
            case INSTANCE_ROLE:
                return name == null ? null : iamHost(partition, domain) + "/iam/home#/roles/details/" + name;
            default: // an instance profile has no page of its own; a container instance and a listener: not listed
                return null;
        }
    }

    /** The console's domain in the partition; null where ecslab knows of none (the isolated partitions). */
    private static String domain(Partition partition) {
        if (partition == null) {
            return null;
        }
        switch (partition.id()) {
            case "aws":
                return "console.aws.amazon.com";
            case "aws-cn":
                return "console.amazonaws.cn";
            case "aws-us-gov":
                return "console.amazonaws-us-gov.com";
            default:
                return null;
        }
    }

    /** IAM is global: AWS serves its console from us-east-1; China and GovCloud from their partition's console. */
    private static String iamHost(Partition partition, String domain) {
        return "aws".equals(partition.id()) ? "https://us-east-1." + domain : "https://" + domain;
    }

    /** "ecslab-demo" of {@code arn:…:service/ecslab-demo/ecslab-demo-web}; null for the old ARN format. */
    private static String serviceCluster(String arn) {
        if (arn == null || !arn.contains(":service/")) {
            return null;
        }
        String[] path = arn.substring(arn.indexOf(":service/") + ":service/".length()).split("/");
        return path.length == 2 && !path[0].isEmpty() ? path[0] : null;
    }

    /** "ecslab-demo-web/3" of {@code arn:…:task-definition/ecslab-demo-web:3}; null without a revision. */
    private static String familyAndRevision(String arn) {
        String familyRevision = RevisionNames.of(arn);
        if (familyRevision == null) {
            return null;
        }
        int colon = familyRevision.lastIndexOf(':');
        return colon <= 0 || colon == familyRevision.length() - 1 ? null
                : familyRevision.substring(0, colon) + "/" + familyRevision.substring(colon + 1);
    }

    /**
     * A log group's name as the CloudWatch console writes it in its address: each byte but letters, digits and
     * {@code - _ .} percent-encoded twice, with '$' for the first '%' ({@code /ecs/x} is {@code $252Fecs$252Fx}).
     */
    static String logGroupEscaped(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
            out.append(plain ? String.valueOf(c) : String.format("$25%02X", b & 0xff));
        }
        return out.toString();
    }
}
