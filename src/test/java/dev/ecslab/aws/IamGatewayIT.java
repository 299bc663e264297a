package dev.ecslab.aws;

import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IamGatewayIT {
    /** The emulator's region is in the aws partition. */
    private static final String ECS_INSTANCE_POLICY =
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";

    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private final IamGateway iam = EmulatorGateways.of(EMULATOR).iam();
    private final IamClient check = EMULATOR.clients().iam();
    private final Names names = new Names(EmulatorGateways.uniqueLab());
    private final Map<String, String> tags = Tags.of(names.lab(), "run-1", null);

    @Test
    void a_simulation_reads_each_decision_and_the_keys_a_condition_missed() {
        String user = names.prefix() + "simulated";
        String arn = check.createUser(r -> r.userName(user)).user().arn();
        check.putUserPolicy(r -> r.userName(user).policyName("create-tagged").policyDocument("{\"Version\":"
                + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:CreateCluster\","
                + "\"Resource\":\"arn:aws:ecs:*:*:cluster/ecslab-*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:RequestTag/ecslab:lab\":\"demo\"},\"ForAllValues:StringEquals\":{\"aws:TagKeys\":"
                + "[\"ecslab:lab\",\"ecslab:run\"]}}}]}"));
        String cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/ecslab-demo";
        String other = "arn:aws:ecs:us-east-1:123456789012:cluster/production";
        List<IamGateway.ContextKey> tagged = List.of(new IamGateway.ContextKey("aws:RequestTag/ecslab:lab",
                List.of("demo")), new IamGateway.ContextKey("aws:TagKeys", List.of("ecslab:lab")));

        assertEquals(List.of(new IamGateway.Decision("ecs:CreateCluster", cluster, "allowed", List.of()),
                        new IamGateway.Decision("ecs:CreateCluster", other, "implicitDeny", List.of()),
                        new IamGateway.Decision("ecs:DeleteCluster", cluster, "implicitDeny", List.of()),
                        new IamGateway.Decision("ecs:DeleteCluster", other, "implicitDeny", List.of())),
                iam.simulate(arn, List.of("ecs:CreateCluster", "ecs:DeleteCluster"), List.of(cluster, other),
                        tagged));
        // One tag key is sent as a list all the same (aws:TagKeys), and a key the request lacks is named.
        IamGateway.Decision untagged = iam.simulate(arn, List.of("ecs:CreateCluster"), List.of(cluster),
                List.of()).get(0);
        assertEquals("implicitDeny", untagged.decision());
        assertTrue(untagged.missingContextKeys().contains("aws:RequestTag/ecslab:lab"), untagged.toString());

        AwsCallException nobody = assertThrows(AwsCallException.class, () -> iam.simulate(
                "arn:aws:iam::123456789012:user/" + names.prefix() + "nobody", List.of("ecs:ListClusters"),
                List.of("*"), List.of()));
        assertEquals("NoSuchEntity", nobody.errorCode());
    }

    @Test
    void the_ecs_service_linked_role_is_ensured_again_and_again() {
        iam.ensureEcsServiceLinkedRole();
        iam.ensureEcsServiceLinkedRole();
        assertEquals(1, check.listRoles(r -> r.pathPrefix("/aws-service-role/ecs.amazonaws.com/")).roles().size());
    }

    @Test
    void the_instance_role_lives_under_the_ecslab_path_with_its_trust_policy_tags_and_managed_policy() {
        IamGateway.RoleInfo created = iam.createInstanceRole(names.instanceRole(), Names.IAM_PATH, tags, null);
        iam.attachEcsInstancePolicy(names.instanceRole());

        Role seen = check.getRole(r -> r.roleName(names.instanceRole())).role();
        assertEquals(created.arn(), seen.arn());
        assertEquals(Names.IAM_PATH, seen.path());
        assertEquals(tags, tagMap(seen.tags()));
        String trust = URLDecoder.decode(seen.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        assertTrue(trust.contains("\"Service\":\"ec2.amazonaws.com\"") && trust.contains("sts:AssumeRole"), trust);
        assertEquals(List.of(ECS_INSTANCE_POLICY), check.listAttachedRolePolicies(
                r -> r.roleName(names.instanceRole())).attachedPolicies().stream().map(p -> p.policyArn())
                .collect(Collectors.toList()));

        IamGateway.RoleInfo found = iam.findRole(names.instanceRole()).orElseThrow();
        assertEquals(tags, found.tags());
        assertEquals(List.of(ECS_INSTANCE_POLICY), found.attachedPolicyArns());
        assertTrue(iam.findRole(names.instanceRole() + "x").isEmpty());
        assertTrue(iam.listRoles(Names.IAM_PATH).stream().anyMatch(r -> r.name().equals(names.instanceRole())));
    }

    @Test
    void the_instance_role_gets_the_permissions_boundary_it_is_given_and_policy_exists_finds_it() {
        String boundary = "arn:aws:iam::123456789012:policy/ecslab/" + names.prefix() + "boundary";
        assertFalse(iam.policyExists(boundary));
        check.createPolicy(r -> r.path("/ecslab/").policyName(names.prefix() + "boundary")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"logs:PutLogEvents\",\"Resource\":\"*\"}]}"));
        assertTrue(iam.policyExists(boundary));
        iam.createInstanceRole(names.instanceRole(), Names.IAM_PATH, tags, boundary);
        assertEquals(boundary, check.getRole(r -> r.roleName(names.instanceRole())).role().permissionsBoundary()
                .permissionsBoundaryArn());
    }

    @Test
    void the_instance_profile_holds_the_role_once() {
        iam.createInstanceRole(names.instanceRole(), Names.IAM_PATH, tags, null);
        IamGateway.InstanceProfileInfo created = iam.createInstanceProfile(names.instanceProfile(), Names.IAM_PATH,
                tags);
        iam.addRoleToInstanceProfile(names.instanceProfile(), names.instanceRole());
        iam.addRoleToInstanceProfile(names.instanceProfile(), names.instanceRole());
        iam.waitUntilInstanceProfileExists(names.instanceProfile(),
                new Budget("instance profile exists", Duration.ofSeconds(5), Duration.ofMillis(100)));

        InstanceProfile seen = check.getInstanceProfile(r -> r.instanceProfileName(names.instanceProfile()))
                .instanceProfile();
        assertEquals(created.arn(), seen.arn());
        assertEquals(Names.IAM_PATH, seen.path());
        assertEquals(List.of(names.instanceRole()), seen.roles().stream().map(Role::roleName)
                .collect(Collectors.toList()));
        // GetInstanceProfile carries the tags (moto 5.2.5 has no ListInstanceProfileTags).
        assertEquals(tags, tagMap(seen.tags()));

        IamGateway.InstanceProfileInfo found = iam.findInstanceProfile(names.instanceProfile()).orElseThrow();
        assertEquals(List.of(names.instanceRole()), found.roleNames());
        assertTrue(iam.listInstanceProfiles(Names.IAM_PATH).stream()
                .anyMatch(p -> p.name().equals(names.instanceProfile())));
    }

    @Test
    void adding_a_role_to_a_missing_profile_says_what_is_missing() {
        AwsCallException e = assertThrows(AwsCallException.class,
                () -> iam.addRoleToInstanceProfile(names.instanceProfile(), names.instanceRole()));
        assertEquals("NoSuchEntity", e.errorCode());
    }

    @Test
    void deleting_takes_the_role_out_of_the_profile_and_the_policies_off_the_role_first() {
        iam.createInstanceRole(names.instanceRole(), Names.IAM_PATH, tags, null);
        iam.attachEcsInstancePolicy(names.instanceRole());
        check.putRolePolicy(r -> r.roleName(names.instanceRole()).policyName("inline").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:ListClusters\","
                        + "\"Resource\":\"*\"}]}"));
        iam.createInstanceProfile(names.instanceProfile(), Names.IAM_PATH, tags);
        iam.addRoleToInstanceProfile(names.instanceProfile(), names.instanceRole());

        iam.deleteInstanceProfile(names.instanceProfile());
        iam.deleteRole(names.instanceRole());

        assertThrows(NoSuchEntityException.class,
                () -> check.getInstanceProfile(r -> r.instanceProfileName(names.instanceProfile())));
        assertThrows(NoSuchEntityException.class, () -> check.getRole(r -> r.roleName(names.instanceRole())));
        iam.deleteInstanceProfile(names.instanceProfile());
        iam.deleteRole(names.instanceRole());
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
