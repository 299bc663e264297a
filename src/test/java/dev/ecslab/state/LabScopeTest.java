package dev.ecslab.state;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LabScopeTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:4566", "http://localhost:4566", "http://LOCALHOST:4566/",
            "HTTP://localhost:4566/some/path?x=1", "http://localhost.:4566", "http://ecs.localhost:4566",
            "http://127.0.0.2:4566", "http://127.1:4566", "http://2130706433:4566", "http://[::1]:4566",
            "http://[0:0:0:0:0:0:0:1]:4566", "http://[::ffff:127.0.0.1]:4566", "http://0.0.0.0:4566",
            "http://admin:hunter2@localhost:4566", "https://localhost:4566"})
    void every_spelling_of_a_loopback_endpoint_is_one_scope(String endpoint) {
        assertEquals("123456789012-us-east-1-localhost:4566",
                LabScope.of("123456789012", "us-east-1", URI.create(endpoint)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ecs.us-east-1.amazonaws.com", "https://ECS.us-east-1.amazonaws.com:443/",
            "https://ecs.us-east-1.amazonaws.com.:443"})
    void a_default_port_written_out_or_not_is_one_scope(String endpoint) {
        assertEquals("1-us-east-1-ecs.us-east-1.amazonaws.com:443", LabScope.of("1", "US-EAST-1",
                URI.create(endpoint)));
    }

    @Test
    void another_port_host_account_or_region_is_another_scope() {
        String scope = LabScope.of("1", "us-east-1", URI.create("http://localhost:4566"));
        assertNotEquals(scope, LabScope.of("1", "us-east-1", URI.create("http://localhost:4567")));
        assertNotEquals(scope, LabScope.of("1", "us-east-1", URI.create("http://10.0.0.7:4566")));
        assertNotEquals(scope, LabScope.of("2", "us-east-1", URI.create("http://localhost:4566")));
        assertNotEquals(scope, LabScope.of("1", "eu-west-1", URI.create("http://localhost:4566")));
        assertEquals("1-us-east-1", LabScope.of("1", "us-east-1", null));
        assertEquals("1-us-east-1-10.0.0.7:80", LabScope.of("1", "us-east-1", URI.create("http://10.0.0.7")));
        assertEquals("1-us-east-1-10.0.0.7:80", LabScope.of("1", "us-east-1", URI.create("http://10.0.7:80")));
    }

    @Test
    void a_name_is_never_looked_up() {
        // a name that only DNS could say anything about stays as written (lowercase), and costs no lookup
        assertEquals("emulator.invalid", LabScope.host("Emulator.INVALID"));
        assertEquals("999.1.1.1", LabScope.host("999.1.1.1"));
    }
}
