package dev.ecslab.aws;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shared HTTP client, with its I/O failures as the IOExceptions its contract declares. UrlConnectionHttpClient
 * wraps some in UncheckedIOException — a request aborted by an attempt timeout while it read the status line of an
 * endpoint that drips its answer fails with "Socket closed" so — which the SDK neither recognizes as its timeout nor
 * retries: the call failed with no word of the timeout, and never as the network failure it is.
 */
final class AbortableHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;

    AbortableHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
