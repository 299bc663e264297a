package dev.ecslab.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one translator of SDK exceptions: every SDK call in aws/ goes through {@link #run}, so errors read
 * {@code <operation>: <code>: <message>} and callers decide on the error code, never on message text.
 */
public final class AwsCall {
    /** Error codes that mean "it is not there": for deletes, that counts as done (docs/aws.md §9). */
    private static final Set<String> NOT_FOUND = Set.of("ServiceNotFoundException", "ClusterNotFoundException",
            "LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound", "InvalidInstanceID.NotFound",
            "InvalidGroup.NotFound", "NoSuchEntity", "ResourceNotFoundException", "ParameterNotFound",
            "NoSuchResourceException");

    private AwsCall() {
    }

    public static <T> T run(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                    ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new AwsCallException(operation, code, message, e.requestId(), e.statusCode(), e);
        } catch (SdkClientException e) {
            DeadlineCutoff.Exceeded late = causeOf(e, DeadlineCutoff.Exceeded.class);
            if (late != null) {
                throw new RunTimedOutException(operation, late.limit(), e);
            }
            NotAwsAnswer.Answer notAws = NotAwsAnswer.in(e);
            if (notAws != null) {
                throw new NotAwsException(operation, notAws.endpoint(), notAws.status(), notAws.what(), e);
            }
            if (!NoAnswer.isNetworkFailure(e)) { // no credentials, an answer the SDK could not read: its words
                throw new AwsCallException(operation, null, e.getMessage(), null, 0, false, e);
            }
            NetworkTrouble.Described trouble = noAnswer(e);
            throw new AwsCallException(operation, trouble.what(), trouble.hint(), e);
        }
    }

    public static void run(String operation, Runnable call) {
        run(operation, () -> {
            call.run();
            return null;
        });
    }

    /** Runs a lookup; "not found" means empty. */
    public static <T> Optional<T> find(String operation, Supplier<Optional<T>> call) {
        try {
            return run(operation, call);
        } catch (AwsCallException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Runs a delete; "not found" counts as done. */
    public static void delete(String operation, Runnable call) {
        try {
            run(operation, call);
        } catch (AwsCallException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }

    /** The first of the causes (the failure itself included) of the given type, or null. */
    static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public static boolean isNotFound(AwsCallException e) {
        return e.errorCode() != null && NOT_FOUND.contains(e.errorCode());
    }

    /**
     * No answer from AWS: "could not reach AWS at <endpoint>: <what failed>", with what to check. The endpoint is the
     * one the request went to, whether --endpoint-url, AWS_ENDPOINT_URL or the SDK's rules chose it.
     */
    private static NetworkTrouble.Described noAnswer(SdkClientException e) {
        NoAnswer.Failure failure = causeOf(e, NoAnswer.Failure.class);
        String endpoint = failure != null ? String.valueOf(failure.endpoint()) : "";
        if (NoAnswer.isTimeout(e)) { // connected, maybe even a byte now and then, but no answer
            return new NetworkTrouble.Described("could not reach AWS" + (endpoint.isEmpty() ? "" : " at " + endpoint)
                    + ": no answer within " + Durations.format(SdkGateways.CALL_TIMEOUT),
                    "check --endpoint-url / AWS_ENDPOINT_URL and your network");
        }
        return NetworkTrouble.describe(e, endpoint);
    }
}
