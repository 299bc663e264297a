package dev.ecslab.aws;

import dev.ecslab.json.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one Service Quotas operation ecslab makes, GetServiceQuota, on the SDK's own signer and HTTP client: the SDK's
 * {@code servicequotas} module is not served by the registry this project builds from (2.41.11, as the 2.57.8 BOM's
 * resourcegroupstaggingapi; issue 13), and one JSON call does not need a generated client. The wire shape is the
 * API reference's (JSON 1.1, target {@code ServiceQuotasV20190624.GetServiceQuota}); failures are thrown as the
 * SDK's exceptions, so that {@link AwsCall} reads them as any other call's.
 */
final class ServiceQuotasClient {
    private static final String SIGNING_NAME = "servicequotas";
    private static final String TARGET_PREFIX = "ServiceQuotasV20190624.";

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;
    private final Duration timeout;
    private final CallLog callLog = CallLog.fromEnvironment();

    /** Aborts a call that outlives its timeout: the SDK's call timeouts do not reach a request made by hand. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ecslab-quota-timeout");
        t.setDaemon(true);
        return t;
    });

    ServiceQuotasClient(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this(http, credentials, region, endpoint, SdkGateways.CALL_TIMEOUT);
    }

    /** @param timeout how long the one attempt may take, answer read included (SdkGateways' per call) */
    ServiceQuotasClient(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint,
                        Duration timeout) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /**
     * Where the calls go, as the SDK's clients decide it: the endpoint given (--endpoint-url), else
     * AWS_ENDPOINT_URL_SERVICE_QUOTAS or AWS_ENDPOINT_URL (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true), else
     * the region's, {@code https://servicequotas.<region>.<partition's domain>}.
     */
    static URI endpoint(URI given, Region region, Map<String, String> env) {
        if (given != null) {
            return given;
        }
        if (!"true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""))) {
            for (String name : new String[] {"AWS_ENDPOINT_URL_SERVICE_QUOTAS", "AWS_ENDPOINT_URL"}) {
                String url = env.get(name);
                if (url != null && !url.isBlank()) {
                    return URI.create(url.trim());
                }
            }
        }
        return URI.create("https://servicequotas." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
    }

    /** GetServiceQuota's answer: {@code {"Quota": {"Value": 32.0, ...}}}. */
    Map<?, ?> getServiceQuota(String serviceCode, String quotaCode) {
        return call("GetServiceQuota", Map.of("ServiceCode", serviceCode, "QuotaCode", quotaCode));
    }

    private Map<?, ?> call(String operation, Map<String, Object> input) {
        byte[] body = Json.write(input).getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/"
                        : endpoint.getRawPath())
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        int status;
        String answer;
        String requestId;
        ExecutableHttpRequest prepared = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build());
        // Marked before the abort: the aborted read can fail before abort() returns (and the future is done).
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> abort = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            prepared.abort();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            HttpExecuteResponse response = prepared.call();
            status = response.httpResponse().statusCode();
            requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
            try (InputStream in = response.responseBody().map(InputStream.class::cast)
                    .orElse(InputStream.nullInputStream())) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | UncheckedIOException e) {
            log(operation, "no-response");
            if (timedOut.get()) { // as the SDK's own clients report a call that ran out of time
                throw ApiCallTimeoutException.create("no answer within " + Durations.format(timeout), e);
            }
            throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
        } finally {
            abort.cancel(false);
        }
        log(operation, String.valueOf(status));
        Map<?, ?> document = answer.isBlank() ? Map.of() : parse(answer, status);
        if (status / 100 != 2) {
            // JSON 1.1 errors: "__type" is the code, sometimes "<namespace>#<code>"; the message's key varies in case
            String type = String.valueOf(document.get("__type"));
            Object message = document.get("message") != null ? document.get("message") : document.get("Message");
            throw AwsServiceException.builder().statusCode(status).requestId(requestId)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(type.substring(type.indexOf('#') + 1))
                            .errorMessage(message == null ? "HTTP " + status : message.toString())
                            .serviceName("ServiceQuotas").build())
                    .build();
        }
        return document;
    }

    private static Map<?, ?> parse(String answer, int status) {
        try {
            return Json.parse(answer) instanceof Map<?, ?> map ? map : Map.of();
        } catch (Json.ParseException e) {
            throw SdkClientException.create("Service Quotas answered HTTP " + status + " with no JSON document", e);
        }
    }

    private void log(String operation, String outcome) {
        if (callLog != null) {
            callLog.append("ServiceQuotas", operation, outcome);
        }
    }
}
