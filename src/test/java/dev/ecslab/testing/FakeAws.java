package dev.ecslab.testing;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.EcsGateway;
import dev.ecslab.aws.QuotaGateway;
import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.LogsGateway;
import dev.ecslab.aws.SsmGateway;
import dev.ecslab.aws.StsGateway;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * In-memory gateways for unit tests: every call is recorded in order ("ecs.deleteService ecslab-x ecslab-x-web"),
 * and answered by what the test said with {@link #on}. A call the test did not expect fails loudly instead of
 * getting a silent default, so a test cannot pass by accident. Default interface methods run as written.
 */
public final class FakeAws {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Function<Object[], Object>> answers = new ConcurrentHashMap<>();

    /** What "ecs.findService" (gateway prefix, dot, method name) answers, from its arguments. */
    public FakeAws on(String call, Function<Object[], Object> answer) {
        answers.put(call, answer);
        return this;
    }

    /** The call does nothing and returns null (a void delete, a wait that is over at once). */
    public FakeAws allow(String... calls) {
        for (String call : calls) {
            on(call, args -> null);
        }
        return this;
    }

    /** Every list* and find* answers empty: a lab with nothing in it. */
    public FakeAws emptyLab() {
        for (Class<?> type : TYPES) {
            for (var m : type.getMethods()) {
                String key = prefix(type) + "." + m.getName();
                if (m.isDefault() || answers.containsKey(key)) {
                    continue;
                }
                if (m.getReturnType() == List.class) {
                    on(key, args -> List.of());
                } else if (m.getReturnType() == Optional.class) {
                    on(key, args -> Optional.empty());
                }
            }
        }
        return this;
    }

    /** The calls made so far, in order. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls made so far whose name starts with one of {@code prefixes}, without their arguments. */
    public List<String> callNames(String... prefixes) {
        return calls().stream().map(c -> c.split(" ")[0])
                .filter(c -> Arrays.stream(prefixes).anyMatch(c::startsWith)).collect(Collectors.toList());
    }

    public Gateways gateways() {
        return new Gateways(proxy(StsGateway.class), proxy(Ec2Gateway.class), proxy(EcsGateway.class),
                proxy(ElbGateway.class), proxy(IamGateway.class), proxy(SsmGateway.class), proxy(LogsGateway.class),
                proxy(QuotaGateway.class));
    }

    /** An AWS refusal, as the SDK gateways raise it. */
    public static AwsCallException refusal(String operation, String code, String message) {
        return new AwsCallException(operation, code, message, "fake-request", 400, null);
    }

    private static final List<Class<?>> TYPES = List.of(StsGateway.class, Ec2Gateway.class, EcsGateway.class,
            ElbGateway.class, IamGateway.class, SsmGateway.class, LogsGateway.class);

    private static String prefix(Class<?> type) {
        return type.getSimpleName().replace("Gateway", "").toLowerCase();
    }

    private <T> T proxy(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "Fake" + type.getSimpleName() : method.invoke(this,
                        args);
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object[] given = args == null ? new Object[0] : args;
            String key = prefix(type) + "." + method.getName();
            calls.add(key + Arrays.stream(given).filter(a -> a instanceof String || a instanceof Number)
                    .map(a -> " " + a).collect(Collectors.joining()));
            Function<Object[], Object> answer = answers.get(key);
            if (answer == null) {
                throw new AssertionError("unexpected call " + key + Arrays.toString(given));
            }
            return answer.apply(given);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
