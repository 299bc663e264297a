package dev.ecslab.aws;

/** One look at something being waited for: still pending (with its status), done (with a value), or decided failed. */
public sealed interface Poll<T> {
    record Pending<T>(String status) implements Poll<T> { }

    record Done<T>(T value, String status) implements Poll<T> { }

    record Failed<T>(String reason) implements Poll<T> { }

    static <T> Poll<T> pending(String status) {
        return new Pending<>(status);
    }

    static <T> Poll<T> done(T value, String status) {
        return new Done<>(value, status);
    }

    static <T> Poll<T> failed(String reason) {
        return new Failed<>(reason);
    }
}
