package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostEstimateTest {
    @Test
    void a_whole_lab_on_t3_micro_costs_about_five_cents_an_hour() {
        // t3.micro 0.0104 + instance IPv4 0.005 + root volume 0.003 + ALB 0.0225 + 2 ALB IPv4 0.01
        assertEquals(0.0509, CostEstimate.of("t3.micro", 2).perHourUsd(), 1e-9);
    }

    @Test
    void every_zone_of_the_load_balancer_is_one_more_public_address() {
        assertEquals(0.005, CostEstimate.of("t3.micro", 3).perHourUsd() - CostEstimate.of("t3.micro", 2).perHourUsd(),
                1e-9);
    }

    @Test
    void unknown_instance_types_are_said_to_be_left_out() {
        CostEstimate c = CostEstimate.of("x9.huge", 0);
        assertEquals(0.008, c.perHourUsd(), 1e-9);
        assertTrue(c.note().contains("no rate known for x9.huge"), c.note());
    }

    @Test
    void so_far_counts_each_part_from_its_own_creation() {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        // instance 0.0184/h for 10 h, ALB with 2 zones 0.0325/h for 2 h
        CostEstimate c = CostEstimate.of("t3.micro", now.minus(Duration.ofHours(10)), 2,
                now.minus(Duration.ofHours(2)), now);
        assertEquals(0.0509, c.perHourUsd(), 1e-9);
        assertEquals(0.184 + 0.065, c.soFarUsd(), 1e-9);
        assertNull(CostEstimate.of("t3.micro", 2).soFarUsd(), "nothing to count from");
    }

    @Test
    void nothing_costs_nothing() {
        assertEquals(0.0, CostEstimate.of(null, 0).perHourUsd());
    }
}
