package dev.ecslab.aws;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A request that got no answer, in the user's words: what failed (the name, the connection, TLS, the proxy) and the
 * one thing to check. Also which of these another attempt cannot mend (a name that does not resolve, nothing
 * listening on this machine, a TLS handshake that failed, a proxy that cannot be reached), so that
 * {@link SdkGateways} does not retry them for seconds.
 */
final class NetworkTrouble {
    /** A connection this machine refused: nothing listens at the endpoint's port. */
    static final class NotListening extends ConnectException {
        private static final long serialVersionUID = 1L;

        NotListening(IOException refused) {
            super(refused.getMessage());
            initCause(refused);
        }
    }

    /** The proxy the request went through could not be reached (refused, or its name does not resolve). */
    static final class ProxyUnreachable extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient HttpProxy proxy;

        ProxyUnreachable(HttpProxy proxy, IOException failure) {
            super("proxy " + proxy.address() + " (" + proxy.setBy() + "): " + failure.getMessage(), failure);
            this.proxy = proxy;
        }
    }

    /** What failed and what to check. */
    record Described(String what, String hint) {
    }

    private NetworkTrouble() {
    }

    /** True when another attempt would meet the same failure: no retries, the user hears at once. */
    static boolean lasting(Throwable failure) {
        return AwsCall.causeOf(failure, UnknownHostException.class) != null
                || AwsCall.causeOf(failure, NotListening.class) != null
                || AwsCall.causeOf(failure, ProxyUnreachable.class) != null
                || tlsFailure(failure) != null;
    }

    /** The failure in the user's words; endpoint is where the request went ("" when unknown). */
    static Described describe(Throwable failure, String endpoint) {
        String at = endpoint.isEmpty() ? "" : " at " + endpoint;
        ProxyUnreachable proxy = AwsCall.causeOf(failure, ProxyUnreachable.class);
        if (proxy != null) {
            boolean unknown = proxy.getCause() instanceof UnknownHostException;
            return new Described("could not reach AWS" + at + " through proxy " + proxy.proxy.address() + " ("
                    + proxy.proxy.setBy() + "): " + (unknown ? "no such host"
                    : "nothing is listening there"), "check " + proxy.proxy.setBy() + " (and NO_PROXY for hosts "
                    + "reached directly)");
        }
        UnknownHostException unknown = AwsCall.causeOf(failure, UnknownHostException.class);
        if (unknown != null) {
            String host = host(endpoint, unknown.getMessage());
            return new Described("could not reach AWS" + at + ": host name " + host + " does not resolve",
                    "check the endpoint (--endpoint-url / AWS_ENDPOINT_URL), your DNS and network, or proxy "
                            + "(HTTPS_PROXY)");
        }
        if (AwsCall.causeOf(failure, NotListening.class) != null) {
            return new Described("could not reach AWS" + at + ": nothing is listening there",
                    "is the endpoint right, and the emulator running? (`scripts/emulator start` in an ecslab "
                            + "checkout starts one)");
        }
        SSLException tls = tlsFailure(failure);
        if (tls != null) {
            return new Described("could not reach AWS" + at + ": TLS failed: " + tlsReason(tls),
                    tlsHint(tls, endpoint));
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Described("could not reach AWS" + at + ": " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()),
                "check --endpoint-url / AWS_ENDPOINT_URL and your network");
    }

    /** A TLS failure another attempt would meet again: a handshake refused, or no TLS at all on the other end. */
    private static SSLException tlsFailure(Throwable failure) {
        SSLException tls = AwsCall.causeOf(failure, SSLException.class);
        // a connection reset during the handshake is the network's doing, not TLS's: worth another attempt
        return tls == null || AwsCall.causeOf(tls, SocketException.class) != null ? null : tls;
    }

    private static String tlsReason(SSLException tls) {
        String message = String.valueOf(tls.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "the endpoint's certificate is not trusted by this Java";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the endpoint's certificate is for another host name";
        }
        if (message.contains("Unsupported or unrecognized SSL message")) {
            return "the endpoint does not speak TLS";
        }
        return (tls instanceof SSLHandshakeException ? "handshake: " : "") + message;
    }

    private static String tlsHint(SSLException tls, String endpoint) {
        String message = String.valueOf(tls.getMessage());
        if (message.contains("Unsupported or unrecognized SSL message")) {
            return "is the endpoint plain HTTP? use " + endpoint.replaceFirst("^https:", "http:")
                    + " (or check the proxy, HTTPS_PROXY)";
        }
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "check the endpoint; a TLS-inspecting proxy's CA must be in Java's trust store "
                    + "(-Djavax.net.ssl.trustStore)";
        }
        return "check the endpoint (--endpoint-url / AWS_ENDPOINT_URL) and the proxy (HTTPS_PROXY)";
    }

    /** The host of the endpoint, else what the resolver named. */
    private static String host(String endpoint, String resolverSaid) {
        try {
            String host = endpoint.isEmpty() ? null : URI.create(endpoint).getHost();
            return host != null ? host : String.valueOf(resolverSaid).replaceFirst(":.*", "");
        } catch (IllegalArgumentException e) {
            return String.valueOf(resolverSaid);
        }
    }
}
