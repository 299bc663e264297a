package dev.ecslab.aws;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LazyTest {
    @Test
    void makes_nothing_until_asked_then_exactly_once() {
        AtomicInteger made = new AtomicInteger();
        Lazy<Object> lazy = new Lazy<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        assertEquals(0, made.get());
        Object first = lazy.get();
        assertSame(first, lazy.get());
        assertEquals(1, made.get());
    }

    @Test
    void threads_asking_at_once_share_one_value() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        Lazy<Integer> lazy = new Lazy<>(made::incrementAndGet);
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(lazy::get);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, lazy.get());
        assertEquals(1, made.get());
    }
}
