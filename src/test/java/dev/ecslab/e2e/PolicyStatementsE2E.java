package dev.ecslab.e2e;

import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.Names;
import dev.ecslab.json.Json;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each statement of examples/ecslab-iam-policy.json is needed, shown on the emulator that enforces IAM: with the
 * statement removed, `doctor` names a denied call, and the command that needs it stops where AWS would stop it,
 * naming the action, with its documented exit code — and leaves nothing of the lab (checked with the emulator's
 * root clients), or lists what it could not delete. The cases run concurrently, each as its own user and lab.
 */
@Order(1) // among the longest: started first (junit-platform.properties)
@Execution(ExecutionMode.CONCURRENT)
class PolicyStatementsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = Emulator.fast();

    private static final Path POLICY = Emulator.projectDir().resolve("examples/ecslab-iam-policy.json");

    @TempDir
    Path home;

    @BeforeAll
    static void anAdministratorMadeTheBoundaryAndAnotherLabExists() throws IOException {
        administratorMakesTheBoundary(EMULATOR);
        // An account with another lab in it, whatever the cases running beside one have made or removed: cleanup
        // describes the ecslab-* clusters it lists, so without ReadTheLabsEcsResources it always meets a refusal.
        EMULATOR.clients().ecs().createCluster(r -> r.clusterName("ecslab-another")
                .tags(Tag.builder().key("ecslab:lab").value("another").build()));
    }

    /** What an administrator does once per account (docs/iam.md): the instance role's permissions boundary. */
    static void administratorMakesTheBoundary(Emulator emulator) throws IOException {
        IamClient iam = emulator.clients().iam();
        if (iam.listPolicies(r -> r.pathPrefix(Names.IAM_PATH)).policies().stream()
                .noneMatch(p -> p.policyName().equals(IamGateway.INSTANCE_ROLE_BOUNDARY))) {
            String document = Files.readString(Emulator.projectDir().resolve(
                    "examples/ecslab-instance-role-boundary.json"));
            iam.createPolicy(r -> r.path(Names.IAM_PATH).policyName(IamGateway.INSTANCE_ROLE_BOUNDARY)
                    .policyDocument(document));
        }
    }

    /**
     * sid · doctor's exit and the action it names · up's exit and the action it names (- : up does not need the
     * statement) · then cleanup's exit and the action it names (- : cleanup succeeds).
     */
    @ParameterizedTest(name = "without {0}")
    @CsvSource(delimiter = '|', value = {
        "ReadsWithoutResourceLevelPermissions                        | 3 | ec2:DescribeVpcs                  | 3 | ec2:DescribeVpcs                   | 3 | ecs:ListClusters",
        "ElbChecksTheCallersNetworkReads                             | 3 | ec2:DescribeAccountAttributes     | 1 | ec2:DescribeAccountAttributes      | 0 | -",
        "EcsOptimizedAmiParameter                                    | 3 | ssm:GetParameter                  | 3 | ssm:GetParameter                   | 0 | -",
        "ReadTheLabsEcsResources                                     | 3 | ecs:DescribeClusters              | 1 | ecs:DescribeClusters               | 3 | ecs:DescribeClusters",
        "ListTheLabsTasks                                            | 3 | ecs:ListTasks                     | 1 | ecs:ListTasks                      | 0 | -",
        "CreateOnlyLabNamesWithTheLabTag                             | 3 | ecs:CreateCluster                 | 1 | logs:CreateLogGroup                | 0 | -",
        "RunInstancesFromAmazonImages                                | 3 | ec2:RunInstances                  | 1 | ec2:RunInstances                   | 0 | -",
        "RunInstancesOfSmallTypesOnly                                | 3 | ec2:RunInstances                  | 1 | ec2:RunInstances                   | 0 | -",
        "RunInstancesWithANewVolumeAndInterface                      | 3 | ec2:RunInstances                  | 1 | ec2:RunInstances                   | 0 | -",
        "RunInstancesInTheLabsSecurityGroupsOnly                     | 3 | ec2:RunInstances                  | 1 | ec2:RunInstances                   | 0 | -",
        "RunInstancesInAnySubnetOfTheirVpc                           | 3 | ec2:RunInstances                  | 1 | ec2:RunInstances                   | 0 | -",
        "CreateSecurityGroups                                        | 3 | ec2:CreateSecurityGroup           | 1 | ec2:CreateSecurityGroup            | 0 | -",
        "TagEc2OnlyWhileCreating                                     | 3 | ec2:CreateTags                    | 1 | ec2:CreateTags                     | 0 | -",
        "TagEcsOnlyWhileCreating                                     | 3 | ecs:TagResource                   | 1 | ecs:TagResource                    | 0 | -",
        "TagElbOnlyWhileCreating                                     | 3 | elasticloadbalancing:AddTags      | 1 | elasticloadbalancing:AddTags       | 0 | -",
        "TagTheLabsLogGroupAndIamWhileCreating                       | 3 | logs:TagResource                  | 1 | logs:TagResource                   | 0 | -",
        "ChangeAndDeleteOnlyTheLabsOwn                               | 3 | ec2:AuthorizeSecurityGroupIngress | 1 | ec2:AuthorizeSecurityGroupIngress  | 4 | ec2:DeleteSecurityGroup",
        "DeregisterTaskDefinitionsHasNoResourceLevelPermissions      | 3 | ecs:DeregisterTaskDefinition      | 0 | -                                  | 4 | ecs:DeregisterTaskDefinition",
        "ReadTheLabsLogGroup                                         | 3 | logs:ListTagsForResource          | 1 | logs:ListTagsForResource           | 3 | logs:ListTagsForResource",
        "ChangeAndDeleteOnlyTheLabsLogGroup                          | 3 | logs:PutRetentionPolicy           | 1 | logs:PutRetentionPolicy            | 4 | logs:DeleteLogGroup",
        "ReadTheLabsRoleAndInstanceProfile                           | 3 | iam:GetRole                       | 1 | iam:GetInstanceProfile             | 3 | iam:GetInstanceProfile",
        "ChangeAndDeleteOnlyTheLabsRoleAndInstanceProfile            | 3 | iam:DetachRolePolicy              | 1 | iam:AddRoleToInstanceProfile       | 4 | iam:DeleteInstanceProfile",
        "CreateTheLabsRoleOnlyWithItsBoundary                        | 3 | iam:CreateRole                    | 1 | iam:CreateRole                     | 0 | -",
        "LookUpTheInstanceRoleBoundary                               | 3 | iam:GetPolicy                     | 1 | iam:GetPolicy                      | 0 | -",
        "LookUpTheLabsRoleBeforeItExists                             | 3 | iam:GetRole                       | 1 | iam:GetRole                        | 3 | iam:GetInstanceProfile",
        "AttachOnlyTheEcsInstancePolicy                              | 3 | iam:AttachRolePolicy              | 1 | iam:AttachRolePolicy               | 0 | -",
        "PassTheLabsRoleOnlyToEc2                                    | 3 | iam:PassRole                      | 1 | iam:PassRole                       | 0 | -",
        "LookUpTheServiceLinkedRoles                                 | 3 | iam:GetRole                       | 1 | iam:GetRole                        | 0 | -",
        "DoctorReadsTheEc2VcpuQuotaWhichHasNoResourceLevelPermissions | 3 | servicequotas:GetServiceQuota    | - | -                                  | - | -",
        // doctor cannot simulate without it: SKIP, saying which action it lacks
        "DoctorSimulatesTheCallersOwnPolicies                        | 0 | iam:SimulatePrincipalPolicy       | - | -                                  | - | -",
    })
    void without_the_statement_the_command_that_needs_it_stops_naming_the_action(String sid, int doctorExit,
            String doctorNames, String upExit, String upNames, String cleanupExit, String cleanupNames)
            throws IOException {
        String lab = "p" + Integer.toHexString(sid.hashCode() & 0xfffff);
        Cli cli = asUserWith(policyWithout(sid));

        CliResult doctor = cli.run("doctor", "--lab", lab).exitedWith(doctorExit);
        assertTrue(doctor.stdout().contains(doctorNames), doctor::toString);
        if ("-".equals(upExit)) {
            return;
        }
        CliResult up = cli.run("up", "--lab", lab).exitedWith(Integer.parseInt(upExit));
        if (!"-".equals(upNames)) {
            up.stderrContains("is not authorized to perform: " + upNames, "hint: grant the caller that action");
        }
        CliResult cleanup = cli.run("cleanup", "--lab", lab, "--yes").exitedWith(Integer.parseInt(cleanupExit));
        if ("-".equals(cleanupNames)) {
            new LabScenario(cli, EMULATOR.clients()).assertNothingLeft(lab);
        } else {
            // what is left is the caller's to grant: the refusal names the action (and lists the resources)
            cleanup.stderrContains("is not authorized to perform: " + cleanupNames);
            if (Integer.parseInt(cleanupExit) == 4) {
                cleanup.stderrContains("hint: grant the caller the action each line names");
            }
        }
    }

    /** Every statement is in the table above or said here not to fail a run when removed. */
    @Test
    void every_statement_is_accounted_for() throws IOException {
        Set<String> sids = statements().stream().map(s -> String.valueOf(s.get("Sid")))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tested = new TreeSet<>(List.of("ReadsWithoutResourceLevelPermissions",
                "ElbChecksTheCallersNetworkReads", "EcsOptimizedAmiParameter", "ReadTheLabsEcsResources",
                "ListTheLabsTasks", "CreateOnlyLabNamesWithTheLabTag", "RunInstancesFromAmazonImages",
                "RunInstancesOfSmallTypesOnly", "RunInstancesWithANewVolumeAndInterface",
                "RunInstancesInTheLabsSecurityGroupsOnly", "RunInstancesInAnySubnetOfTheirVpc",
                "CreateSecurityGroups", "TagEc2OnlyWhileCreating", "TagEcsOnlyWhileCreating", "TagElbOnlyWhileCreating",
                "TagTheLabsLogGroupAndIamWhileCreating", "ChangeAndDeleteOnlyTheLabsOwn",
                "DeregisterTaskDefinitionsHasNoResourceLevelPermissions", "ReadTheLabsLogGroup",
                "ChangeAndDeleteOnlyTheLabsLogGroup", "ReadTheLabsRoleAndInstanceProfile",
                "ChangeAndDeleteOnlyTheLabsRoleAndInstanceProfile", "LookUpTheLabsRoleBeforeItExists",
                "CreateTheLabsRoleOnlyWithItsBoundary", "LookUpTheInstanceRoleBoundary", "AttachOnlyTheEcsInstancePolicy",
                "PassTheLabsRoleOnlyToEc2", "LookUpTheServiceLinkedRoles",
                "DoctorReadsTheEc2VcpuQuotaWhichHasNoResourceLevelPermissions",
                "DoctorSimulatesTheCallersOwnPolicies",
                // on a fresh account only: FreshAccountE2E
                "EcsAndElbServiceLinkedRoles",
                // the two Denys guard what the holder may do besides the lab: test_authorization.py refuses an
                // untagged instance and security group
                "RunInstancesTagsWhatItCreatesForTheLab", "CreateSecurityGroupTagsItForTheLab"));
        assertEquals(sids, tested);
    }

    private static List<Map<?, ?>> statements() throws IOException {
        Map<?, ?> document = (Map<?, ?>) Json.parse(Files.readString(POLICY));
        return ((List<?>) document.get("Statement")).stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
    }

    static String policyWithout(String sid) throws IOException {
        List<Map<?, ?>> kept = statements().stream().filter(s -> !sid.equals(s.get("Sid"))).toList();
        assertEquals(statements().size() - 1, kept.size(), "no statement " + sid);
        return Json.write(Map.of("Version", "2012-10-17", "Statement", kept));
    }

    /** A new IAM user (made with the emulator's root credentials) whose one policy is {@code policy}. */
    private Cli asUserWith(String policy) {
        return asUserWith(EMULATOR, home, policy);
    }

    static Cli asUserWith(Emulator emulator, Path home, String policy) {
        AccessKey key = userWith(emulator, policy);
        return new Cli(emulator.endpoint(), home.resolve(key.userName())).env("AWS_ACCESS_KEY_ID", key.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
    }

    /** The access key of a new IAM user whose only permissions are {@code policy}. */
    static AccessKey userWith(Emulator emulator, String policy) {
        IamClient iam = emulator.clients().iam();
        String user = "lab-" + UUID.randomUUID().toString().substring(0, 8);
        iam.createUser(r -> r.userName(user));
        iam.putUserPolicy(r -> r.userName(user).policyName("ecslab").policyDocument(policy));
        return iam.createAccessKey(r -> r.userName(user)).accessKey();
    }
}
