package dev.ecslab.e2e;

import dev.ecslab.aws.SsmGateway;
import dev.ecslab.json.Json;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.JsonContract;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ecslab doctor through the packaged CLI: OK on the emulator, else NG with a hint and exit 3; it creates nothing. */
class DoctorE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    @Test
    void on_the_emulator_every_check_passes_and_nothing_is_created() {
        Map<String, Integer> before = counts(EMULATOR.clients());

        String out = CliResult.unwrapped(cli.run("doctor", "--lab", "doc").ok().stdout()); // lines of 120 joined
        for (String check : List.of("region — us-east-1", "credentials — arn:aws:sts::123456789012:",
                "default VPC — vpc-", "instance type t3.micro — 2 vCPUs", "zones — the instance in us-east-1",
                "ECS-optimized AMI — ami-", "AWSServiceRoleForECS — ", "load balancer quota — ",
                "security groups — ", "vCPU quota — ", "instance role boundary — arn:aws:iam::123456789012:policy/"
                        + "ecslab/ecslab-instance-role-boundary ")) { // absent, or made by another test here
            assertTrue(out.contains("[OK] " + check), check + " in\n" + out);
        }
        assertTrue(out.contains(" application load balancers of 50; the lab adds 1"), "AWS's default quota in\n" + out);
        // The emulator's default credentials are no IAM user or role: nothing IAM could simulate.
        assertTrue(out.contains("[SKIP] permissions — not checked: IAM simulates the policies of users and roles, "
                + "not of arn:aws:sts::123456789012:"), out);
        assertTrue(out.strip().endsWith("no problem found: `up` can run here"), out);

        Map<?, ?> doc = JsonContract.assertValid(cli.run("doctor", "--lab", "doc", "-o", "json", "--progress",
                "json")).ok().stdoutJson();
        assertEquals(true, ((Map<?, ?>) doc.get("doctor")).get("ok"));
        assertEquals(before, counts(EMULATOR.clients()), "doctor created something");
    }

    @Test
    void the_vcpu_quota_counts_the_regions_on_demand_instances_and_ng_when_the_lab_would_pass_it() {
        // Two t3.micro of somebody else's: 4 vCPUs of the quota (the emulator's, 32) are in use.
        Ec2Client ec2 = EMULATOR.clients().ec2();
        String image = EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86)).parameter().value();
        List<String> ids = ec2.runInstances(r -> r.imageId(image).instanceType("t3.micro").minCount(2).maxCount(2))
                .instances().stream().map(Instance::instanceId).toList();
        try {
            cli.run("doctor").ok().stdoutContains("[OK] vCPU quota — 4 vCPUs in use of 32 (On-Demand standard "
                    + "instances, L-1216C47A); the lab adds 2");
            // m5.8xlarge has 32 vCPUs: with the 4 in use, 36 of 32
            CliResult r = cli.run("doctor", "--instance-type", "m5.8xlarge").exitedWith(3);
            assertTrue(Pattern.compile("\\[NG] vCPU quota — the lab's 32 vCPUs do not fit: 4 of 32 in use \\(On-Demand "
                    + "standard instances, L-1216C47A\\)\\n +hint: stop instances you do not need, pick a smaller "
                    + "--instance-type, or ask for more").matcher(r.stdout()).find(), r::toString);
            r.stderrContains("ecslab: doctor lab default: vCPU quota — NG");
        } finally {
            ec2.terminateInstances(t -> t.instanceIds(ids));
        }
    }

    @Test
    void the_example_policy_allows_every_call_of_the_lab_and_one_without_its_creates_is_ng_naming_them()
            throws IOException {
        IamClient iam = EMULATOR.clients().iam();
        String user = "doctor-" + UUID.randomUUID().toString().substring(0, 8);
        iam.createUser(r -> r.userName(user).path("/ops/"));
        String policy = Files.readString(Path.of("examples/ecslab-iam-policy.json"));
        String full = iam.createPolicy(r -> r.policyName(user + "-full").policyDocument(policy)).policy().arn();
        iam.attachUserPolicy(r -> r.userName(user).policyArn(full));
        AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
        cli.env("AWS_ACCESS_KEY_ID", key.accessKeyId()).env("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        String me = "arn:aws:iam::123456789012:user/ops/" + user;

        PolicyStatementsE2E.administratorMakesTheBoundary(EMULATOR); // without it, the boundary line is NG
        CliResult allowed = cli.run("doctor", "--lab", "doc").ok();
        assertTrue(Pattern.compile("\\[OK] permissions — all \\d+ calls of up, scale and cleanup allowed for "
                + Pattern.quote(me) + " \\(IAM policy simulation\\)")
                .matcher(CliResult.unwrapped(allowed.stdout())).find(), allowed::toString);

        // Without the statement that lets it create the lab's resources: the creates are denied, named.
        Map<?, ?> document = (Map<?, ?>) Json.parse(policy);
        List<?> statements = ((List<?>) document.get("Statement")).stream()
                .filter(s -> !"CreateOnlyLabNamesWithTheLabTag".equals(((Map<?, ?>) s).get("Sid"))).toList();
        String narrower = iam.createPolicy(r -> r.policyName(user + "-narrower").policyDocument(Json.write(
                Map.of("Version", "2012-10-17", "Statement", statements)))).policy().arn();
        iam.detachUserPolicy(r -> r.userName(user).policyArn(full));
        iam.attachUserPolicy(r -> r.userName(user).policyArn(narrower));
        CliResult denied = cli.run("doctor", "--lab", "doc").exitedWith(3);
        assertTrue(Pattern.compile("\\[NG] permissions — 8 of \\d+ calls denied for " + Pattern.quote(me)
                + ": ecs:CreateCluster on arn:aws:ecs:us-east-1:123456789012:cluster/ecslab-doc; ecs:CreateService on "
                + "arn:aws:ecs:us-east-1:123456789012:service/ecslab-doc/ecslab-doc-web; ecs:RegisterTaskDefinition "
                + "on arn:aws:ecs:us-east-1:123456789012:task-definition/ecslab-doc-web:1; … +hint: attach "
                + "examples/ecslab-iam-policy.json").matcher(CliResult.unwrapped(denied.stdout())).find(),
                denied::toString);
        denied.stderrContains("ecslab: doctor lab doc: permissions — NG");
    }

    @Test
    void an_instance_type_the_region_lacks_is_ng_with_its_hint_and_exit_3() {
        CliResult r = cli.run("doctor", "--instance-type", "x9.huge").exitedWith(3);
        assertTrue(Pattern.compile("\\[NG] instance type x9.huge — check instance type x9.huge: us-east-1 does not "
                + "offer it\\n +hint: pick one the region has").matcher(r.stdout()).find(), r::toString);
        assertTrue(r.stdout().contains("[SKIP] zones — needs the default VPC and the instance type"), r::toString);
        r.stderrContains("ecslab: doctor lab default: instance type x9.huge — NG",
                "hint: fix what the NG lines say, then run `ecslab doctor --lab default");
    }

    @Test
    void without_credentials_it_says_so_skips_the_rest_and_exits_3() {
        cli.env("AWS_ACCESS_KEY_ID", null).env("AWS_SECRET_ACCESS_KEY", null);
        CliResult text = cli.run("doctor").exitedWith(3);
        assertTrue(text.stdout().contains("[NG] credentials — check credentials: none found"), text::toString);
        assertTrue(text.stdout().contains("[SKIP] default VPC — needs credentials"), text::toString);

        Map<?, ?> doc = JsonContract.assertValid(cli.run("doctor", "-o", "json", "--progress", "json"))
                .exitedWith(3).stdoutJson();
        assertEquals(false, doc.get("ok"));
        assertEquals(3L, ((Number) ((Map<?, ?>) doc.get("error")).get("exitCode")).longValue());
        assertEquals("us-east-1", doc.get("region"));
        List<?> checks = (List<?>) ((Map<?, ?>) doc.get("doctor")).get("checks");
        assertEquals(List.of("OK", "NG"), checks.subList(0, 2).stream().map(c -> ((Map<?, ?>) c).get("result"))
                .toList());
    }

    /** What doctor must not change: how many of each thing the lab could create exist. */
    private static Map<String, Integer> counts(TestClients aws) {
        return Map.of("clusters", aws.ecs().listClusters().clusterArns().size(),
                "security groups", aws.ec2().describeSecurityGroups().securityGroups().size(),
                "instances", aws.ec2().describeInstances().reservations().size(),
                "load balancers", aws.elb().describeLoadBalancers().loadBalancers().size(),
                "roles", aws.iam().listRoles().roles().size(),
                "instance profiles", aws.iam().listInstanceProfiles().instanceProfiles().size(),
                "log groups", aws.logs().describeLogGroups().logGroups().size());
    }
}
