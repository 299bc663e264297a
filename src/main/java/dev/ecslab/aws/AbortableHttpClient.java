package dev.ecslab.aws;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * The shared HTTP client, with its I/O failures as the IOExceptions its contract declares. UrlConnectionHttpClient
 * wraps some in UncheckedIOException — a request aborted by an attempt timeout while it read the status line of an
 * endpoint that drips its answer fails with "Socket closed" so — which the SDK neither recognizes as its timeout nor
 * retries: the call failed with no word of the timeout, and never as the network failure it is.
 * A request goes through the proxy of its scheme (HTTPS_PROXY for https, HTTP_PROXY for http, as the AWS CLI does),
 * and a connection that failed says whether the proxy or the endpoint refused it ({@link NetworkTrouble}).
 */
final class AbortableHttpClient implements SdkHttpClient {
    private final HttpProxy https;
    private final HttpProxy http;
    private final Lazy<SdkHttpClient> forHttps;
    private final Lazy<SdkHttpClient> forHttp;

    /** @param build a client through the given proxy (null: none) */
    AbortableHttpClient(HttpProxy https, HttpProxy http, Function<HttpProxy, SdkHttpClient> build) {
        this.https = https;
        this.http = http;
        this.forHttps = new Lazy<>(() -> build.apply(https));
        // one client when both schemes go the same way (no proxy at all, the usual case)
        this.forHttp = HttpProxy.same(https, http) ? forHttps : new Lazy<>(() -> build.apply(http));
    }

    /** Builds the client for https now (its TLS context is what costs). */
    void warm() {
        forHttps.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        boolean secure = "https".equalsIgnoreCase(request.httpRequest().protocol());
        HttpProxy proxy = secure ? https : http;
        URI uri = request.httpRequest().getUri();
        HttpProxy used = proxy != null && proxy.appliesTo(uri.getHost()) ? proxy : null;
        ExecutableHttpRequest prepared = (secure ? forHttps : forHttp).get().prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (UncheckedIOException e) {
                    throw named(e.getCause(), uri, used);
                } catch (IOException e) {
                    throw named(e, uri, used);
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    /** A failure to connect, said of the proxy when one was used, or of an endpoint on this machine. */
    private static IOException named(IOException failure, URI uri, HttpProxy proxy) {
        if (!(failure instanceof ConnectException || failure instanceof UnknownHostException)) {
            return failure;
        }
        if (proxy != null) {
            return new NetworkTrouble.ProxyUnreachable(proxy, failure);
        }
        if (failure instanceof ConnectException && onLoopback(uri)) {
            return new NetworkTrouble.NotListening(failure);
        }
        return failure;
    }

    private static boolean onLoopback(URI uri) {
        try {
            return uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String clientName() {
        return forHttps.get().clientName();
    }

    @Override
    public void close() {
        forHttps.get().close(); // the process's one client lives as long as the process; the other holds no pool
    }
}
