package dev.ecslab.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.IoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records each request as it goes on the wire, so a test can check what ecslab sent rather than what came back. */
final class WireRecorder implements ExecutionInterceptor {
    record Sent(String operation, String contentType, String body) { }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        String body = "";
        Optional<ContentStreamProvider> content = request instanceof SdkHttpFullRequest
                ? ((SdkHttpFullRequest) request).contentStreamProvider() : Optional.empty();
        if (content.isPresent()) {
            try (InputStream in = content.get().newStream()) {
                body = IoUtils.toUtf8String(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sent.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                request.firstMatchingHeader("Content-Type").orElse(null), body));
    }

    synchronized List<Sent> sent(String operation) {
        List<Sent> matching = new ArrayList<>();
        for (Sent s : sent) {
            if (s.operation().equals(operation)) {
                matching.add(s);
            }
        }
        return matching;
    }
}
