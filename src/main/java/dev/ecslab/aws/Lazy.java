package dev.ecslab.aws;

import java.util.function.Supplier;

/**
 * Makes a value on first use, once, even when steps ask from several threads at the same time. SDK clients are
 * built this way: building the seven a command does not need would cost a CLI about a second of start-up.
 */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
