package dev.ecslab.aws;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

final class SdkIamGateway implements IamGateway {
    private final Supplier<IamClient> client;
    /** Only the calls that write an ARN or a principal need it: its metadata is not loaded for the others. */
    private final Supplier<Partition> partition;
    private final Poller poller = new Poller();

    SdkIamGateway(Supplier<IamClient> client, Supplier<Partition> partition) {
        this.client = client;
        this.partition = partition;
    }

    private IamClient iam() {
        return client.get();
    }

    @Override
    public void ensureEcsServiceLinkedRole() {
        // Looked up first: a caller without iam:CreateServiceLinkedRole passes where an administrator made the role,
        // since IAM authorizes CreateServiceLinkedRole before it finds the name taken.
        if (roleExists(ECS_SERVICE_LINKED_ROLE)) {
            return;
        }
        try {
            AwsCall.run("create the ECS service-linked role",
                    () -> iam().createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com")));
        } catch (AwsCallException e) {
            // The role usually exists. IAM says so with the generic code InvalidInput and the text "has been taken"
            // (docs/aws.md §1), so this one decision has to read the message. EntityAlreadyExists: moto's way.
            boolean exists = "EntityAlreadyExists".equals(e.errorCode()) || "InvalidInput".equals(e.errorCode())
                    && String.valueOf(e.awsMessage()).contains("has been taken");
            if (!exists) {
                throw e;
            }
        }
    }

    @Override
    public Optional<RoleInfo> findRole(String name) {
        return AwsCall.find("get role " + name, () -> Optional.of(iam().getRole(r -> r.roleName(name)).role()))
                .map(this::toRoleInfo);
    }

    @Override
    public RoleInfo createInstanceRole(String name, String path, Map<String, String> tags, String boundaryArn) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"" + partition.get().ec2Principal()
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        Role role = AwsCall.run("create role " + name, () -> iam().createRole(r -> r.roleName(name).path(path)
                .assumeRolePolicyDocument(trust).description("ecslab container instance role")
                .permissionsBoundary(boundaryArn).tags(toTags(tags))).role());
        return new RoleInfo(role.roleName(), role.arn(), role.path(), millis(role.createDate()), tags, List.of());
    }

