package dev.ecslab.e2e;

import dev.ecslab.aws.Tags;
import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text output of a whole lab's life, in the user's terms (issue 31, "words"): normal waits without AWS's error
 * text, every task definition named with its revision, task ids of 8 characters, no line over 120 characters, and
 * a cleanup declined at its prompt said plainly, exit 0.
 */
class TextOutputE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();
    private static final Pattern FULL_TASK_ID = Pattern.compile(
            "(?<![/:\\w-])[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})(?![\\w-])");

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final List<CliResult> runs = new ArrayList<>();

    private CliResult run(String... args) {
        CliResult r = cli.run(args).ok();
        runs.add(r);
        return r;
    }

    @Test
    void a_whole_lab_reads_in_the_users_terms() {
        CliResult up = run("up", "--lab", "tx", "--count", "4");
        up.stderrContains("created task definition ecslab-tx-web:1", "[network] waiting for the new security group "
                + "to reach EC2", "container instance i-", "registered with the cluster");
        assertFalse(up.stderr().contains("does not exist"), "EC2's error text in a normal wait\n" + up);
        assertFalse(up.stderr().contains("found existing"), "nothing existed before\n" + up);
        assertEquals(1, up.stdout().lines().filter(l -> l.startsWith("[OK] HTTP GET")).count(), up::toString);

        run("taskdef", "--lab", "tx", "--file", Emulator.projectDir().resolve("examples/taskdef-register.json")
                .toString()).stderrContains("created task definition ecslab-tx-web:2");
        run("service", "--lab", "tx"); // rolls the 4 tasks: ECS's event quotes each stopped task's id
        CliResult status = run("status", "--lab", "tx");
        assertTrue(status.stdout().lines().anyMatch(l -> l.matches("  task definition +ecslab-tx-web:2 .*")), status
                .toString());
        assertConsolePages(cli.run("status", "--lab", "tx", "--verbose").ok());
        CliResult scaled = run("scale", "--lab", "tx", "--count", "0");
        assertFalse(scaled.stderr().contains("running 4/0"), scaled::toString);

        CliResult declined = cli.runInTerminalTyping("n\n", "cleanup", "--lab", "tx");
        declined.ok().stdoutContains("cleanup lab tx: cancelled; nothing was deleted");
        home.scenario().assertOneCompleteLab("tx", 0);

        CliResult cleanup = run("cleanup", "--lab", "tx", "--yes");
        cleanup.stderrContains("deleted task definition ecslab-tx-web:1", "deleted task definition ecslab-tx-web:2",
                "waiting for the load balancer's network interfaces to go");
        assertFalse(cleanup.stderr().contains("DependencyViolation"), cleanup::toString);

        for (CliResult r : runs) {
            List<String> lines = Stream.of(r.stdout(), r.stderr()).flatMap(String::lines).toList();
            lines.forEach(l -> assertTrue(l.length() <= 120, "a line of " + l.length() + " characters:\n" + l));
            lines.forEach(l -> assertFalse(FULL_TASK_ID.matcher(l).find(), "a whole task id:\n" + l));
            assertEquals(lines.stream().filter(l -> l.contains("] deleted ")).distinct().count(),
                    lines.stream().filter(l -> l.contains("] deleted ")).count(), "a deletion said twice\n" + r);
        }
    }

    /**
     * status --verbose names each resource's page in the real AWS console of the lab's region (the emulator is only
     * where the lab runs), built from the ids AWS holds as an independent client reads them; under the table, only a
     * URL on a line of its own is longer than 120 characters (the table's rows have the ARNs --verbose adds).
     */
    private static void assertConsolePages(CliResult status) {
        TestClients aws = EMULATOR.clients();
        String host = "https://us-east-1.console.aws.amazon.com";
        String ec2 = host + "/ec2/home?region=us-east-1#";
        String instance = aws.ec2().describeInstances(r -> r.filters(
                Filter.builder().name("tag:" + Tags.LAB).values("tx").build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations().get(0)
                .instances().get(0).instanceId();
        String alb = aws.elb().describeLoadBalancers(r -> r.names("ecslab-tx-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        String tg = aws.elb().describeTargetGroups(r -> r.names("ecslab-tx-tg")).targetGroups().get(0)
                .targetGroupArn();
        String sg = aws.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
                .values("ecslab-tx-alb-sg").build())).securityGroups().get(0).groupId();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("cluster ecslab-tx", host + "/ecs/v2/clusters/ecslab-tx/services?region=us-east-1");
        pages.put("service ecslab-tx-web", host + "/ecs/v2/clusters/ecslab-tx/services/ecslab-tx-web/health"
                + "?region=us-east-1");
        pages.put("task definition ecslab-tx-web:2", host + "/ecs/v2/task-definitions/ecslab-tx-web/2/containers"
                + "?region=us-east-1");
        pages.put("task definition ecslab-tx-web:1", host + "/ecs/v2/task-definitions/ecslab-tx-web/1/containers"
                + "?region=us-east-1");
        pages.put("instance ecslab-tx-instance", ec2 + "InstanceDetails:instanceId=" + instance);
        pages.put("load balancer ecslab-tx-alb", ec2 + "LoadBalancer:loadBalancerArn=" + alb);
        pages.put("target group ecslab-tx-tg", ec2 + "TargetGroup:targetGroupArn=" + tg);
        pages.put("alb security group ecslab-tx-alb-sg", ec2 + "SecurityGroup:groupId=" + sg);
        pages.put("log group /ecs/ecslab-tx", host + "/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/"
                + "$252Fecs$252Fecslab-tx");
        pages.put("instance role ecslab-tx-instance-role", "https://us-east-1.console.aws.amazon.com/iam/home#/roles/"
                + "details/ecslab-tx-instance-role");
        List<String> lines = status.stdout().lines().toList();
        int console = lines.indexOf("console:");
        assertTrue(console > 0, status::toString);
        pages.forEach((resource, page) -> {
            int at = lines.indexOf("  " + resource);
            assertTrue(at > console && lines.get(at + 1).equals("    " + page), () -> resource + " " + page + "\n"
                    + status);
        });
        assertFalse(lines.contains("  instance profile ecslab-tx-instance-profile"), "it has no page\n" + status);
        lines.subList(console, lines.size()).stream().filter(l -> !l.startsWith("    https://"))
                .forEach(l -> assertTrue(l.length() <= 120, "a line of " + l.length() + " characters:\n" + l));
    }
}
