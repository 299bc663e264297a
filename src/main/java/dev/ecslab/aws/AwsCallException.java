package dev.ecslab.aws;

/**
 * An AWS call that failed, in "verb noun: cause" form, e.g.
 * {@code create load balancer ecslab-demo-alb: ValidationError: At least two subnets ...}.
 * Decisions are made on {@link #errorCode()}, never on message text. The gateway does not know which phase
 * failed; run/ wraps this into a preflight or step failure.
 */
public class AwsCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String errorCode;
    private final String awsMessage;
    private final String requestId;
    private final int statusCode;
    private final boolean networkFailure;
    private final String networkHint;

    public AwsCallException(String operation, String errorCode, String awsMessage, String requestId, int statusCode,
                            Throwable cause) {
        this(operation, errorCode, awsMessage, requestId, statusCode, false, cause);
    }

    /** @param networkFailure no answer came back because the endpoint could not be reached (refused, DNS, timeout) */
    public AwsCallException(String operation, String errorCode, String awsMessage, String requestId, int statusCode,
                            boolean networkFailure, Throwable cause) {
        // AWS's words and the SDK's may quote a URL, with the user, password or token AWS_ENDPOINT_URL carried
        super(operation + ": " + (errorCode == null ? "" : errorCode + ": ") + UrlSecrets.removedFrom(awsMessage),
                cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.awsMessage = UrlSecrets.removedFrom(awsMessage);
        this.requestId = requestId;
        this.statusCode = statusCode;
        this.networkFailure = networkFailure;
        this.networkHint = null;
    }

    /** No answer came back: what failed, in the user's words, and what to check (endpoint, DNS, TLS, proxy). */
    public AwsCallException(String operation, String networkFailure, String networkHint, Throwable cause) {
        super(operation + ": " + UrlSecrets.removedFrom(networkFailure), cause);
        this.operation = operation;
        this.errorCode = null;
        this.awsMessage = UrlSecrets.removedFrom(networkFailure);
        this.requestId = null;
        this.statusCode = 0;
        this.networkFailure = true;
        this.networkHint = networkHint;
    }

    /** What to check when the endpoint could not be reached (null for other failures). */
    public String networkHint() {
        return networkHint;
    }

    /** True when the endpoint could not be reached; false for client-side failures such as missing credentials. */
    public boolean networkFailure() {
        return networkFailure;
    }

    /** What we were doing, e.g. "create load balancer ecslab-demo-alb". */
    public String operation() {
        return operation;
    }

    /** The AWS error code (e.g. "DependencyViolation"), or null when the service sent none / was unreachable. */
    public String errorCode() {
        return errorCode;
    }

    public String awsMessage() {
        return awsMessage;
    }

    public String requestId() {
        return requestId;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** True when no answer came back at all (connection refused, timeout, DNS). */
    public boolean unreachable() {
        return statusCode == 0;
    }

    /** Throttled, in any service's words (docs/aws.md §0: EC2 RequestLimitExceeded, ECS ThrottlingException). */
    public boolean isThrottling() {
        return errorCode != null && (errorCode.equals("Throttling") || errorCode.equals("ThrottlingException")
                || errorCode.equals("RequestLimitExceeded") || errorCode.equals("TooManyRequestsException")
                || errorCode.equals("RequestThrottled"));
    }

    /**
     * A server error that says only "not this time": worth another look. Not EC2's InsufficientInstanceCapacity,
     * also a 500, which says the zone has no capacity for the type now and is met by trying another zone
     * (docs/aws.md §14).
     */
    public boolean isServerHiccup() {
        return statusCode >= 500 && !"InsufficientInstanceCapacity".equals(errorCode);
    }

    /** What to do about an access denial: the message names the action and resource, the policy has them all. */
    public static final String ACCESS_DENIED_HINT = "grant the caller that action (examples/ecslab-iam-policy.json "
            + "lists every action ecslab needs)";

    /** What to do about this refusal before anything was changed: grant the action, or check where the call went. */
    public String preflightHint() {
        return isAccessDenied() ? ACCESS_DENIED_HINT : networkHint != null ? networkHint
                : "check the region, your permissions and --endpoint-url, then run again";
    }

    public boolean isAccessDenied() {
        return errorCode != null && (errorCode.equals("AccessDenied") || errorCode.equals("AccessDeniedException")
                || errorCode.equals("UnauthorizedOperation"));
    }
}
