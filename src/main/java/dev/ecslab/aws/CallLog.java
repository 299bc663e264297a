package dev.ecslab.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends one line per AWS API call attempt to a file — {@code <time> <service> <operation> <http status>} — when
 * ECSLAB_CALL_LOG names one. Used by the benchmark (how many calls) and by the IAM-policy coverage test (which
 * actions), and handy for debugging; off by default.
 */
final class CallLog implements ExecutionInterceptor {
    static final String ENV = "ECSLAB_CALL_LOG";

    private final Path file;

    private CallLog(Path file) {
        this.file = file;
    }

    /** The interceptor for ECSLAB_CALL_LOG, or null when it is not set. */
    static CallLog fromEnvironment() {
        String path = System.getenv(ENV);
        return path == null || path.isBlank() ? null : new CallLog(Path.of(path));
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        append(attributes, String.valueOf(context.httpResponse().statusCode()));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.httpResponse().isEmpty()) {
            append(attributes, "no-response");
        }
    }

    private void append(ExecutionAttributes attributes, String outcome) {
        append(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), outcome);
    }

    /** One call made without an SDK client (ServiceQuotasClient), named as the SDK would name it. */
    void append(String service, String operation, String outcome) {
        String line = Instant.now() + " " + service + " " + operation + " " + outcome + "\n";
        synchronized (CallLog.class) {
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("write call log " + file, e);
            }
        }
    }
}
