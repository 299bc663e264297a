package dev.ecslab.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-signed Service Quotas call on the wire, read by a local server: JSON 1.1 with its target, SigV4 for
 * servicequotas in the region (host and date signed, the session token sent), and AWS's error shape read back as
 * the error code callers decide on.
 */
class ServiceQuotasWireTest {
    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile int status = 200;
    private volatile String answer = "{\"Quota\":{\"QuotaCode\":\"L-1216C47A\",\"Value\":64.0}}";

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), String.join(",", v)));
                seen.put("method", exchange.getRequestMethod());
                seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.getResponseHeaders().set("x-amzn-RequestId", "req-1");
                exchange.sendResponseHeaders(status, out.length);
                exchange.getResponseBody().write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SdkQuotaGateway gateway() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new SdkQuotaGateway(() -> new ServiceQuotasClient(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "token-1")),
                Region.EU_WEST_1, endpoint));
    }

    @Test
    void get_service_quota_is_a_signed_json_call_and_its_value_comes_back() {
        assertEquals(Optional.of(64.0), gateway().appliedQuota("ec2", "L-1216C47A"));

        assertEquals("POST", seen.get("method"));
        assertEquals("ServiceQuotasV20190624.GetServiceQuota", seen.get("x-amz-target"));
        assertEquals("application/x-amz-json-1.1", seen.get("content-type"));
        assertEquals(Map.of("ServiceCode", "ec2", "QuotaCode", "L-1216C47A"),
                dev.ecslab.json.Json.parse(seen.get("body")));
        String auth = seen.get("authorization");
        assertTrue(auth.matches("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/servicequotas/aws4_request, "
                + "SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}"), auth);
        List<String> signed = List.of(auth.replaceAll(".*SignedHeaders=([^,]+),.*", "$1").split(";"));
        assertTrue(signed.containsAll(List.of("host", "x-amz-date", "x-amz-target", "content-type")), auth);
        assertEquals("token-1", seen.get("x-amz-security-token"));
    }

    @Test
    void no_applied_value_is_empty_and_other_refusals_keep_their_code() {
        status = 400;
        answer = "{\"__type\":\"NoSuchResourceException\",\"message\":\"The request failed because the specified "
                + "service does not exist.\"}";
        assertEquals(Optional.empty(), gateway().appliedQuota("ec2", "L-1216C47A"));

        answer = "{\"__type\":\"com.amazonaws.servicequotas#AccessDeniedException\",\"Message\":\"no\"}";
        AwsCallException denied = assertThrows(AwsCallException.class, () -> gateway().appliedQuota("ec2",
                "L-1216C47A"));
        assertEquals("AccessDeniedException", denied.errorCode());
        assertTrue(denied.isAccessDenied());
        assertEquals("get service quota ec2/L-1216C47A: AccessDeniedException: no", denied.getMessage());
        assertEquals("req-1", denied.requestId());
    }

    @Test
    void an_endpoint_that_never_answers_fails_the_call_when_its_time_is_up() throws IOException {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) { // accepts (backlog), never answers
            SdkQuotaGateway quotas = new SdkQuotaGateway(() -> new ServiceQuotasClient(UrlConnectionHttpClient.create(),
                    StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "t")),
                    Region.EU_WEST_1, URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    java.time.Duration.ofMillis(500)));
            AwsCallException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), // only catches a hang
                    () -> assertThrows(AwsCallException.class, () -> quotas.appliedQuota("ec2", "L-1216C47A")));
            assertTrue(e.networkFailure(), e.toString());
            assertTrue(e.getMessage().startsWith("get service quota ec2/L-1216C47A: could not reach AWS: no answer "
                    + "within"), e.getMessage());
        }
    }
}
