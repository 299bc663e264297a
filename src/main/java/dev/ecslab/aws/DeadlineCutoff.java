package dev.ecslab.aws;

import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.util.Optional;

/**
 * Cuts each call off at the command's {@link Deadline} when that comes before the call's own timeout: the call's
 * apiCallTimeout becomes what is left, and a call the deadline ended says so ({@link Exceeded}), so that
 * {@link AwsCall} reports the run's --timeout rather than an endpoint that did not answer. On every client, via
 * {@link SdkGateways}.
 */
final class DeadlineCutoff implements ExecutionInterceptor {
    /** The call was cut off by the deadline, which was started with {@code limit}; {@link AwsCall} looks for it. */
    static final class Exceeded extends SdkClientException {
        private static final long serialVersionUID = 1L;
        private final transient Duration limit;

        Exceeded(Duration limit, Throwable cause) {
            super(SdkClientException.builder().message("the command's time limit ran out").cause(cause));
            this.limit = limit;
        }

        Duration limit() {
            return limit;
        }
    }

    private static final ExecutionAttribute<Duration> CUT_BY_DEADLINE = new ExecutionAttribute<>("ecslab.deadline");

    private final Deadline deadline;
    private final Duration callTimeout;

    DeadlineCutoff(Deadline deadline, Duration callTimeout) {
        this.deadline = deadline;
        this.callTimeout = callTimeout;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        Duration limit = deadline.limit();
        Optional<Duration> left = deadline.left();
        if (limit == null || left.isEmpty() || left.get().compareTo(callTimeout) >= 0
                || !(context.request() instanceof AwsRequest request)) {
            return context.request();
        }
        if (left.get().toMillis() <= 0) {
            throw new Exceeded(limit, null);
        }
        attributes.putAttribute(CUT_BY_DEADLINE, limit);
        AwsRequestOverrideConfiguration override = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder)
                .apiCallTimeout(left.get()).build();
        return request.toBuilder().overrideConfiguration(override).build();
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Duration limit = attributes.getAttribute(CUT_BY_DEADLINE);
        if (limit != null && context.exception() instanceof ApiCallTimeoutException timeout) {
            // an interceptor must hand back the SDK's own exception type: the news goes in its cause
            return ApiCallTimeoutException.builder().message(timeout.getMessage()).cause(new Exceeded(limit, timeout))
                    .build();
        }
        return context.exception();
    }
}
