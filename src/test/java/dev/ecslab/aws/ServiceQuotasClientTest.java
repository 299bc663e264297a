package dev.ecslab.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the hand-signed Service Quotas call goes: as the SDK's own clients decide their endpoint. */
class ServiceQuotasClientTest {
    private static final URI GIVEN = URI.create("http://127.0.0.1:4566");

    @Test
    void the_regions_endpoint_in_its_partitions_domain() {
        assertEquals(URI.create("https://servicequotas.eu-west-1.amazonaws.com"),
                ServiceQuotasClient.endpoint(null, Region.EU_WEST_1, Map.of()));
        assertEquals(URI.create("https://servicequotas.cn-north-1.amazonaws.com.cn"),
                ServiceQuotasClient.endpoint(null, Region.CN_NORTH_1, Map.of()));
    }

    @Test
    void the_given_endpoint_then_the_service_s_variable_then_the_global_one() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://global:1",
                "AWS_ENDPOINT_URL_SERVICE_QUOTAS", "http://quotas:2");
        assertEquals(GIVEN, ServiceQuotasClient.endpoint(GIVEN, Region.US_EAST_1, env));
        assertEquals(URI.create("http://quotas:2"), ServiceQuotasClient.endpoint(null, Region.US_EAST_1, env));
        assertEquals(URI.create("http://global:1"), ServiceQuotasClient.endpoint(null, Region.US_EAST_1,
                Map.of("AWS_ENDPOINT_URL", "http://global:1")));
        assertEquals(URI.create("https://servicequotas.us-east-1.amazonaws.com"), ServiceQuotasClient.endpoint(null,
                Region.US_EAST_1, Map.of("AWS_ENDPOINT_URL", "http://global:1",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));
    }
}
