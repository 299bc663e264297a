package dev.ecslab.aws;

import java.net.URI;

/**
 * A call answered by something that is not AWS (a web page: {@link NotAwsAnswer}; a success without what AWS always
 * sends): a wrong endpoint, neither a refusal nor a network failure.
 */
public final class NotAwsException extends AwsCallException {
    private static final long serialVersionUID = 1L;

    private final transient URI endpoint;
    private final String answer;

    /**
     * @param endpoint where the request went (scheme, host, port), or null when the SDK's own chain chose it
     * @param answer   what came back, e.g. "HTTP 200 text/html, which no AWS API sends"
     */
    NotAwsException(String operation, URI endpoint, int status, String answer, Throwable cause) {
        super(operation, null, (endpoint == null ? "the endpoint" : UrlSecrets.removed(endpoint).toString())
                + " answered " + answer, null, status, cause);
        this.endpoint = UrlSecrets.removed(endpoint);
        this.answer = answer;
    }

    /** Where the request went, or null when not known. */
    public URI endpoint() {
        return endpoint;
    }

    /** What came back instead of AWS's answer. */
    public String answer() {
        return answer;
    }
}