    @Override
    public void attachEcsInstancePolicy(String roleName) {
        String policyArn = partition.get().managedPolicyArn(ECS_INSTANCE_POLICY);
        AwsCall.run("attach " + policyArn + " to role " + roleName,
                () -> iam().attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn)));
    }

    @Override
    public Optional<InstanceProfileInfo> findInstanceProfile(String name) {
        return AwsCall.find("get instance profile " + name, () -> Optional.of(
                iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile()))
                .map(SdkIamGateway::toProfileInfo);
    }

    @Override
    public InstanceProfileInfo createInstanceProfile(String name, String path, Map<String, String> tags) {
        InstanceProfile p = AwsCall.run("create instance profile " + name, () -> iam().createInstanceProfile(
                r -> r.instanceProfileName(name).path(path).tags(toTags(tags))).instanceProfile());
        return new InstanceProfileInfo(p.instanceProfileName(), p.arn(), p.path(), millis(p.createDate()), tags,
                List.of());
    }

    @Override
    public void addRoleToInstanceProfile(String profileName, String roleName) {
        // A profile holds one role; adding it again would fail with LimitExceeded. A missing profile is left to
        // AddRoleToInstanceProfile to report (NoSuchEntity).
        boolean added = findInstanceProfile(profileName).map(p -> p.roleNames().contains(roleName)).orElse(false);
        if (!added) {
            AwsCall.run("add role " + roleName + " to instance profile " + profileName,
                    () -> iam().addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName)));
        }
    }

    @Override
    public void waitUntilInstanceProfileExists(String name, Budget budget) {
        poller.poll(budget, WaitListener.NONE, () -> findInstanceProfile(name)
                .<Poll<Boolean>>map(p -> Poll.done(true, "instance profile " + name + " exists"))
                .orElse(Poll.pending("instance profile " + name + " not visible yet")));
        CallRecorder.waited("iam", "instance-profile-exists", "the instance profile to be visible",
                "InstanceProfileName", name);
    }

    @Override
    public List<RoleInfo> listRoles(String pathPrefix) {
        List<Role> roles = AwsCall.run("list roles under " + pathPrefix, () -> iam().listRolesPaginator(
                r -> r.pathPrefix(pathPrefix)).roles().stream().collect(Collectors.toList()));
        return roles.stream().map(this::toRoleInfo).collect(Collectors.toList());
    }

    @Override
    public List<Decision> simulate(String principalArn, List<String> actions, List<String> resources,
                                   List<ContextKey> context) {
        List<ContextEntry> entries = context.stream().map(SdkIamGateway::toEntry).toList();
        return AwsCall.run("simulate the policies of " + principalArn, () -> iam().simulatePrincipalPolicyPaginator(
                r -> r.policySourceArn(principalArn).actionNames(actions).resourceArns(resources)
                        .contextEntries(entries)).evaluationResults().stream()
                .flatMap(SdkIamGateway::perResource)
                .toList());
    }

    /**
     * IAM answers one result per action, its decision the most restrictive of all the resources asked, and each
     * resource's own decision in ResourceSpecificResults (API_EvaluationResult); an answer without them (one per
     * action and resource, as IAM used to give) is read as it is.
     */
    private static Stream<Decision> perResource(EvaluationResult e) {
        if (e.resourceSpecificResults().isEmpty()) {
            return Stream.of(new Decision(e.evalActionName(), e.evalResourceName(), e.evalDecisionAsString(),
                    List.copyOf(e.missingContextValues())));
        }
        return e.resourceSpecificResults().stream().map(r -> new Decision(e.evalActionName(), r.evalResourceName(),
                r.evalResourceDecisionAsString(), List.copyOf(r.missingContextValues())));
    }

    private static ContextEntry toEntry(ContextKey key) {
        // IAM's context types have no ARN: ArnLike and ArnEquals compare string values.
        boolean list = key.values().size() > 1 || "aws:TagKeys".equalsIgnoreCase(key.name());
        ContextKeyTypeEnum type = list ? ContextKeyTypeEnum.STRING_LIST : ContextKeyTypeEnum.STRING;
        return ContextEntry.builder().contextKeyName(key.name()).contextKeyValues(key.values()).contextKeyType(type)
                .build();
    }

    @Override
    public boolean policyExists(String arn) {
        return AwsCall.find("get policy " + arn, () -> Optional.of(iam().getPolicy(r -> r.policyArn(arn))))
                .isPresent();
    }

    @Override
    public boolean roleExists(String name) {
        return AwsCall.find("find role " + name, () -> Optional.of(iam().getRole(r -> r.roleName(name)))).isPresent();
    }

    @Override
    public List<String> roleNames(String pathPrefix) {
        return AwsCall.run("list roles under " + pathPrefix, () -> iam().listRolesPaginator(
                r -> r.pathPrefix(pathPrefix)).roles().stream().map(Role::roleName).collect(Collectors.toList()));
    }

    @Override
    public List<InstanceProfileInfo> listInstanceProfiles(String pathPrefix) {
        List<InstanceProfile> profiles = AwsCall.run("list instance profiles under " + pathPrefix,
                () -> iam().listInstanceProfilesPaginator(r -> r.pathPrefix(pathPrefix)).instanceProfiles().stream()
                        .collect(Collectors.toList()));
        return profiles.stream().map(SdkIamGateway::toProfileInfo).collect(Collectors.toList());
    }

    @Override
    public void deleteInstanceProfile(String name) {
        Optional<InstanceProfileInfo> profile = findInstanceProfile(name);
        if (profile.isEmpty()) {
            return;
        }
        for (String role : profile.get().roleNames()) {
            AwsCall.delete("remove role " + role + " from instance profile " + name,
                    () -> iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(role)));
        }
        AwsCall.delete("delete instance profile " + name,
                () -> iam().deleteInstanceProfile(r -> r.instanceProfileName(name)));
    }

    @Override
    public void deleteRole(String name) {
        if (findRole(name).isEmpty()) {
            return;
        }
        for (String arn : attachedPolicies(name)) {
            AwsCall.delete("detach " + arn + " from role " + name,
                    () -> iam().detachRolePolicy(r -> r.roleName(name).policyArn(arn)));
        }
        List<String> inline = AwsCall.run("list inline policies of role " + name,
                () -> iam().listRolePolicies(r -> r.roleName(name)).policyNames());
        for (String policy : inline) {
            AwsCall.delete("delete inline policy " + policy + " of role " + name,
                    () -> iam().deleteRolePolicy(r -> r.roleName(name).policyName(policy)));
        }
        AwsCall.delete("delete role " + name, () -> iam().deleteRole(r -> r.roleName(name)));
    }

    private List<String> attachedPolicies(String roleName) {
        return AwsCall.run("list policies of role " + roleName, () -> iam().listAttachedRolePolicies(
                r -> r.roleName(roleName)).attachedPolicies().stream().map(AttachedPolicy::policyArn)
                .collect(Collectors.toList()));
    }

    /** GetRole and CreateRole return the role's tags (ListRoles does not: callers re-read with findRole). */
    private RoleInfo toRoleInfo(Role role) {
        return new RoleInfo(role.roleName(), role.arn(), role.path(), millis(role.createDate()), tagMap(role.tags()),
                attachedPolicies(role.roleName()));
    }

    /** Likewise GetInstanceProfile and CreateInstanceProfile return its tags. */
    private static InstanceProfileInfo toProfileInfo(InstanceProfile p) {
        return new InstanceProfileInfo(p.instanceProfileName(), p.arn(), p.path(), millis(p.createDate()),
                tagMap(p.tags()), p.roles().stream().map(Role::roleName).collect(Collectors.toList()));
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    private static long millis(java.time.Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .collect(Collectors.toList());
    }

}
