package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.PolicyCoverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole lab through the packaged CLI against the local AWS, checked with independent SDK clients. */
class LabE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final LabScenario scenario = home.scenario();

    @Test
    void up_builds_one_complete_lab_and_cleanup_leaves_nothing() throws Exception {
        Set<String> used = scenario.runWholeLab("e2e");
        // The example least-privilege policy allows every action the run used (issue: examples/).
        String policy = Files.readString(Emulator.projectDir().resolve("examples/ecslab-iam-policy.json"));
        assertEquals(List.of(), PolicyCoverage.notAllowed(used, policy), "actions used: " + used);
        // A second cleanup finds nothing and still succeeds.
        cli.run("cleanup", "--lab", "e2e", "--yes").ok();
    }

    @Test
    void two_labs_live_side_by_side_and_are_cleaned_up_one_at_a_time() {
        cli.run("up", "--lab", "left", "--count", "2").ok();
        cli.run("up", "--lab", "right", "--count", "2").ok();
        scenario.assertOneCompleteLab("left", 2);
        scenario.assertOneCompleteLab("right", 2);
        lsFindsExactly(List.of("left", "right"));

        cli.run("cleanup", "--lab", "left", "--yes").ok();
        scenario.assertNothingLeft("left");
        scenario.assertOneCompleteLab("right", 2);

        cli.run("cleanup", "--lab", "right", "--yes").ok();
        scenario.assertNothingLeft("right");
        lsFindsExactly(List.of());
    }

    /**
     * ls lists the labs that exist and nothing else: not the look-alikes put here (a cluster and an IAM role with a
     * lab's names but without its tag, a log group whose tag is no lab name), not the labs just cleaned up. Each lab's count is what status lists; its cost is counted.
     */
    private void lookAlikesOnce() {
        var clients = EMULATOR.clients();
        if (clients.ecs().describeClusters(r -> r.clusters("ecslab-fake")).clusters().stream()
                .anyMatch(c -> c.status().equals("ACTIVE"))) {
            return;
        }
        clients.ecs().createCluster(r -> r.clusterName("ecslab-fake"));
        clients.iam().createRole(r -> r.path("/ecslab/").roleName("ecslab-fake-instance-role")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
        clients.logs().createLogGroup(r -> r.logGroupName("/ecs/ecslab-odd").tags(Map.of("ecslab:lab", "Not A Lab")));
    }

    private void lsFindsExactly(List<String> labs) {
        lookAlikesOnce();
        Map<?, ?> doc = cli.run("ls", "-o", "json").ok().stdoutJson();
        List<?> found = (List<?>) doc.get("labs");
        assertEquals(labs, found.stream().map(l -> ((Map<?, ?>) l).get("name")).toList(), doc::toString);
        for (Object l : found) {
            Map<?, ?> lab = (Map<?, ?>) l;
            List<?> resources = (List<?>) cli.run("status", "--lab", (String) lab.get("name"), "-o", "json").ok()
                    .stdoutJson().get("resources");
            assertEquals((long) resources.size(), ((Number) lab.get("resources")).longValue(), lab::toString);
            assertEquals("ACTIVE 2/2 running", lab.get("state"));
            Map<?, ?> cost = (Map<?, ?>) lab.get("cost");
            assertTrue(((Number) cost.get("perHourUsd")).doubleValue() > 0.04, cost::toString);
            assertTrue(((Number) cost.get("soFarUsd")).doubleValue() > 0, cost::toString);
        }
        String text = cli.run("ls").ok().stdout();
        labs.forEach(lab -> assertTrue(text.lines().anyMatch(line -> line.startsWith("  " + lab + " ")), text));
        assertFalse(text.contains("fake") || text.contains("odd"), text);
    }
}
