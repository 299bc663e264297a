package dev.ecslab.lab;

import dev.ecslab.aws.ContainerDefinitions;
import dev.ecslab.aws.Durations;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.aws.Tags;
import dev.ecslab.json.Json;
import dev.ecslab.report.ExplainingReporter;
import dev.ecslab.report.Verb;
import dev.ecslab.report.Wrapped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * `ecslab script`: the lab as a bash script of AWS CLI commands (script/lab.sh), filled in with what `up` builds
 * from — the lab's names and tags ({@link Names}, {@link Tags}), its design ({@link LabDesign}), the user data of
 * {@link ClusterStep}, the built-in container as the SDK sends it — so the script makes the lab ecslab makes.
 * Ids known only once made (the VPC's, the groups', the ARNs) are shell variables the script fills as it goes.
 */
public final class LabScript {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    /** The shell variable that holds the script run's ecslab:run tag value. */
    private static final String RUN = "$RUN";

    private LabScript() {
    }

    /** The script for {@code lab} in {@code region}: the built-in nginx, lab's instance type, --ami and --count. */
    public static String of(Lab lab, String region) {
        Names n = new Names(lab.name());
        Map<String, String> v = new HashMap<>();
        v.put("lab", lab.name());
        v.put("region", region);
        v.put("up", lab.command(Verb.UP));
        v.put("script", lab.command(Verb.SCRIPT));
        v.put("file", "ecslab-" + lab.name() + ".sh");
        v.put("count", String.valueOf(lab.what().count()));
        v.put("initial_count", String.valueOf(Lab.SERVICE_INITIAL_COUNT));
        v.put("instance_type", lab.what().instanceType());
        v.put("cluster", n.cluster());
        v.put("service", n.service());
        v.put("family", n.taskFamily());
        v.put("log_group", n.logGroup());
        v.put("load_balancer", n.loadBalancer());
        v.put("target_group", n.targetGroup());
        v.put("instance", n.instance());
        v.put("instance_role", n.instanceRole());
        v.put("instance_profile", n.instanceProfile());
        v.put("alb_sg", n.albSecurityGroup());
        v.put("instance_sg", n.instanceSecurityGroup());
        v.put("iam_path", Names.IAM_PATH);
        v.put("boundary", IamGateway.INSTANCE_ROLE_BOUNDARY);
        v.put("instance_policy", IamGateway.ECS_INSTANCE_POLICY);
        v.put("container", Names.CONTAINER_NAME);
        v.put("container_port", String.valueOf(Names.CONTAINER_PORT));
        v.put("alb_port", String.valueOf(LabDesign.ALB_PORT));
        v.put("ports_from", String.valueOf(LabDesign.DYNAMIC_PORTS_FROM));
        v.put("ports_to", String.valueOf(LabDesign.DYNAMIC_PORTS_TO));
        v.put("hc_path", LabDesign.HEALTH_CHECK_PATH);
        v.put("hc_interval", String.valueOf(LabDesign.HEALTH_CHECK_INTERVAL));
        v.put("hc_timeout", String.valueOf(LabDesign.HEALTH_CHECK_TIMEOUT));
        v.put("hc_healthy", String.valueOf(LabDesign.HEALTHY_THRESHOLD));
        v.put("hc_unhealthy", String.valueOf(LabDesign.UNHEALTHY_THRESHOLD));
        v.put("deregistration_delay", String.valueOf(LabDesign.DEREGISTRATION_DELAY));
        v.put("grace_seconds", String.valueOf(LabDesign.HEALTH_CHECK_GRACE_SECONDS));
        v.put("log_retention", String.valueOf(LabDesign.LOG_RETENTION_DAYS));
        v.put("aws_time", Durations.format(AwsTimes.up(lab.what().count())));
        v.put("credit_specification", Ec2Gateway.burstable(lab.what().instanceType())
                ? "--credit-specification CpuCredits=standard " : "");
        v.put("ami", ami(lab));
        v.put("user_data", ClusterStep.userData(n.cluster()));
        v.put("container_definitions", Json.writePretty(ContainerDefinitions.document(
                List.of(Surroundings.builtinContainer(n, region)))).strip());
        v.put("instance_tag_specifications", Json.writePretty(List.of("instance", "volume", "network-interface")
                .stream().map(type -> {
                    Map<String, Object> spec = new LinkedHashMap<>();
                    spec.put("ResourceType", type);
                    spec.put("Tags", keyValue(tags(lab, n.instance()), "Key", "Value"));
                    return spec;
                }).toList()).strip());
        v.put("ec2_tags_alb_sg", ec2Tags(lab, n.albSecurityGroup()));
        v.put("ec2_tags_instance_sg", ec2Tags(lab, n.instanceSecurityGroup()));
        v.put("iam_tags_instance_role", words(lab, n.instanceRole(), "Key", "Value"));
        v.put("iam_tags_instance_profile", words(lab, n.instanceProfile(), "Key", "Value"));
        v.put("elb_tags_load_balancer", words(lab, n.loadBalancer(), "Key", "Value"));
        v.put("elb_tags_target_group", words(lab, n.targetGroup(), "Key", "Value"));
        v.put("elb_tags_listener", words(lab, n.loadBalancer() + "-http", "Key", "Value"));
        v.put("ecs_tags_cluster", words(lab, n.cluster(), "key", "value"));
        v.put("ecs_tags_family", words(lab, n.taskFamily(), "key", "value"));
        v.put("ecs_tags_service", words(lab, n.service(), "key", "value"));
        v.put("logs_tags_log_group", "\"" + tags(lab, n.logGroup()).entrySet().stream()
                .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(",")) + "\"");
        for (String step : List.of("network", "cluster", "taskdef", "elb", "service", "verify", "scale", "cleanup")) {
            v.put("about_" + step, comment(ExplainingReporter.text(step)));
        }
        return fill(template(), v);
    }

    /** The AMI: the one --ami names, or the ECS-optimized one SSM names for the instance type's architecture. */
    private static String ami(Lab lab) {
        if (lab.what().ami() != null) {
            return "  AMI_ID=" + lab.what().ami() + " # --ami";
        }
        return String.join("\n",
                "  architectures=\" $(aws ec2 describe-instance-types --instance-types " + lab.what().instanceType()
                        + " \\",
                "    --query 'InstanceTypes[0].ProcessorInfo.SupportedArchitectures' --output text | tr '\\t' ' ') \"",
                "  parameter=" + SsmGateway.ECS_AMI_X86,
                "  if [[ \"$architectures\" == *\" arm64 \"* && \"$architectures\" != *\" x86_64 \"* ]]; then",
                "    parameter=" + SsmGateway.ECS_AMI_ARM,
                "  fi",
                "  AMI_ID=$(aws ssm get-parameter --name \"$parameter\" --query Parameter.Value --output text)");
    }

    /** The lab's tags on a resource called {@code name}, its ecslab:run the script run's. */
    private static Map<String, String> tags(Lab lab, String name) {
        return Tags.of(lab.name(), RUN, name);
    }

    private static List<Map<String, String>> keyValue(Map<String, String> tags, String key, String value) {
        return tags.entrySet().stream().map(t -> {
            Map<String, String> pair = new LinkedHashMap<>();
            pair.put(key, t.getKey());
            pair.put(value, t.getValue());
            return pair;
        }).toList();
    }

    /** {@code {Key=ecslab:lab,Value=demo},...}: inside --tag-specifications' shorthand. */
    private static String ec2Tags(Lab lab, String name) {
        return tags(lab, name).entrySet().stream().map(t -> "{Key=" + t.getKey() + ",Value=" + t.getValue() + "}")
                .collect(Collectors.joining(","));
    }

    /** {@code "Key=ecslab:lab,Value=demo" ...}: one shell word a tag (ECS spells them key=,value=). */
    private static String words(Lab lab, String name, String key, String value) {
        return tags(lab, name).entrySet().stream().map(t -> "\"" + key + "=" + t.getKey() + "," + value + "="
                + t.getValue() + "\"").collect(Collectors.joining(" "));
    }

    /** A paragraph as # comment lines within the output's width. */
    private static String comment(String text) {
        return Wrapped.lines("# " + text, "# ");
    }

    /** The template with each {{name}} replaced; a name without a value is a mistake in this class. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("script/lab.sh names {{" + m.group(1) + "}}, which has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String template() {
        try (InputStream in = LabScript.class.getResourceAsStream("/dev/ecslab/script/lab.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
