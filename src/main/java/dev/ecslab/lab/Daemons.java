package dev.ecslab.lab;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads a command works on beside its main one (steps, deletes, reads). Daemons: the command ends when its
 * main thread does (a result, an error, Ctrl-C), whatever AWS call one of them still waits on.
 */
public final class Daemons {
    private Daemons() {
    }

    public static Thread thread(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    /** Waits for work done on one of these threads; its failure is thrown as it was thrown there. */
    public static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** A pool of {@code size} (at least one) daemon threads named {@code name}. */
    public static ExecutorService pool(String name, int size) {
        return Executors.newFixedThreadPool(Math.max(1, size), work -> thread(name, work));
    }
}
