package dev.ecslab.lab;

import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.IamGateway.ContextKey;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Partition;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.aws.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every call `up`, `scale`, `cleanup` and the read commands make, as IAM authorizes it: the action, the resource ARN
 * the lab's names give, and the request's context keys — the lab's tag on a create, the resource's tag on a change,
 * the create action on a tag, the service a role is passed to. What IAM cannot know without the request (the tags,
 * ids not made yet) is what a simulation must be told, so doctor asks about these, not about bare actions.
 */
public final class PermissionRequests {
    /** One authorization: {@code action} on {@code resource} with {@code context}. */
    public record Request(String action, String resource, List<ContextKey> context) { }

    private static final String ECS_SLR = IamGateway.ECS_SERVICE_LINKED_ROLE;
    private static final String ELB_SLR = "AWSServiceRoleForElasticLoadBalancing";

    private final List<Request> requests = new ArrayList<>();

    private PermissionRequests() {
    }

    /**
     * The lab's calls in {@code region} of {@code account}, the ARNs written for {@code partition}, its instance of
     * {@code instanceType}.
     */
    public static List<Request> of(Partition partition, String region, String account, Names names,
                                   String instanceType, String principalArn) {
        PermissionRequests r = new PermissionRequests();
        String p = partition.id();
        String ecs = "arn:" + p + ":ecs:" + region + ":" + account + ":";
        String elb = "arn:" + p + ":elasticloadbalancing:" + region + ":" + account + ":";
        String ec2 = "arn:" + p + ":ec2:" + region + ":" + account + ":";
        String iam = "arn:" + p + ":iam::" + account + ":";
        String cluster = ecs + "cluster/" + names.cluster();
        String service = ecs + "service/" + names.cluster() + "/" + names.service();
        String taskDefinition = ecs + "task-definition/" + names.taskFamily() + ":1";
        String task = ecs + "task/" + names.cluster() + "/*";
        String containerInstance = ecs + "container-instance/" + names.cluster() + "/*";
        String loadBalancer = elb + "loadbalancer/app/" + names.loadBalancer() + "/*";
        String targetGroup = elb + "targetgroup/" + names.targetGroup() + "/*";
        String listener = elb + "listener/app/" + names.loadBalancer() + "/*/*";
        String logGroup = "arn:" + p + ":logs:" + region + ":" + account + ":log-group:" + names.logGroup();
        String role = iam + "role" + Names.IAM_PATH + names.instanceRole();
        String profile = iam + "instance-profile" + Names.IAM_PATH + names.instanceProfile();
        String instance = ec2 + "instance/*";
        String volume = ec2 + "volume/*";
        String networkInterface = ec2 + "network-interface/*";
        String securityGroup = ec2 + "security-group/*";
        String ecsRole = iam + "role/aws-service-role/ecs.amazonaws.com/" + ECS_SLR;
        String elbRole = iam + "role/aws-service-role/elasticloadbalancing.amazonaws.com/" + ELB_SLR;

        // Reads AWS authorizes on "*" (no resource-level permissions). sts:GetCallerIdentity is not asked: it needs
        // no permission, and the simulator would call it denied.
        r.on("*", List.of(), "ec2:DescribeVpcs", "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups", "ec2:DescribeInstances", "ec2:DescribeInstanceTypes",
                "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeImages", "ecs:ListClusters",
                "ecs:ListTaskDefinitions",
                "ecs:DescribeTaskDefinition", "ecs:DeregisterTaskDefinition",
                "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeAccountLimits", "logs:DescribeLogGroups",
                "ecs:ListTaskDefinitionFamilies",
                "iam:ListRoles", "iam:ListInstanceProfiles", "servicequotas:GetServiceQuota",
                // ELB reads the caller's network with the caller's permissions when it makes a load balancer or a
                // target group ("Elastic Load Balancing API permissions").
                "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeInternetGateways");
        r.on("arn:" + p + ":ssm:" + region + "::parameter" + SsmGateway.ECS_AMI_X86, List.of(), "ssm:GetParameter");
        r.on("*", List.of(new ContextKey("ecs:cluster", List.of(cluster))), "ecs:ListTasks");
        r.on(cluster, List.of(), "ecs:DescribeClusters", "ecs:ListContainerInstances", "ecs:ListTagsForResource");
        r.on(service, List.of(), "ecs:DescribeServices", "ecs:ListTagsForResource");
        r.on(task, List.of(), "ecs:DescribeTasks");
        r.on(containerInstance, List.of(), "ecs:DescribeContainerInstances");

        // Creates: the lab's name and its tag in the request; tagging allowed only as part of the create.
        List<ContextKey> labTag = requestTag(names);
        r.on(cluster, labTag, "ecs:CreateCluster");
        r.on(service, labTag, "ecs:CreateService");
        r.on(taskDefinition, labTag, "ecs:RegisterTaskDefinition");
        r.on(loadBalancer, labTag, "elasticloadbalancing:CreateLoadBalancer");
        r.on(targetGroup, labTag, "elasticloadbalancing:CreateTargetGroup");
        // A listener is created on its load balancer: that is the resource IAM checks (the SAR), its tags the
        // listener's.
        r.on(loadBalancer, labTag, "elasticloadbalancing:CreateListener");
        r.on(logGroup, labTag, "logs:CreateLogGroup", "logs:TagResource", "logs:TagLogGroup");
        String boundary = Names.instanceRoleBoundaryArn(partition, account);
        List<ContextKey> bounded = List.of(new ContextKey("iam:PermissionsBoundary", List.of(boundary)));
        r.on(role, with(labTag, bounded.get(0)), "iam:CreateRole");
        r.on(role, labTag, "iam:TagRole");
        r.on(boundary, List.of(), "iam:GetPolicy");
        r.on(profile, labTag, "iam:CreateInstanceProfile", "iam:TagInstanceProfile");
        r.tagging(cluster, names, "ecs:TagResource", "ecs:CreateAction", "CreateCluster");
        r.tagging(service, names, "ecs:TagResource", "ecs:CreateAction", "CreateService");
        r.tagging(taskDefinition, names, "ecs:TagResource", "ecs:CreateAction", "RegisterTaskDefinition");
        r.tagging(loadBalancer, names, "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction",
                "CreateLoadBalancer");
        r.tagging(targetGroup, names, "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction",
                "CreateTargetGroup");
        r.tagging(listener, names, "elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction",
                "CreateListener");
        // RunInstances is authorized on each resource it uses or makes, each with its own context: the AMI is
        // Amazon's; the instance, volume and interface are new, with the lab's tag; the security group is the lab's.
        List<ContextKey> own = List.of(new ContextKey("aws:ResourceTag/" + Tags.LAB, List.of(names.lab())));
        r.on("arn:" + p + ":ec2:" + region + "::image/*", List.of(new ContextKey("ec2:Owner", List.of("amazon"))),
                "ec2:RunInstances");
        r.on(instance, with(labTag, new ContextKey("ec2:InstanceType", List.of(instanceType))), "ec2:RunInstances");
        r.on(volume, labTag, "ec2:RunInstances");
        r.on(networkInterface, labTag, "ec2:RunInstances");
        r.on(securityGroup, own, "ec2:RunInstances");
        r.on(ec2 + "subnet/*", List.of(), "ec2:RunInstances");
        for (String resource : List.of(instance, volume, networkInterface)) {
            r.tagging(resource, names, "ec2:CreateTags", "ec2:CreateAction", "RunInstances");
        }
        r.on(securityGroup, labTag, "ec2:CreateSecurityGroup");
        r.on(ec2 + "vpc/*", labTag, "ec2:CreateSecurityGroup");
        r.tagging(securityGroup, names, "ec2:CreateTags", "ec2:CreateAction", "CreateSecurityGroup");

        // Changes and deletions: only of what carries the lab's tag.
        r.on(securityGroup, own, "ec2:AuthorizeSecurityGroupIngress", "ec2:DeleteSecurityGroup");
        r.on(instance, own, "ec2:TerminateInstances");
        r.on(service, own, "ecs:UpdateService", "ecs:DeleteService");
        r.on(cluster, own, "ecs:DeleteCluster", "ecs:DeregisterContainerInstance");
        r.on(taskDefinition, own, "ecs:DeleteTaskDefinitions");
        r.on(targetGroup, own, "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:DeleteTargetGroup");
        r.on(loadBalancer, own, "elasticloadbalancing:DeleteLoadBalancer");
        r.on(logGroup, own, "logs:PutRetentionPolicy", "logs:DeleteLogGroup");
        r.on(logGroup, List.of(), "logs:ListTagsForResource", "logs:FilterLogEvents", "logs:DescribeLogStreams");

        // IAM: the lab's role and profile under its path, looked up by name before they exist.
        r.on(role, List.of(), "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies");
        r.on(role, own, "iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:DeleteRole");
        r.on(profile, List.of(), "iam:GetInstanceProfile");
        r.on(profile, own, "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
                "iam:DeleteInstanceProfile");
        r.on(iam + "role/" + names.instanceRole(), List.of(), "iam:GetRole");
        r.on(iam + "instance-profile/" + names.instanceProfile(), List.of(), "iam:GetInstanceProfile");
        r.on(role, with(with(own, new ContextKey("iam:PolicyARN",
                List.of(partition.managedPolicyArn(IamGateway.ECS_INSTANCE_POLICY)))), bounded.get(0)),
                "iam:AttachRolePolicy");
        r.on(role, List.of(new ContextKey("iam:PassedToService", List.of(partition.ec2Principal()))),
                "iam:PassRole");
        r.on(ecsRole, List.of(new ContextKey("iam:AWSServiceName", List.of("ecs.amazonaws.com"))),
                "iam:CreateServiceLinkedRole");
        r.on(elbRole, List.of(new ContextKey("iam:AWSServiceName", List.of("elasticloadbalancing.amazonaws.com"))),
                "iam:CreateServiceLinkedRole");
        r.on(ecsRole, List.of(), "iam:GetRole");
        r.on(elbRole, List.of(), "iam:GetRole");
        // Looked up by name: a role that does not exist yet is authorized by its name alone, without its path.
        r.on(iam + "role/" + ECS_SLR, List.of(), "iam:GetRole");
        r.on(iam + "role/" + ELB_SLR, List.of(), "iam:GetRole");
        r.on(principalArn, List.of(), "iam:SimulatePrincipalPolicy");
        return List.copyOf(r.requests);
    }

