package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a `kill -9` in the middle of `up` and the loss of the state file, `cleanup` still finds everything by its
 * tags, and `up` again adopts what exists and ends with one complete lab; cleanup never touches look-alikes.
 */
@Order(2) // among the longest: started first (junit-platform.properties)
class ResilienceE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final LabScenario scenario = home.scenario();

    /** Starts `up`, kills it with SIGKILL once its progress shows {@code mark}, and deletes the state files. */
    private void killUpAt(String lab, String mark) throws Exception {
        Cli.Running up = cli.start("up", "--lab", lab);
        up.awaitStderr(mark, Duration.ofMinutes(2));
        assertTrue(up.process().isAlive(), "up ended before '" + mark + "':\n" + up.stderr());
        up.process().destroyForcibly(); // SIGKILL: no rollback, no last state write
        assertTrue(up.process().waitFor(30, TimeUnit.SECONDS));
        deleteStateFiles();
    }

    private void deleteStateFiles() throws IOException {
        Path state = home.resolve(".ecslab");
        if (Files.exists(state)) {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[network] created", "[cluster] created instance ", "[elb] created load balancer",
            "[service] waiting"})
    void killed_up_then_cleanup_without_state_leaves_nothing(String mark) throws Exception {
        killUpAt("killed", mark);
        cli.run("cleanup", "--lab", "killed", "--yes").ok();
        scenario.assertNothingLeft("killed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[cluster] created instance ", "[service] waiting"})
    void killed_up_then_up_again_ends_with_one_complete_lab(String mark) throws Exception {
        killUpAt("again", mark);
        cli.run("up", "--lab", "again").ok();
        scenario.assertOneCompleteLab("again", 4);
        cli.run("up", "--lab", "again").ok(); // and once more after success: still one of each
        scenario.assertOneCompleteLab("again", 4);
        cli.run("cleanup", "--lab", "again", "--yes").ok();
        scenario.assertNothingLeft("again");
    }

    @Test
    void cleanup_removes_exactly_its_own_lab_never_look_alikes_or_another_lab() {
        TestClients aws = EMULATOR.clients();
        cli.run("up", "--lab", "mine", "--count", "1").ok();
        cli.run("up", "--lab", "theirs", "--count", "1").ok();
        // Look-alikes: named like lab "mine" but untagged, or tagged for another lab.
        var ec2 = aws.ec2();
        String vpc = ec2.describeVpcs(r -> r.filters(Filter.builder().name("isDefault").values("true").build())).vpcs().get(0).vpcId();
        String untaggedSg = ec2.createSecurityGroup(r -> r.groupName("ecslab-mine-extra-sg").description("user's")
                .vpcId(vpc)).groupId();
        String otherLabSg = ec2.createSecurityGroup(r -> r.groupName("ecslab-mine-other-sg").description("user's")
                .vpcId(vpc).tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                        .tags(Tag.builder().key("ecslab:lab").value("theirs").build()).build())).groupId();
        aws.ecs().createCluster(r -> r.clusterName("ecslab-mine-extra"));
        String tg = aws.elb().createTargetGroup(r -> r.name("ecslab-mine-extra-tg").protocol("HTTP").port(80)
                .vpcId(vpc)).targetGroups().get(0).targetGroupArn();

        cli.run("cleanup", "--lab", "mine", "--yes").ok();

        assertEquals(2, ec2.describeSecurityGroups(r -> r.groupIds(untaggedSg, otherLabSg)).securityGroups().size(),
                "look-alike security groups are untouched");
        assertEquals("ACTIVE", aws.ecs().describeClusters(r -> r.clusters("ecslab-mine-extra")).clusters().get(0)
                .status(), "the untagged look-alike cluster is untouched");
        assertEquals(1, aws.elb().describeTargetGroups(r -> r.targetGroupArns(tg)).targetGroups().size(),
                "the untagged look-alike target group is untouched");
        scenario.assertOneCompleteLab("theirs", 1);

        // The group tagged for "theirs" is not named like that lab's either: its cleanup leaves it too, and says so.
        cli.run("cleanup", "--lab", "theirs", "--yes").ok().stdoutContains("not deleted: ec2:security-group "
                + "ecslab-mine-other-sg " + otherLabSg + " — tagged for the lab but not named like it");
        assertEquals(List.of("ec2 security group ecslab-mine-other-sg " + otherLabSg),
                new LabInventory(aws).leftovers("theirs"), "the lab is gone, the look-alike stays");
    }
}
