package dev.ecslab.aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Stops a call whose answer is a web page: no AWS API answers with an HTML document (its errors too come as XML or
 * JSON), so one means --endpoint-url or AWS_ENDPOINT_URL names some other web server. Left to itself the SDK reads the
 * page as XML and hands back a response of nulls, or fails to unmarshall it; this says where the request went and
 * what came back instead. Judged by the body, not the Content-Type, which emulators get wrong (moto sends JSON as
 * text/html). A 5xx page stays the SDK's to retry: a proxy in front of AWS may send one now and then.
 * On every client, via {@link SdkGateways}.
 */
final class NotAwsAnswer implements ExecutionInterceptor {
    /**
     * What came back, as the cause of the SDK's exception: the SDK rebuilds what an interceptor throws (to add its
     * attempt count), keeping the message and the cause but not the class, so the cause carries it. See {@link #in}.
     */
    static final class Answer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient URI endpoint;
        private final int status;

        Answer(URI endpoint, int status) {
            super(endpoint + " answered HTTP " + status + " with a web page", null, false, false);
            this.endpoint = endpoint;
            this.status = status;
        }

        /** "HTTP 200 with a web page, which no AWS API sends" */
        String what() {
            return "HTTP " + status + " with a web page, which no AWS API sends";
        }

        URI endpoint() {
            return endpoint;
        }

        int status() {
            return status;
        }
    }

    /** The answer among the causes of what the SDK threw, or null when the call did not get a web page. */
    static Answer in(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Answer a) {
                return a;
            }
        }
        return null;
    }

    /** Enough of the body to see an HTML document's start, after a byte-order mark and white space. */
    private static final int PEEK = 64;

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        int status = context.httpResponse().statusCode();
        if (body.isEmpty() || status >= 500) {
            return body;
        }
        PushbackInputStream in = new PushbackInputStream(body.get(), PEEK);
        byte[] head;
        try {
            head = in.readNBytes(PEEK);
            in.unread(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // as the SDK's own read would fail: retried as a network failure
        }
        if (isHtml(new String(head, StandardCharsets.ISO_8859_1))) {
            URI uri = context.httpRequest().getUri();
            Answer answer = new Answer(UrlSecrets.removed(URI.create(uri.getScheme() + "://" + uri.getRawAuthority())),
                    status);
            throw SdkClientException.builder().message(answer.endpoint() + " answered " + answer.what())
                    .cause(answer).build();
        }
        return Optional.of(in);
    }

    static boolean isHtml(String head) {
        String start = head.replaceFirst("^\\xEF\\xBB\\xBF", "").stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }
}
