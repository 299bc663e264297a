package dev.ecslab.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsCallTest {
    private static AwsServiceException serviceError(String code, String message, int status) {
        return AwsServiceException.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void service_errors_read_verb_noun_code_message() {
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.run("create load balancer x-alb",
                () -> {
                    throw serviceError("ValidationError", "At least two subnets", 400);
                }));
        assertEquals("create load balancer x-alb: ValidationError: At least two subnets", e.getMessage());
        assertEquals("ValidationError", e.errorCode());
        assertEquals("req-1", e.requestId());
        assertEquals(400, e.statusCode());
    }

    @Test
    void no_response_is_unreachable_with_the_root_cause() {
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.run("describe clusters", () -> {
            throw SdkClientException.create("Unable to execute HTTP request", new ConnectException("refused"));
        }));
        assertTrue(e.unreachable());
        assertNull(e.errorCode());
        assertTrue(e.getMessage().contains("could not reach AWS: ConnectException: refused"), e.getMessage());
    }

    @Test
    void an_error_without_a_code_is_kept_with_a_null_code() {
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.run("x", () -> {
            throw AwsServiceException.builder().statusCode(500).message("boom").build();
        }));
        assertNull(e.errorCode());
        assertEquals(500, e.statusCode());
    }

    @Test
    void deletes_treat_not_found_as_done_and_nothing_else() {
        AwsCall.delete("delete service s", () -> {
            throw serviceError("ServiceNotFoundException", "gone", 400);
        });
        AwsCall.delete("delete security group sg", () -> {
            throw serviceError("InvalidGroup.NotFound", "gone", 400);
        });
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.delete("delete security group sg",
                () -> {
                    throw serviceError("DependencyViolation", "in use", 400);
                }));
        assertEquals("DependencyViolation", e.errorCode());
    }

    @Test
    void no_answer_names_the_endpoint_it_tried() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.run("get caller identity", () -> {
            throw SdkClientException.create(refused.getMessage(),
                    new NoAnswer.Failure(URI.create("http://127.0.0.1:4566"), refused));
        }));
        assertEquals("get caller identity: could not reach AWS at http://127.0.0.1:4566: ConnectException: "
                + "Connection refused", e.getMessage());
        assertEquals(0, e.statusCode());
    }

    @Test
    void client_failures_other_than_the_network_keep_the_sdks_words() {
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.run("get caller identity", () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }));
        assertEquals("get caller identity: Unable to load credentials from any of the providers in the chain",
                e.getMessage());
        assertNull(e.errorCode());
    }

    @Test
    void a_service_error_without_details_keeps_the_sdk_message() {
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.run("describe tasks", () -> {
            throw AwsServiceException.builder().statusCode(500).message("Service returned HTTP status 500").build();
        }));
        assertEquals("describe tasks: Service returned HTTP status 500", e.getMessage());
    }

    @Test
    void lookups_treat_not_found_as_empty_and_nothing_else() {
        assertEquals(Optional.empty(), AwsCall.find("find load balancer x-alb", () -> {
            throw serviceError("LoadBalancerNotFound", "not found", 400);
        }));
        assertEquals(Optional.of("arn"), AwsCall.find("find load balancer x-alb", () -> Optional.of("arn")));
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.find("get role r", () -> {
            throw serviceError("AccessDenied", "not allowed", 403);
        }));
        assertTrue(e.isAccessDenied());
    }

    @Test
    void an_error_without_a_code_never_counts_as_not_found() {
        AwsCallException e = assertThrows(AwsCallException.class, () -> AwsCall.delete("delete task definitions",
                () -> {
                    throw AwsServiceException.builder().statusCode(500).message("boom").build();
                }));
        assertFalse(AwsCall.isNotFound(e));
    }
}
