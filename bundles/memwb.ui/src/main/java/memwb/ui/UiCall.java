package memwb.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs work on the UI thread and waits for its answer without ever hanging: the work is posted
 * asynchronously and awaited in short slices, so a display that goes away or a UI thread that is
 * blocked gives a clear error instead of a deadlock (a plain {@code syncExec} can wait forever).
 */
final class UiCall {
    /** How long a caller waits for the UI thread before giving up. */
    static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
    /** How often a waiting caller checks that the display is still alive. */
    private static final long POLL_MILLIS = 50;

    private UiCall() {
    }

    /**
     * Runs {@code work} through {@code ui} (which must execute it on the UI thread) and returns its
     * result. Throws IllegalStateException if the UI is gone ({@code alive} false) or does not answer
     * within {@code timeoutMillis}; rethrows the work's own RuntimeException unchanged.
     */
    static <T> T call(Executor ui, BooleanSupplier alive, long timeoutMillis, Callable<T> work) {
        if (!alive.getAsBoolean()) {
            throw new IllegalStateException("The workbench window is not open (its display is disposed)");
        }
        FutureTask<T> task = new FutureTask<>(work);
        try {
            ui.execute(task);
        } catch (RuntimeException e) { // SWTException "Device is disposed" or a rejected post
            throw new IllegalStateException("The workbench window is not open: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                return task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!alive.getAsBoolean()) {
                    task.cancel(false);
                    throw new IllegalStateException("The workbench window closed before the UI thread ran the request");
                }
                if (System.nanoTime() > deadline) {
                    task.cancel(false);
                    throw new IllegalStateException("The UI thread did not answer within " + timeoutMillis
                            + " ms (it is busy or blocked)");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the UI thread", e);
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("The workbench window is not open", e);
            }
        }
    }
}
