package dev.ecslab.testing;

import dev.ecslab.json.Json;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.model.Role;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a lab is made, read with plain SDK clients: each resource's settings and tags, with what differs between any two
 * labs built alike taken out — the lab's name, ids, ARNs' random parts, times, the ecslab:run tag's value. Two labs
 * of the same shape were built the same way, whoever built them.
 */
public final class LabShape {
    private final TestClients aws;

    public LabShape(TestClients aws) {
        this.aws = aws;
    }

    /** Resource by resource, its settings as text (maps in key order: JSON's order means nothing). */
    public Map<String, String> of(String lab) {
        String cluster = "ecslab-" + lab;
        Map<String, String> shape = new TreeMap<>();
        var ecs = aws.ecs();
        var c = ecs.describeClusters(r -> r.clusters(cluster).include(ClusterField.TAGS, ClusterField.SETTINGS))
                .clusters().get(0);
        shape.put("cluster", c.status() + " " + c.settings() + " "
                + tags(c.tags(), t -> t.key(), t -> t.value()));
        Service s = ecs.describeServices(r -> r.cluster(cluster).services(cluster + "-web").include(ServiceField.TAGS))
                .services().get(0);
        shape.put("service", String.join(" ", s.launchTypeAsString(), String.valueOf(s.desiredCount()),
                s.loadBalancers().stream().map(l -> l.containerName() + ":" + l.containerPort() + " "
                        + name(l.targetGroupArn())).toList().toString(), s.deploymentConfiguration().toString(),
                s.placementStrategy().toString(), String.valueOf(s.healthCheckGracePeriodSeconds()),
                String.valueOf(s.enableECSManagedTags()), s.propagateTagsAsString(), s.schedulingStrategyAsString(),
                name(s.taskDefinition()), tags(s.tags(), t -> t.key(), t -> t.value())));
        var described = ecs.describeTaskDefinition(r -> r.taskDefinition(s.taskDefinition())
                .include(TaskDefinitionField.TAGS));
        TaskDefinition td = described.taskDefinition();
        shape.put("task definition", String.join(" ", td.networkModeAsString(),
                td.requiresCompatibilitiesAsStrings().toString(), td.compatibilitiesAsStrings().toString(),
                String.valueOf(td.cpu()), String.valueOf(td.memory()), td.containerDefinitions().stream()
                        .map(d -> d.logConfiguration() == null ? d : d.toBuilder().logConfiguration(d.logConfiguration()
                                .toBuilder().options(new TreeMap<>(d.logConfiguration().options())).build()).build())
                        .toList().toString(),
                tags(described.tags(), t -> t.key(), t -> t.value())));

        var elb = aws.elb();
        LoadBalancer lb = elb.describeLoadBalancers(r -> r.names(cluster + "-alb")).loadBalancers().get(0);
        shape.put("load balancer", String.join(" ", lb.schemeAsString(), lb.typeAsString(),
                lb.ipAddressTypeAsString(), lb.availabilityZones().size() + " zones", lb.securityGroups().size()
                        + " groups", elbTags(lb.loadBalancerArn())));
        TargetGroup tg = elb.describeTargetGroups(r -> r.names(cluster + "-tg")).targetGroups().get(0);
        shape.put("target group", String.join(" ", tg.protocolAsString(), String.valueOf(tg.port()),
                tg.healthCheckProtocolAsString(), tg.healthCheckPort(), tg.healthCheckPath(),
                String.valueOf(tg.healthCheckIntervalSeconds()), String.valueOf(tg.healthCheckTimeoutSeconds()),
                String.valueOf(tg.healthyThresholdCount()), String.valueOf(tg.unhealthyThresholdCount()),
                tg.matcher().toString(), tg.targetTypeAsString(), elbTags(tg.targetGroupArn()),
                elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn())).attributes().stream()
                        .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
                        .map(a -> a.key() + "=" + a.value()).toList().toString()));
        shape.put("listener", elb.describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners()
                .stream().map(l -> l.protocolAsString() + ":" + l.port() + " " + l.defaultActions().stream()
                        .map(a -> a.typeAsString() + " " + name(a.targetGroupArn())).toList() + " "
                        + elbTags(l.listenerArn())).toList().toString());

        var ec2 = aws.ec2();
        List<SecurityGroup> groups = ec2.describeSecurityGroups(r -> r.filters(Filter.builder()
                .name("tag:ecslab:lab").values(lab).build())).securityGroups();
        Map<String, String> groupNames = groups.stream().collect(Collectors.toMap(g -> g.groupId(),
                g -> g.groupName()));
        for (SecurityGroup g : groups) {
            shape.put("security group " + g.groupName(), g.description() + " " + g.ipPermissions().stream()
                    .map(p -> rule(p, groupNames)).sorted().toList() + " "
                    + tags(g.tags(), t -> t.key(), t -> t.value()));
        }
        List<Instance> instances = ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:ecslab:lab")
                        .values(lab).build(), Filter.builder().name("instance-state-name").values("running").build()))
                .reservations().stream().flatMap(res -> res.instances().stream()).toList();
        for (Instance i : instances) {
            shape.put("instance", String.join(" ", i.instanceTypeAsString(), i.imageId(),
                    i.metadataOptions().httpTokensAsString(), String.valueOf(i.metadataOptions()
                            .httpPutResponseHopLimit()), i.metadataOptions().httpEndpointAsString(),
                    name(i.iamInstanceProfile().arn()), i.securityGroups().stream().map(g -> g.groupName()).toList()
                            .toString(), String.valueOf(i.publicIpAddress() != null),
                    tags(i.tags(), t -> t.key(), t -> t.value())));
        }

        var iam = aws.iam();
        Role role = iam.getRole(r -> r.roleName(cluster + "-instance-role")).role();
        shape.put("instance role", String.join(" ", role.path(), role.description(),
                Json.write(Json.parse(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))),
                role.permissionsBoundary() == null ? "no boundary" : role.permissionsBoundary()
                        .permissionsBoundaryArn(), iam.listAttachedRolePolicies(r -> r.roleName(role.roleName()))
                        .attachedPolicies().stream().map(p -> p.policyArn()).toList().toString(),
                tags(role.tags(), t -> t.key(), t -> t.value())));
        var profile = iam.getInstanceProfile(r -> r.instanceProfileName(cluster + "-instance-profile"))
                .instanceProfile();
        shape.put("instance profile", String.join(" ", profile.path(), profile.roles().stream()
                .map(r -> r.roleName()).toList().toString(), tags(profile.tags(), t -> t.key(),
                t -> t.value())));
        var group = aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + cluster)).logGroups().get(0);
        shape.put("log group", group.logGroupName() + " " + group.retentionInDays() + " " + tags(aws.logs()
                .listTagsForResource(r -> r.resourceArn(group.arn().replaceAll(":\\*$", ""))).tags()));
        String word = "\\b" + Pattern.quote(lab) + "\\b";
        return shape.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().replaceAll(word, "LAB"),
                e -> e.getValue().replaceAll(word, "LAB"), (a, b) -> a + " " + b, TreeMap::new));
    }

    /** A service's own tag type as key and value. */
    private static <T> String tags(List<T> tags, Function<T, String> key, Function<T, String> value) {
        return tags(tags.stream().collect(Collectors.toMap(key, value)));
    }

    /** Tags sorted by key, the run's value masked. */
    private static String tags(Map<String, String> tags) {
        Map<String, String> sorted = new TreeMap<>(tags);
        sorted.computeIfPresent("ecslab:run", (k, v) -> "RUN");
        return sorted.toString();
    }

    private String elbTags(String arn) {
        return tags(aws.elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags(),
                t -> t.key(), t -> t.value());
    }

    /** The name in an ARN (…/name/id, …/name:revision, …/name): without its id or revision. */
    private static String name(String arn) {
        String[] parts = arn.split("/");
        String last = parts[parts.length - 1];
        return last.matches("[0-9a-f]{16}") ? parts[parts.length - 2] : last.replaceAll(":\\d+$", "");
    }

    private static String rule(IpPermission p, Map<String, String> groupNames) {
        return p.ipProtocol() + " " + p.fromPort() + "-" + p.toPort() + " " + p.ipRanges().stream()
                .map(r -> r.cidrIp()).sorted().toList() + " " + p.userIdGroupPairs().stream()
                .map(g -> groupNames.getOrDefault(g.groupId(), "other")).sorted(Comparator.naturalOrder()).toList();
    }
}
