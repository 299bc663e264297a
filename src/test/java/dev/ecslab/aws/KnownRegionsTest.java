package dev.ecslab.aws;

import dev.ecslab.error.UsageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KnownRegionsTest {
    @Test
    void edit_distance_counts_insertions_deletions_and_substitutions() {
        assertEquals(0, KnownRegions.distance("us-east-1", "us-east-1"));
        assertEquals(1, KnownRegions.distance("us-east-9", "us-east-1"));
        assertEquals(2, KnownRegions.distance("eu-wset-1", "eu-west-1"));
        assertEquals(3, KnownRegions.distance("", "abc"));
    }

    @Test
    void the_nearest_come_closest_first_then_by_name() {
        assertEquals(List.of("us-east-1", "us-east-2", "us-west-1"),
                KnownRegions.nearest("us-east-9", List.of("us-west-1", "us-east-2", "eu-west-3", "us-east-1")));
    }

    @Test
    void every_region_the_sdk_knows_passes_and_global_pseudo_regions_do_not() {
        Region.regions().stream().filter(r -> !r.isGlobalRegion())
                .forEach(r -> assertSame(r, KnownRegions.check(r, r.id(), "%s")));
        UsageException e = assertThrows(UsageException.class,
                () -> KnownRegions.check(Region.AWS_GLOBAL, "--region aws-global", "pass --region %s"));
        assertEquals("pass --region " + KnownRegions.nearest("aws-global", Region.regions().stream()
                .filter(r -> !r.isGlobalRegion()).map(Region::id).toList()).get(0), e.hint());
    }
}