    /**
     * The principal whose policies decide the caller's calls: a user as it is; an assumed role's role, its ARN
     * (with its path) read by {@code roleArn}. Empty for the root user and federated users, which IAM does not
     * simulate.
     */
    public static Optional<String> principalOf(String callerArn, Function<String, Optional<String>> roleArn) {
        String[] parts = callerArn.split(":", 6);
        if (parts.length < 6) {
            return Optional.empty();
        }
        String resource = parts[5];
        if ("iam".equals(parts[2]) && resource.startsWith("user/")) {
            return Optional.of(callerArn);
        }
        if ("sts".equals(parts[2]) && resource.startsWith("assumed-role/")) {
            String roleName = resource.split("/")[1];
            return roleArn.apply(roleName);
        }
        return Optional.empty();
    }

    /** The calls grouped by their context: one simulation each (it crosses its actions with its resources). */
    public static Map<List<ContextKey>, List<Request>> byContext(List<Request> requests) {
        Map<List<ContextKey>, List<Request>> groups = new LinkedHashMap<>();
        requests.forEach(q -> groups.computeIfAbsent(q.context(), k -> new ArrayList<>()).add(q));
        return groups;
    }

    /** CreateRole of the lab's instance role as a run makes it when no permissions boundary exists: without one. */
    public static Request unboundedRoleCreation(Partition partition, String account, Names names) {
        return new Request("iam:CreateRole", "arn:" + partition.id() + ":iam::" + account + ":role" + Names.IAM_PATH
                + names.instanceRole(), requestTag(names));
    }

    private static List<ContextKey> requestTag(Names names) {
        return List.of(new ContextKey("aws:RequestTag/" + Tags.LAB, List.of(names.lab())),
                new ContextKey("aws:TagKeys", List.of(Tags.LAB, Tags.RUN, Tags.NAME)));
    }

    private static List<ContextKey> with(List<ContextKey> keys, ContextKey more) {
        List<ContextKey> all = new ArrayList<>(keys);
        all.add(more);
        return List.copyOf(all);
    }

    private void tagging(String resource, Names names, String action, String createActionKey, String createAction) {
        on(resource, with(requestTag(names), new ContextKey(createActionKey, List.of(createAction))), action);
    }

    private void on(String resource, List<ContextKey> context, String... actions) {
        for (String action : actions) {
            requests.add(new Request(action, resource, context));
        }
    }
}
