package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * EC2 with no capacity for the lab's instance type in the first zone that offers it (the emulator's
 * ECSLAB_EMULATOR_NO_CAPACITY plays InsufficientInstanceCapacity there): `up` launches in the load balancer's other
 * zone, and the lab works. Checked with the emulator's own clients.
 */
class NoCapacityE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator(Map.of("ECSLAB_EMULATOR_TIME_SCALE", "0.02",
            "ECSLAB_EMULATOR_NO_CAPACITY", "us-east-1a"));

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    private final Cli cli = home.cli();
    private final LabScenario scenario = home.scenario();

    @Test
    void up_launches_in_the_next_zone_with_capacity_and_the_load_balancer_follows() {
        cli.run("up", "--lab", "full", "--count", "1").ok().stderrContains(
                "EC2 has no t3.micro capacity in us-east-1a now; trying the next zone that offers it");

        List<Instance> instances = EMULATOR.clients().ec2().describeInstances(r -> r.filters(
                Filter.builder().name("tag:Name").values("ecslab-full-instance").build())).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
        assertEquals(List.of("us-east-1b"), instances.stream().map(i -> i.placement().availabilityZone()).toList(),
                "one instance, in the first zone with capacity");
        List<String> albZones = EMULATOR.clients().elb().describeLoadBalancers(r -> r.names("ecslab-full-alb"))
                .loadBalancers().get(0).availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().toList();
        assertEquals(List.of("us-east-1a", "us-east-1b"), albZones, "the load balancer serves the instance's zone");
        scenario.assertOneCompleteLab("full", 1);
        cli.run("verify", "--lab", "full").ok();
        cli.run("cleanup", "--lab", "full", "--yes").ok();
        scenario.assertNothingLeft("full");
    }
}
