package memwb.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a burst of requests into one run of a task: a framework start fires hundreds of bundle and
 * service events, and the view should refresh once after them, not hundreds of times.
 */
final class Coalescer {
    private final Executor runner;
    private final Runnable task;
    private final AtomicBoolean pending = new AtomicBoolean();

    /** Runs {@code task} on {@code executor} at most once per {@code delayMillis} of requests. */
    Coalescer(Executor executor, long delayMillis, Runnable task) {
        this.runner = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, executor);
        this.task = task;
    }

    /**
     * Asks for one run of the task after the delay; requests made before that run starts join it,
     * requests made while it runs cause one more run, so the last state is never missed.
     */
    void request() {
        if (pending.compareAndSet(false, true)) {
            runner.execute(() -> {
                pending.set(false);
                task.run();
            });
        }
    }
}
