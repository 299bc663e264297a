package dev.ecslab.e2e;

import dev.ecslab.aws.SsmGateway;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * --ami: the lab's instance runs the AMI given instead of the one SSM names; an AMI the region does not have, or one
 * built for another architecture than the instance type's, is refused in preflight (exit 2) and nothing is made.
 * AMIs are picked from what the emulator's EC2 describes (moto's copy of AWS's ECS-optimized images).
 */
class AmiOptionE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();

    /** An ECS-optimized Amazon Linux 2023 AMI for {@code architecture} that is not the one SSM recommends. */
    private static String ecsOptimized(String architecture) {
        String recommended = EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86))
                .parameter().value();
        return EMULATOR.clients().ec2().describeImages(r -> r.filters(
                        Filter.builder().name("name").values("al2023-ami-ecs-hvm-*").build(),
                        Filter.builder().name("architecture").values(architecture).build())).images().stream()
                .map(Image::imageId).filter(id -> !id.equals(recommended)).sorted().findFirst().orElseThrow();
    }

    private static List<Instance> labInstances(String lab) {
        return EMULATOR.clients().ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:ecslab:lab").values(lab).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().stream().flatMap(res -> res.instances().stream()).toList();
    }

    @Test
    void up_with_ami_builds_the_lab_on_that_image() {
        String ami = ecsOptimized("x86_64");
        assertNotEquals(ami, EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86))
                .parameter().value(), "a pinned AMI other than the recommended one");

        CliResult plan = cli.run("up", "--lab", "pinned", "--count", "1", "--ami", ami, "--dry-run").ok()
                .stdoutContains("t3.micro, " + ami + " (from --ami)");
        home.scenario().assertNothingLeft("pinned");
        // the dry-run's next: line carries --ami: pasted, it builds what the plan showed
        String next = Arrays.stream(plan.stdout().split("\n")).filter(l -> l.startsWith("next: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no next: line\n" + plan)).substring("next: ".length());
        assertEquals("ecslab up --lab pinned --ami " + ami + " --count 1", next);
        cli.run(next.substring("ecslab ".length()).split(" ")).ok();

        List<Instance> instances = labInstances("pinned");
        assertEquals(1, instances.size(), instances::toString);
        assertEquals(ami, instances.get(0).imageId());
        home.scenario().assertOneCompleteLab("pinned", 1);
        cli.run("cleanup", "--lab", "pinned", "--yes").ok();
        home.scenario().assertNothingLeft("pinned");
    }

    @Test
    void without_ami_the_plan_names_the_ssm_parameter() {
        cli.run("up", "--lab", "ssm", "--dry-run").ok().stdoutContains("(from SSM " + SsmGateway.ECS_AMI_X86 + ")");
    }

    @Test
    void an_ami_the_region_does_not_have_is_refused_and_nothing_is_made() {
        String missing = "ami-00000000000000000";
        for (String verb : List.of("up", "cluster")) {
            cli.run(verb, "--lab", "noimage", "--ami", missing).exitedWith(2).stderrContains(
                    "check AMI " + missing + ": it does not exist in us-east-1",
                    "hint: give an AMI that `aws ec2 describe-images --image-ids " + missing + " --region us-east-1`");
            home.scenario().assertNothingLeft("noimage");
        }
    }

    @Test
    void an_ami_for_another_architecture_than_the_instance_type_is_refused_and_nothing_is_made() {
        String arm = ecsOptimized("arm64");
        cli.run("up", "--lab", "arch", "--ami", arm, "--instance-type", "t3.micro").exitedWith(2).stderrContains(
                "check AMI " + arm + ": it is built for arm64, and t3.micro runs x86_64",
                "hint: give an AMI built for x86_64, or an instance type for arm64 with --instance-type");
        home.scenario().assertNothingLeft("arch");
        // the same AMI on an instance type for its architecture is planned
        cli.run("up", "--lab", "arch", "--ami", arm, "--instance-type", "t4g.micro", "--dry-run").ok()
                .stdoutContains("t4g.micro, " + arm + " (from --ami)");
    }
}
