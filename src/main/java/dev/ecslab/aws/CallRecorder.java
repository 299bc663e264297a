package dev.ecslab.aws;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.traits.DefaultValueTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What --explain shows after a step: the calls that step really made, each with its request's parameters as plain
 * values, and the waits it went through. A recording belongs to the thread that opened it and to the threads it
 * starts (a teardown's pool); no recording open, nothing is kept. Successful calls only: a refused create changed
 * nothing.
 */
public final class CallRecorder implements ExecutionInterceptor {
    /**
     * One call: the SDK's service name (Ecs, Ec2, ElasticLoadBalancingV2 ...) and operation (CreateCluster) with its
     * parameters by their model names; or, {@code waiter} true, a wait, named as the AWS CLI's waiter
     * ({@code ec2 instance-running}), or with a null operation where the CLI has none.
     */
    public record Call(String service, String operation, Map<String, Object> parameters, boolean waiter,
                       String what) {
        /** A call that changes something; reads (Describe, List, Get ...) only look. */
        public boolean mutating() {
            return !waiter && !operation.matches("(Describe|List|Get|Lookup|Search|Simulate|Validate)[A-Z].*");
        }
    }

    /** The calls of one step, in the order they were made. */
    public static final class Recording {
        private final List<Call> calls = new ArrayList<>();

        private synchronized void add(Call call) {
            calls.add(call);
        }

        public synchronized List<Call> calls() {
            return List.copyOf(calls);
        }
    }

    private static final InheritableThreadLocal<Recording> CURRENT = new InheritableThreadLocal<>();

    /** Starts recording this thread's calls (and those of threads it starts) into a new recording. */
    public static Recording open() {
        Recording recording = new Recording();
        CURRENT.set(recording);
        return recording;
    }

    /** The recording this thread's calls go to, or null. */
    public static Recording current() {
        return CURRENT.get();
    }

    /** Records this thread's calls into {@code recording} again (one opened before), or no more (null). */
    public static void resume(Recording recording) {
        if (recording == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(recording);
        }
    }

    /**
     * A wait a step went through: the AWS CLI's waiter for it (null: it has none), what it waited for, and the
     * waiter's parameters as name, value, name, value ... (in the CLI's order).
     */
    public static void waited(String service, String waiter, String what, Object... parameters) {
        Recording recording = CURRENT.get();
        if (recording != null) {
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i + 1 < parameters.length; i += 2) {
                named.put((String) parameters[i], parameters[i + 1]);
            }
            recording.add(new Call(service, waiter, named, true, what));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Recording recording = CURRENT.get();
        if (recording != null) {
            recording.add(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), parameters(context.request()),
                    false, null));
        }
    }

    /** A request's set parameters by their model names, structures as maps, lists as lists; unset ones left out. */
    static Map<String, Object> parameters(SdkRequest request) {
        return structure(request);
    }

    /** A structure's set members by their model names, as {@link #parameters} gives a request's. */
    static Map<String, Object> values(SdkPojo pojo) {
        return structure(pojo);
    }

    private static Map<String, Object> structure(SdkPojo pojo) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = plain(field.getValueOrDefault(pojo));
            if (field.containsTrait(DefaultValueTrait.class) && !Objects.equals(value,
                    plain(field.getValueOrDefault(pojo)))) {
                continue; // an idempotency token the SDK makes anew each read: unset, as the CLI makes its own too
            }
            if (value != null) {
                values.put(field.memberName(), value);
            }
        }
        return values;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) {
            return null;
        }
        if (value instanceof SdkPojo pojo) {
            return structure(pojo);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(CallRecorder::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plainMap = new LinkedHashMap<>();
            map.forEach((k, v) -> plainMap.put(String.valueOf(k), plain(v)));
            return plainMap;
        }
        return value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    }
}
