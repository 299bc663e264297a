package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab run by an IAM user holding only examples/ecslab-iam-policy.json, on the emulator that authorizes every call
 * as IAM does (its own action on each resource, the tags of a create, iam:PassRole, ELB's reads on the caller): the
 * policy is enough (PolicyStatementsE2E: and each statement is needed). Outcomes are checked with the emulator's
 * root clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizedLabE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final Path POLICY = Emulator.projectDir().resolve("examples/ecslab-iam-policy.json");

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    @Order(1)
    void without_the_boundary_an_administrator_makes_once_up_stops_at_the_role_and_says_how_to_make_it()
            throws IOException {
        Cli cli = asUserWith(Files.readString(POLICY));
        // doctor sees it first: its permissions line asks with the boundary, its boundary line without
        cli.run("doctor", "--lab", "nobound").exitedWith(3).stdoutContains(
                "[NG] instance role boundary — absent, and the caller may create the instance role only with it: "
                        + "arn:aws:iam::123456789012:policy/ecslab/ecslab-instance-role-boundary",
                "an administrator creates it once: aws iam create-policy");
        cli.run("up", "--lab", "nobound").exitedWith(1).stderrContains(
                "is not authorized to perform: iam:CreateRole on resource: "
                        + "arn:aws:iam::123456789012:role/ecslab/ecslab-nobound-instance-role",
                "(no permissions boundary arn:aws:iam::123456789012:policy/ecslab/ecslab-instance-role-boundary "
                        + "exists)",
                "hint: an administrator creates it once: aws iam create-policy --path /ecslab/ --policy-name "
                        + "ecslab-instance-role-boundary --policy-document "
                        + "file://examples/ecslab-instance-role-boundary.json");
        new LabScenario(cli, EMULATOR.clients()).assertNothingLeft("nobound");
    }

    @Test
    @Order(2)
    void a_user_with_only_the_example_policy_runs_doctor_up_verify_scale_deploy_status_ls_logs_and_cleanup()
            throws IOException {
        PolicyStatementsE2E.administratorMakesTheBoundary(EMULATOR);
        Cli cli = asUserWith(Files.readString(POLICY));
        cli.run("doctor", "--lab", "iam").ok().stdoutContains("[OK] permissions — all ",
                "[OK] instance role boundary — arn:aws:iam::123456789012:policy/ecslab/ecslab-instance-role-boundary "
                        + "exists: a new instance role gets it");
        LabScenario scenario = new LabScenario(cli, EMULATOR.clients());
        scenario.runWholeLab("iam"); // up, verify, scale, status, logs, cleanup; nothing left

        cli.run("up", "--lab", "iamdep", "--count", "1").ok();
        Path changed = home.taskDefinition("public.ecr.aws/nginx/nginx:alpine", 512, 64);
        // the instance role carries the boundary, so its credentials reach only the lab
        assertEquals("arn:aws:iam::123456789012:policy/ecslab/ecslab-instance-role-boundary", EMULATOR.clients().iam()
                .getRole(r -> r.roleName("ecslab-iamdep-instance-role")).role().permissionsBoundary()
                .permissionsBoundaryArn());
        cli.run("taskdef", "--lab", "iamdep", "--file", changed.toString()).ok();
        cli.run("service", "--lab", "iamdep").ok();
        String deployed = EMULATOR.clients().ecs().describeServices(r -> r.cluster("ecslab-iamdep")
                .services("ecslab-iamdep-web")).services().get(0).taskDefinition();
        assertTrue(deployed.endsWith("/ecslab-iamdep-web:2"), deployed);
        cli.run("ls").ok().stdoutContains("iamdep");

        // Its ECS agent stopped before the instance terminates: ECS leaves the container instance ACTIVE and it
        // holds the cluster; cleanup deregisters it (ecs:DeregisterContainerInstance in the policy).
        String ci = stopAgent("iamdep");
        cli.run("cleanup", "--lab", "iamdep", "--yes").ok().stderrContains("deleted container instance i-");
        scenario.assertNothingLeft("iamdep");
        var ecs = EMULATOR.clients().ecs();
        assertTrue(ecs.describeClusters(r -> r.clusters("ecslab-iamdep")).clusters().stream()
                .allMatch(c -> "INACTIVE".equals(c.status())), "the cluster is deleted");
        try {
            assertTrue(ecs.describeContainerInstances(r -> r.cluster("ecslab-iamdep").containerInstances(ci))
                    .containerInstances().stream().allMatch(c -> "INACTIVE".equals(c.status())), ci + " deregistered");
        } catch (ClusterNotFoundException gone) { // its cluster is gone, and it with it
        }
    }

    @Test
    @Order(3)
    void a_user_with_only_the_example_policy_pins_the_ami_with_the_ami_option() throws IOException {
        PolicyStatementsE2E.administratorMakesTheBoundary(EMULATOR);
        Cli cli = asUserWith(Files.readString(POLICY));
        var ec2 = EMULATOR.clients().ec2();
        String ami = ec2.describeImages(r -> r.filters(Filter.builder().name("name").values("al2023-ami-ecs-hvm-*")
                        .build(), Filter.builder().name("architecture").values("x86_64").build())).images().stream()
                .map(Image::imageId).sorted().findFirst().orElseThrow();
        cli.run("cluster", "--lab", "iamami", "--ami", ami).ok(); // ec2:DescribeImages in the policy
        assertEquals(List.of(ami), ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:ecslab:lab")
                        .values("iamami").build())).reservations().stream().flatMap(res -> res.instances().stream())
                .map(Instance::imageId).toList());
        cli.run("cleanup", "--lab", "iamami", "--yes").ok();
        new LabScenario(cli, EMULATOR.clients()).assertNothingLeft("iamami");
    }

    /**
     * Stops the ECS agent of the lab's instance (the emulator's tag for `systemctl stop ecs`, docs/emulator.md) and
     * waits until ECS shows its container instance disconnected; returns the container instance's ARN.
     */
    private static String stopAgent(String lab) {
        var clients = EMULATOR.clients();
        String cluster = "ecslab-" + lab;
        String arn = clients.ecs().listContainerInstances(r -> r.cluster(cluster)).containerInstanceArns().get(0);
        String instance = clients.ecs().describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn))
                .containerInstances().get(0).ec2InstanceId();
        clients.ec2().createTags(r -> r.resources(instance)
                .tags(Tag.builder().key("ecslab-emulator:agent").value("stopped").build()));
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (clients.ecs().describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn))
                .containerInstances().get(0).agentConnected()) {
            assertTrue(Instant.now().isBefore(until), "the agent of " + instance + " still connected after 30 s");
            sleep(Duration.ofMillis(200));
        }
        return arn;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Cli asUserWith(String policy) {
        return PolicyStatementsE2E.asUserWith(EMULATOR, home.path(), policy);
    }
}
