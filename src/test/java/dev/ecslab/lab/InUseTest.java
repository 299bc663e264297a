package dev.ecslab.lab;

import dev.ecslab.state.ResourceRef.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InUseTest {
    private static Inventory.Found found(Kind kind, String state) {
        return new Inventory.Found(kind, kind.label(), kind.name().toLowerCase(), state, null, "run");
    }

    @Test
    void what_another_runs_service_uses_stays_and_so_does_what_that_needs() {
        Inventory.Found sg = found(Kind.INSTANCE_SECURITY_GROUP, null);
        Inventory.Found instance = found(Kind.INSTANCE, "running t3.micro");
        Inventory.Found profile = found(Kind.INSTANCE_PROFILE, null);
        Inventory.Found service = found(Kind.SERVICE, "ACTIVE 1/1 running");
        Map<Inventory.Found, Inventory.Found> kept = InUse.keep(List.of(sg, profile, instance), List.of(service));
        assertEquals(Map.of(instance, service, sg, instance, profile, instance), kept);
    }

    @Test
    void nothing_stays_when_the_rest_of_the_lab_uses_none_of_it() {
        Inventory.Found service = found(Kind.SERVICE, "ACTIVE 1/1 running");
        Inventory.Found instance = found(Kind.INSTANCE, "running t3.micro");
        Inventory.Found cluster = found(Kind.CLUSTER, "ACTIVE");
        assertEquals(Map.of(), InUse.keep(List.of(service, instance), List.of(cluster)));
    }

    @Test
    void a_deregistered_revision_or_a_terminating_instance_uses_nothing() {
        Inventory.Found logGroup = found(Kind.LOG_GROUP, null);
        Inventory.Found sg = found(Kind.INSTANCE_SECURITY_GROUP, null);
        assertEquals(Map.of(), InUse.keep(List.of(logGroup, sg), List.of(found(Kind.TASK_DEFINITION, "INACTIVE"),
                found(Kind.INSTANCE, "shutting-down t3.micro"))));
    }

    @Test
    void a_service_keeps_only_the_revisions_it_runs() {
        Inventory.Found running = new Inventory.Found(Kind.TASK_DEFINITION, "web", "arn:td/web:1", "ACTIVE", null,
                "run");
        Inventory.Found rolledBack = new Inventory.Found(Kind.TASK_DEFINITION, "web", "arn:td/web:2", "ACTIVE", null,
                "run");
        Inventory.Found service = new Inventory.Found(Kind.SERVICE, "web", "arn:svc/web", "ACTIVE 1/1 running", null,
                "other", Set.of("arn:td/web:1"));
        assertEquals(Map.of(running, service), InUse.keep(List.of(running, rolledBack), List.of(service)));
    }
}
