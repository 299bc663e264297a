package dev.ecslab.state;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which AWS a lab lives in — account, region and endpoint — spelled one way, so that every spelling of one place
 * shares one lock and one state file. Two spellings that got two locks let an {@code up} adopt what a
 * {@code cleanup} was deleting (issue 28, item 5).
 *
 * <p>The endpoint counts as its host and port only: scheme and host case, a default port written out or not, a
 * trailing slash, a path, a query and a user in it do not make another server. Loopback names and addresses
 * ({@code localhost}, {@code *.localhost}, {@code 127.0.0.0/8}, {@code ::1}, and the unspecified address, which
 * reaches this machine too) are all {@code localhost}. Names are not resolved: Java gives a lookup no time limit of
 * its own (the system resolver's timeouts and retries, seconds each, before every command), and the answer is not
 * stable — AWS's endpoints answer with rotating addresses, so one endpoint would get a different lock from run to
 * run, the very split this class exists to prevent. Two names that DNS alone makes one server keep two locks;
 * erring the other way would only refuse a run.
 */
public final class LabScope {
    /** IPv4 as Java's Inet4Address reads it without a lookup: d.d.d.d, d.d.d, d.d or d, in decimal. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,10}(\\.\\d{1,10}){0,3}");

    private LabScope() {
    }

    /** The scope's name, e.g. "123456789012-us-east-1", or "123456789012-us-east-1-localhost:4566". */
    public static String of(String account, String region, URI endpoint) {
        String scope = account.trim() + "-" + region.trim().toLowerCase(Locale.ROOT);
        return endpoint == null ? scope : scope + "-" + endpoint(endpoint);
    }

    /** host:port, the host canonical and the port written out (HTTP's 80 or HTTPS's 443 when none is). */
    static String endpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        String host = endpoint.getHost();
        int port = endpoint.getPort();
        if (host == null) { // java.net.URI takes 127.1 for no host name (its last label starts with a digit)
            String authority = String.valueOf(endpoint.getRawAuthority());
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            host = colon < 0 || authority.endsWith("]") ? authority : authority.substring(0, colon);
            port = colon < 0 || authority.endsWith("]") ? -1 : parsePort(authority.substring(colon + 1));
        }
        return host(host) + ":" + (port >= 0 ? port : "https".equals(scheme) ? 443 : 80);
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String host(String given) {
        String host = given.toLowerCase(Locale.ROOT);
        if (host.endsWith(".") && host.length() > 1) { // the fully qualified spelling of the same name
            host = host.substring(0, host.length() - 1);
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) { // RFC 6761 6.3: always loopback
            return "localhost";
        }
        if (IPV4.matcher(host).matches()) {
            long address = ipv4(host);
            if (address < 0) {
                return host;
            }
            return address >>> 24 == 127 || address == 0 ? "localhost" : (address >>> 24) + "."
                    + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
        }
        if (host.contains(":")) {
            return ipv6(host);
        }
        return host;
    }

    /** The address, or -1 when it is none (a part too large): inet_aton's rule, the last part fills the rest. */
    private static long ipv4(String host) {
        String[] parts = host.split("\\.");
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            long part = Long.parseLong(parts[i]);
            if (part > 255) {
                return -1;
            }
            address |= part << (8 * (3 - i));
        }
        long last = Long.parseLong(parts[parts.length - 1]);
        if (last >= 1L << (8 * (4 - (parts.length - 1)))) {
            return -1;
        }
        return address | last;
    }

    /** One spelling of an IPv6 literal; in brackets Java parses it and never looks it up. */
    private static String ipv6(String host) {
        String bracketed = host.startsWith("[") ? host : "[" + host + "]";
        try {
            InetAddress address = InetAddress.getByName(bracketed);
            // ::ffff:127.0.0.1 comes back as an IPv4 address
            return address.isLoopbackAddress() || address.isAnyLocalAddress() ? "localhost"
                    : address.getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
