package dev.ecslab.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry strategy every client shares, driven as the SDK drives it. */
class RetryStrategyTest {
    private static final AwsServiceException THROTTLED = AwsServiceException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build())
            .build();

    private final RetryStrategy strategy = SdkGateways.retryStrategy();

    @Test
    void a_throttled_call_is_still_retried_after_hundreds_of_throttles_in_the_same_process() {
        // STANDARD's circuit breaker would refuse the 101st retry here (500 tokens, 5 per retry); a cleanup that
        // met that many throttles then stopped at the next one.
        for (int call = 1; call <= 300; call++) {
            RetryToken first = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("ecslab")).token();
            Duration backoff = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(first)
                    .failure(THROTTLED).build()).delay();
            assertTrue(backoff.compareTo(Duration.ZERO) >= 0, "call " + call);
        }
    }

    @Test
    void each_call_still_stops_after_its_attempts() {
        RetryToken token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("ecslab")).token();
        int attempts = 1;
        while (true) {
            try {
                token = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
                        .failure(THROTTLED).build()).token();
                attempts++;
            } catch (TokenAcquisitionFailedException exhausted) {
                break;
            }
        }
        assertEquals(SdkGateways.maxAttempts(), attempts);
        assertEquals(8, SdkGateways.MAX_ATTEMPTS);
    }

    @Test
    void an_error_that_is_not_transient_is_not_retried() {
        RetryToken token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("ecslab")).token();
        AwsServiceException denied = AwsServiceException.builder().statusCode(400).awsErrorDetails(
                AwsErrorDetails.builder().errorCode("AccessDenied").build()).build();
        assertThrows(TokenAcquisitionFailedException.class, () -> strategy.refreshRetryToken(
                RefreshRetryTokenRequest.builder().token(token).failure(denied).build()));
    }
}
