package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.LabInventory;
import dev.ecslab.testing.PolicyCoverage;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each step command on its own, in lab order, as the lab's instructions have people run them; a step run too
 * early says which to run first; --dry-run makes no mutating call (every call is recorded by the call log).
 */
@Order(3) // among the longest: started first (junit-platform.properties)
class StepsE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    /** Operations that change something in AWS. */
    static final Pattern MUTATING = Pattern.compile(":(Create|Run|Register|Put|Attach|Add|Authorize|Delete|"
            + "Terminate|Deregister|Update|Modify|Tag|Untag|Remove|Detach|Revoke)");

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final LabScenario scenario = home.scenario();

    @Test
    void a_step_run_too_early_names_the_one_to_run_first_and_creates_nothing() {
        cli.run("service", "--lab", "early").exitedWith(3).stderrContains("run `ecslab up --lab early` to create it, "
                + "or `ecslab cluster --lab early` to build it step by step");
        cli.run("scale", "--lab", "early").exitedWith(3).stderrContains("scale lab early: lab early does not exist",
                "run `ecslab up --lab early` to create it");
        scenario.assertNothingLeft("early");
    }

    @Test
    void dry_runs_make_no_mutating_call_and_create_nothing() {
        Path calls = home.resolve("dry.log");
        cli.env("ECSLAB_CALL_LOG", calls.toString());
        for (String command : List.of("up", "cluster", "taskdef", "elb")) {
            // The plan is the result, on stdout as cleanup's is, --quiet or not (issue 31, item 4).
            for (String shown : List.of("--verbose", "--quiet")) {
                CliResult plan = cli.run(command, "--lab", "dry", "--dry-run", shown).ok()
                        .stdoutContains("no changes were made", "] would create ");
                assertFalse(plan.stderr().contains("would create"), plan::toString);
            }
        }
        cli.run("cleanup", "--lab", "dry", "--dry-run").ok().stdoutContains("nothing to clean up");
        Set<String> used = PolicyCoverage.actionsIn(calls);
        assertFalse(used.isEmpty(), "the call log recorded the reads");
        assertEquals(List.of(), used.stream().filter(a -> MUTATING.matcher(a).find()).collect(Collectors.toList()));
        scenario.assertNothingLeft("dry");
    }

    @Test
    void each_step_on_its_own_in_lab_order() {
        cli.run("cluster", "--lab", "steps").ok().stdoutContains("next: ecslab taskdef --lab steps");
        cli.run("taskdef", "--lab", "steps").ok();
        cli.run("elb", "--lab", "steps").ok();
        cli.run("service", "--lab", "steps", "--count", "2").ok();
        scenario.assertOneCompleteLab("steps", 2);
        // Through the emulator's listener (Host: the ALB's DNS name): every request answered, by both tasks.
        cli.run("verify", "--lab", "steps").ok().stdoutContains("[OK] one registered, healthy target per running task",
                "[OK] HTTP GET through the load balancer returns nginx's page", "5/5 GET http://ecslab-steps-alb",
                "→ 200, nginx welcome page, server nginx/", "answered by 2 tasks");
        cli.run("scale", "--lab", "steps", "--count", "3").ok();
        scenario.assertOneCompleteLab("steps", 3);

        // A dry-run says what the real run would do now, and refuses what it would refuse, with its exit code.
        cli.run("scale", "--lab", "steps", "--count", "3", "--dry-run").ok()
                .stdoutContains("desired count 3 → 3 (no change)");
        cli.run("elb", "--lab", "steps", "--dry-run").ok().stdoutContains("would adopt listener");
        cli.run("scale", "--lab", "steps", "--count", "1000", "--dry-run").exitedWith(2)
                .stderrContains("holds at most");
        cli.run("scale", "--lab", "steps", "--count", "1000").exitedWith(2).stderrContains("holds at most");
        cli.run("service", "--lab", "nothing", "--dry-run").exitedWith(3)
                .stderrContains("lab nothing does not exist (labs in us-east-1: ",
                        "or `ecslab cluster --lab nothing` to build it step by step");
        scenario.assertOneCompleteLab("steps", 3);

        // Scaled to 0: every task stops, everything else stays, and verify says why it cannot probe HTTP.
        cli.run("scale", "--lab", "steps", "--count", "0").ok().stdoutContains(
                "[OK] one registered, healthy target per running task", "[SKIP] HTTP GET");
        scenario.assertOneCompleteLab("steps", 0);
        cli.run("scale", "--lab", "steps", "--count", "3").ok();
        scenario.assertOneCompleteLab("steps", 3);

        // Running a step again adopts what exists: still one of each.
        cli.run("cluster", "--lab", "steps").ok().stderrContains("found existing cluster ecslab-steps");
        scenario.assertOneCompleteLab("steps", 3);

        // A service deleted a moment ago is DRAINING (here for 10 s of deregistration delay × the emulator's 0.1):
        // AWS refuses a new one of that name until it is INACTIVE, so `service` waits it out, then creates it.
        setDeregistrationDelay("ecslab-steps-tg", 100);
        EMULATOR.clients().ecs().deleteService(r -> r.cluster("ecslab-steps").service("ecslab-steps-web").force(true));
        cli.run("service", "--lab", "steps", "--count", "2").ok().stderrContains("still DRAINING");
        scenario.assertOneCompleteLab("steps", 2);
        setDeregistrationDelay("ecslab-steps-tg", 5);

        cli.run("cleanup", "--lab", "steps", "--yes").ok();
        assertEquals(List.of(), new LabInventory(EMULATOR.clients()).leftovers("steps"));
    }

    @Test
    void tasks_ecs_cannot_place_end_the_wait_with_its_event_and_a_fixed_port_limits_scale() throws Exception {
        cli.run("up", "--lab", "place", "--count", "1").ok();
        // Something outside the lab takes host port 64080 on the lab's instance: a task run by hand. The port is
        // one of this machine's too, where the emulator's task listens: above Linux's ephemeral range (to 60999),
        // so no client connection of the suite's, nor its minute in TIME_WAIT, can hold it when the task binds.
        EcsClient ecs = EMULATOR.clients().ecs();
        String hog = ecs.registerTaskDefinition(r -> r.family("e2e-port-hog").networkMode("bridge")
                .containerDefinitions(ContainerDefinition.builder().name("hog")
                        .image("public.ecr.aws/nginx/nginx:stable").memory(32)
                        .portMappings(PortMapping.builder().containerPort(80).hostPort(64080).build()).build()))
                .taskDefinition().taskDefinitionArn();
        String hogTask = ecs.runTask(r -> r.cluster("ecslab-place").taskDefinition(hog).launchType("EC2"))
                .tasks().get(0).taskArn();
        Path file = home.resolve("fixed-port.json");
        Files.writeString(file, """
                {"containerDefinitions": [{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable",
                  "essential": true, "cpu": 128, "memory": 128, "memoryReservation": 64,
                  "portMappings": [{"containerPort": 80, "hostPort": 64080, "protocol": "tcp"}]}]}
                """);
        cli.run("taskdef", "--lab", "place", "--file", file.toString()).ok();

        // ECS cannot place the new revision's task and says why; the wait ends on that, not on its budget.
        CliResult r = cli.run("service", "--lab", "place", "--timeout", "3m").exitedWith(1)
                .stderrContains("ECS cannot place the missing tasks: (service ecslab-place-web) was unable to place a "
                        + "task because no container instance met all of its requirements. The closest matching "
                        + "(container-instance ", "is already using a port required by your task.");
        assertFalse(r.stderr().contains("gave up after"), r.toString());
        Service service = ecs.describeServices(d -> d.cluster("ecslab-place").services("ecslab-place-web"))
                .services().get(0);
        assertEquals(1, service.runningCount(), "revision 1 still serves: " + service.deployments());

        // Once the port is free, ECS places the task; a fixed port still gives one task per instance.
        ecs.stopTask(t -> t.cluster("ecslab-place").task(hogTask));
        cli.run("service", "--lab", "place").ok();
        cli.run("scale", "--lab", "place", "--count", "4").exitedWith(2).stderrContains(
                "scale ecslab-place-web to 4 tasks: the container instance holds at most 1 (container web maps the "
                        + "fixed host port 64080", "\"hostPort\": 0");
        Service placed = ecs.describeServices(d -> d.cluster("ecslab-place").services("ecslab-place-web"))
                .services().get(0);
        assertEquals(1, placed.runningCount());
        assertTrue(placed.taskDefinition().endsWith("/ecslab-place-web:2"), placed.taskDefinition());
        ecs.deregisterTaskDefinition(d -> d.taskDefinition(hog));
        cli.run("cleanup", "--lab", "place", "--yes").ok();
        assertEquals(List.of(), new LabInventory(EMULATOR.clients()).leftovers("place"));
    }

    @Test
    void the_instance_goes_into_a_zone_offering_its_type_and_the_load_balancer_into_that_zone_and_one_more() {
        // trn1.2xlarge is not offered in us-east-1a, the first default zone (moto's offerings data, from AWS's).
        cli.run("cluster", "--lab", "zones", "--instance-type", "trn1.2xlarge").ok();
        cli.run("elb", "--lab", "zones").ok();

        var ec2 = EMULATOR.clients().ec2();
        var instance = ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:ecslab:lab").values("zones").build()))
                .reservations().get(0).instances().get(0);
        String zone = instance.placement().availabilityZone();
        List<String> offering = ec2.describeInstanceTypeOfferings(r -> r.locationType("availability-zone")
                .filters(Filter.builder().name("instance-type").values("trn1.2xlarge").build())).instanceTypeOfferings().stream()
                .map(o -> o.location()).collect(Collectors.toList());
        assertTrue(offering.contains(zone), zone + " not in " + offering);
        assertTrue(instance.publicIpAddress() != null, "the instance has a public IPv4 address");
        List<String> albZones = EMULATOR.clients().elb().describeLoadBalancers(r -> r.names("ecslab-zones-alb"))
                .loadBalancers().get(0).availabilityZones().stream().map(z -> z.zoneName()).sorted()
                .collect(Collectors.toList());
        assertEquals(2, albZones.size(), albZones.toString());
        assertTrue(albZones.contains(zone), albZones + " lacks the instance's zone " + zone);

        cli.run("cleanup", "--lab", "zones", "--yes").ok();
        assertEquals(List.of(), new LabInventory(EMULATOR.clients()).leftovers("zones"));
    }

    private static void setDeregistrationDelay(String targetGroup, int seconds) {
        var elb = EMULATOR.clients().elb();
        String arn = elb.describeTargetGroups(r -> r.names(targetGroup)).targetGroups().get(0).targetGroupArn();
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value(String.valueOf(seconds)).build()));
    }
}
