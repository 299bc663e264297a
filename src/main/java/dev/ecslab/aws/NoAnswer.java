package dev.ecslab.aws;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.IOException;
import java.net.URI;

/**
 * Notes where a request went when no answer came back. The SDK's own message ("Unable to execute HTTP request:
 * Connection refused") does not say, and a wrong --endpoint-url or AWS_ENDPOINT_URL is the usual cause, so
 * {@link AwsCall} can then say "could not reach AWS at http://127.0.0.1:4566: ...". On every client, via
 * {@link SdkGateways}.
 */
final class NoAnswer implements ExecutionInterceptor {
    /**
     * A network failure (after the SDK's retries) with the endpoint the request was sent to: the cause of the
     * SdkClientException handed back, not a subclass of it, since the SDK's own interceptors after this one
     * (HelpfulUnknownHostExceptionInterceptor) hand back a plain SdkClientException, which the SDK refuses in place
     * of a subclass ("... but 'class ...NoAnswer$Failure' was expected").
     */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient URI endpoint;

        Failure(URI endpoint, SdkClientException failure) {
            super(failure.getMessage(), failure);
            this.endpoint = endpoint;
        }

        URI endpoint() {
            return endpoint;
        }
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (AwsCall.causeOf(failure, DeadlineCutoff.Exceeded.class) != null) {
            return failure; // the command ran out of time, whatever the endpoint did
        }
        // a timeout can come after the status line (an endpoint that drips its answer): no whole answer either
        if (failure instanceof SdkClientException client && (context.httpResponse().isEmpty() || isTimeout(failure))
                && context.httpRequest().isPresent() && isNetworkFailure(failure)) {
            URI uri = context.httpRequest().get().getUri();
            Failure noAnswer = new Failure(UrlSecrets.removed(URI.create(uri.getScheme() + "://"
                    + uri.getRawAuthority())), client);
            // an interceptor must hand back the SDK's own exception type: a timeout's carries the news as its cause
            if (failure instanceof ApiCallTimeoutException) {
                return ApiCallTimeoutException.builder().message(failure.getMessage()).cause(noAnswer).build();
            }
            if (failure instanceof ApiCallAttemptTimeoutException) {
                return ApiCallAttemptTimeoutException.builder().message(failure.getMessage()).cause(noAnswer).build();
            }
            return SdkClientException.builder().message(failure.getMessage()).cause(noAnswer).build();
        }
        return failure;
    }

    /**
     * True when an I/O error (refused, timed out, unknown host, TLS) is somewhere in the causes, or the call or its
     * attempts ran out of time (SdkGateways' timeouts).
     */
    static boolean isNetworkFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof ApiCallTimeoutException
                    || t instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** True when the call, or its last attempt, got no whole answer in the time it had. */
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
