package dev.ecslab.aws;

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
    /** A network failure (after the SDK's retries) with the endpoint the request was sent to. */
    static final class Failure extends SdkClientException {
        private static final long serialVersionUID = 1L;
        private final transient URI endpoint;

        Failure(URI endpoint, SdkClientException failure) {
            super(SdkClientException.builder().message(failure.getMessage()).cause(failure));
            this.endpoint = endpoint;
        }

        URI endpoint() {
            return endpoint;
        }
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (failure instanceof SdkClientException && context.httpResponse().isEmpty()
                && context.httpRequest().isPresent() && isNetworkFailure(failure)) {
            URI uri = context.httpRequest().get().getUri();
            URI endpoint = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
            return new Failure(endpoint, (SdkClientException) failure);
        }
        return failure;
    }

    /** True when an I/O error (refused, timed out, unknown host, TLS) is somewhere in the causes. */
    static boolean isNetworkFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
