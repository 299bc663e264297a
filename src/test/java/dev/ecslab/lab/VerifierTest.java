package dev.ecslab.lab;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only a local AWS may skip the HTTP check; on AWS a page that never came is NG (issue 10, §2.11). */
class VerifierTest {
    @Test
    void an_endpoint_on_the_loopback_is_a_local_aws() {
        assertTrue(Verifier.onThisMachine(URI.create("http://127.0.0.1:4566")));
        assertTrue(Verifier.onThisMachine(URI.create("http://localhost:5055")));
        assertTrue(Verifier.onThisMachine(URI.create("http://[::1]:4566")));
    }

    @Test
    void aws_itself_or_an_endpoint_elsewhere_is_not() {
        assertFalse(Verifier.onThisMachine(null));
        assertFalse(Verifier.onThisMachine(URI.create("https://ecs.us-east-1.amazonaws.com")));
        assertFalse(Verifier.onThisMachine(URI.create("http://10.1.2.3:4566")));
    }
}
