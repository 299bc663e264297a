package dev.ecslab.app;

import dev.ecslab.aws.ElbGateway;
import dev.ecslab.lab.Inventory;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;
import dev.ecslab.state.ResourceRef;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The URL and next: lines reports add to what the inventory found. */
class LabViewTest {
    @TempDir
    Path dir;

    private static final ElbGateway.LoadBalancerInfo ALB = new ElbGateway.LoadBalancerInfo("arn:alb", "ecslab-x-alb",
            "ecslab-x-alb-1.us-east-1.elb.amazonaws.com", "active", "vpc-1", List.of(), List.of("a", "b"), 0L,
            Map.of());

    @Test
    void each_step_names_the_next_and_the_last_how_to_look_and_clean_up() {
        Lab lab = new UnitLab(dir).context().lab();
        assertEquals(List.of("ecslab taskdef --lab x --region us-east-1"), LabView.next(Verb.CLUSTER, lab, List.of()));
        assertEquals(List.of("ecslab elb --lab x --region us-east-1"), LabView.next(Verb.TASKDEF, lab, List.of()));
        assertEquals(List.of("ecslab service --lab x --region us-east-1"), LabView.next(Verb.TASKDEF, lab,
                List.of(found(ResourceRef.Kind.SERVICE))));
        assertEquals(List.of("ecslab service --lab x --region us-east-1"), LabView.next(Verb.ELB, lab, List.of()));
        assertEquals(List.of("ecslab verify --lab x --region us-east-1"), LabView.next(Verb.SERVICE, lab, List.of()));
        assertEquals(List.of("ecslab status --lab x --region us-east-1", "ecslab cleanup --lab x --region us-east-1"),
                LabView.next(Verb.UP, lab, List.of()));
    }

    @Test
    void status_says_up_for_an_empty_lab_else_verify_and_cleanup() {
        Lab lab = new UnitLab(dir).context().lab();
        assertEquals(List.of("ecslab up --lab x --region us-east-1"), LabView.nextAfterStatus(lab, List.of()));
        assertEquals(List.of("ecslab verify --lab x --region us-east-1", "ecslab cleanup --lab x --region us-east-1"),
                LabView.nextAfterStatus(lab, List.of(found(ResourceRef.Kind.CLUSTER))));
    }

    @Test
    void against_a_local_endpoint_the_url_comes_with_the_curl_line_that_reaches_the_listener() {
        UnitLab unit = new UnitLab(dir);
        LabContext ctx = unit.context();
        unit.aws.on("elb.endpointOverride", args -> Optional.of(URI.create("http://localhost:4566")));
        assertEquals(new Results.LoadBalancerUrl("http://ecslab-x-alb-1.us-east-1.elb.amazonaws.com/",
                "curl -H 'Host: ecslab-x-alb-1.us-east-1.elb.amazonaws.com' http://localhost:4566/"),
                LabView.url(ctx, Optional.of(ALB)));

        unit.aws.on("elb.endpointOverride", args -> Optional.empty());
        assertEquals(new Results.LoadBalancerUrl("http://ecslab-x-alb-1.us-east-1.elb.amazonaws.com/", null),
                LabView.url(ctx, Optional.of(ALB)));
        assertNull(LabView.url(ctx, Optional.empty()));
    }

    private static Inventory.Found found(ResourceRef.Kind kind) {
        return new Inventory.Found(kind, "n", "id", "ACTIVE", Instant.EPOCH);
    }
}
