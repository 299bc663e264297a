package dev.ecslab.aws;

import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

import java.util.Locale;
import java.util.Objects;

/**
 * The proxy requests of one scheme go through, as the SDK reads it: -Dhttps.proxyHost or HTTPS_PROXY for https,
 * -Dhttp.proxyHost or HTTP_PROXY for http, hosts in NO_PROXY (or -Dhttp.nonProxyHosts) excepted. Left to itself the
 * URL connection client reads only the http ones, for every request, so HTTPS_PROXY alone did nothing.
 */
record HttpProxy(ProxyConfiguration configuration, String setBy) {
    /** The proxy for the scheme ("https" or "http"), or null when none is set. */
    static HttpProxy of(String scheme) {
        ProxyConfiguration configuration = ProxyConfiguration.builder().scheme(scheme).build();
        if (configuration.host() == null) {
            return null;
        }
        String setBy = System.getProperty(scheme + ".proxyHost") != null ? "-D" + scheme + ".proxyHost"
                : System.getenv(scheme.toUpperCase(Locale.ROOT) + "_PROXY") != null
                ? scheme.toUpperCase(Locale.ROOT) + "_PROXY" : scheme + "_proxy";
        return new HttpProxy(configuration, setBy);
    }

    /** Whether both send requests the same way (both none, or the same host and port). */
    static boolean same(HttpProxy a, HttpProxy b) {
        return a == null ? b == null : b != null && Objects.equals(a.address(), b.address())
                && a.configuration.nonProxyHosts().equals(b.configuration.nonProxyHosts());
    }

    /** Whether a request to the host goes through the proxy: the SDK's own test, each NO_PROXY entry a pattern. */
    boolean appliesTo(String host) {
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return configuration.nonProxyHosts().stream().noneMatch(name::matches);
    }

    /** host:port, as the user set it. */
    String address() {
        return configuration.host() + ":" + configuration.port();
    }
}
