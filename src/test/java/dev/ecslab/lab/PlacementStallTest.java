package dev.ecslab.lab;

import dev.ecslab.aws.EcsGateway.DeploymentInfo;
import dev.ecslab.aws.EcsGateway.ServiceEvent;
import dev.ecslab.aws.EcsGateway.ServiceInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlacementStallTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HOLDS = Duration.ofSeconds(30);
    private static final String PORT = "(service ecslab-x-web) was unable to place a task because no container "
            + "instance met all of its requirements. The closest matching (container-instance 1234) is already using "
            + "a port required by your task. For more information, see the Troubleshooting section of the Amazon ECS "
            + "Developer Guide.";

    private static ServiceEvent event(int second, String message) {
        return new ServiceEvent("e" + second, T0.plusSeconds(second), message);
    }

    /** Running 1 of 2, nothing pending; events newest first, as ECS lists them. */
    private static ServiceInfo service(int pending, ServiceEvent... events) {
        DeploymentInfo primary = new DeploymentInfo("ecs-svc/1", "PRIMARY", "IN_PROGRESS", "", "arn:td:1", 2, 1,
                pending, 0, T0);
        return new ServiceInfo("arn:svc", "ecslab-x-web", "arn:cluster", "ACTIVE", 2, 1, pending, "arn:td:1",
                List.of("arn:tg"), List.of(primary), List.of(events), T0, Map.of());
    }

    private static Optional<String> look(PlacementStall stall, ServiceInfo s, boolean healthy, boolean stopping,
                                         int second) {
        return stall.check(s, s.deployments().get(0), 2, healthy, () -> stopping, T0.plusSeconds(second));
    }

    @Test
    void the_event_with_nothing_under_way_ends_the_wait_once_it_held_across_two_looks_the_time_apart() {
        PlacementStall stall = new PlacementStall(HOLDS);
        ServiceInfo s = service(0, event(10, PORT), event(5, "(service ecslab-x-web) has started 1 tasks: (task a)."),
                event(1, "(service ecslab-x-web) has reached a steady state."));

        assertEquals(Optional.empty(), look(stall, s, true, false, 20));
        assertEquals(Optional.empty(), look(stall, s, true, false, 40), "not yet held 30 s");
        assertEquals(Optional.of(PORT), look(stall, s, true, false, 50));
    }

    @Test
    void anything_that_may_still_make_room_starts_the_count_again() {
        PlacementStall stall = new PlacementStall(HOLDS);
        ServiceInfo s = service(0, event(10, PORT));

        look(stall, s, true, false, 20);
        assertEquals(Optional.empty(), look(stall, s, true, true, 60), "a task still stopping holds room it frees");
        look(stall, s, true, false, 70);
        assertEquals(Optional.empty(), look(stall, s, false, false, 110), "a new task not yet healthy");
        look(stall, s, true, false, 120);
        assertEquals(Optional.empty(), look(stall, service(1, event(10, PORT)), true, false, 160), "one pending");
    }

    @Test
    void a_steady_state_since_the_event_or_another_cause_is_no_stall() {
        PlacementStall steady = new PlacementStall(HOLDS);
        ServiceInfo since = service(0, event(12, "(service ecslab-x-web) has reached a steady state."),
                event(10, PORT));
        look(steady, since, true, false, 20);
        assertEquals(Optional.empty(), look(steady, since, true, false, 60));

        PlacementStall noInstance = new PlacementStall(HOLDS);
        ServiceInfo agent = service(0, event(10, "(service ecslab-x-web) was unable to place a task because no "
                + "container instance met all of its requirements. Reason: No Container Instances were found in your "
                + "cluster."));
        look(noInstance, agent, true, false, 20);
        assertEquals(Optional.empty(), look(noInstance, agent, true, false, 60), "an agent reconnects by itself");
    }

    @Test
    void memory_and_cpu_are_stalls_too() {
        for (String lacks : List.of("has insufficient memory available.", "has insufficient CPU units available.")) {
            String message = PORT.replace("is already using a port required by your task.", lacks);
            PlacementStall stall = new PlacementStall(HOLDS);
            ServiceInfo s = service(0, event(10, message));
            look(stall, s, true, false, 20);
            assertEquals(Optional.of(message), look(stall, s, true, false, 60));
        }
    }
}
