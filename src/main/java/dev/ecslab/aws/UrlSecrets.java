package dev.ecslab.aws;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a URL may carry besides where it points — a user and password before the host, a token in its query — kept
 * out of everything ecslab prints or writes (issue 28, item 9): {@code http://admin:hunter2@host/} is shown as
 * {@code http://host/}. AWS needs neither: the SDK signs each request (SigV4's Authorization header) and sends no
 * userinfo, and no AWS endpoint has a query (STS's requests leave it out; a proxy that wants a token in it cannot
 * be used through --endpoint-url).
 */
public final class UrlSecrets {
    /** scheme://user:password@ — the userinfo ends at the authority's last '@'. */
    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s'\"`]*@");
    /** A URL's ?query and #fragment, up to the next space or quote; punctuation ending a sentence is the text's. */
    private static final Pattern QUERY = Pattern.compile(
            "(?i)(\\b[a-z][a-z0-9+.-]*://[^?#\\s'\"`]*)[?#](?:[^\\s'\"`]*[^\\s'\"`:,.;)\\]])?");

    private UrlSecrets() {
    }

    /** The URL without userinfo, query or fragment; the scheme lowercase (RFC 3986 3.1: it is case-insensitive). */
    public static URI removed(URI url) {
        if (url == null || url.getRawAuthority() == null) {
            return url;
        }
        String authority = url.getRawAuthority().substring(url.getRawAuthority().lastIndexOf('@') + 1);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + authority + path);
    }

    /** Any text (an error message, the SDK's words) with every URL in it so treated. */
    public static String removedFrom(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        return QUERY.matcher(USERINFO.matcher(text).replaceAll("$1")).replaceAll("$1");
    }
}
