package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UiCallTest {
    private final ExecutorService ui = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        ui.shutdownNow();
    }

    @Test
    void returnsTheResultComputedOnTheUiExecutor() {
        String thread = UiCall.call(ui, () -> true, 1_000, () -> Thread.currentThread().getName());
        assertTrue(thread.startsWith("pool-"), thread);
    }

    @Test
    void rethrowsTheWorksOwnRuntimeExceptionUnchanged() {
        IllegalArgumentException thrown = new IllegalArgumentException("No view with id x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UiCall.call(ui, () -> true, 1_000, () -> {
                    throw thrown;
                }));
        assertSame(thrown, e);
    }

    @Test
    void aUiThreadThatNeverRunsTheWorkGivesATimeoutErrorNotAHang() {
        Executor blackHole = r -> { };
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UiCall.call(blackHole, () -> true, 200, () -> "never"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("did not answer within 200 ms"), e.getMessage());
        assertTrue(millis >= 200 && millis < 5_000, "waited " + millis + " ms");
    }

    @Test
    void aDisplayThatGoesAwayWhileWaitingFailsFastWithAClearMessage() {
        AtomicBoolean alive = new AtomicBoolean(true);
        Executor dropsAndDies = r -> alive.set(false);
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UiCall.call(dropsAndDies, alive::get, 60_000, () -> "never"));
        assertTrue(e.getMessage().contains("closed before the UI thread ran"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000);
    }

    @Test
    void aDisplayAlreadyGoneIsRefusedBeforePosting() {
        AtomicBoolean posted = new AtomicBoolean();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UiCall.call(r -> posted.set(true), () -> false, 1_000, () -> "x"));
        assertTrue(e.getMessage().contains("not open"), e.getMessage());
        assertEquals(false, posted.get());
    }

    @Test
    void anExecutorThatRefusesThePostGivesAClearError() {
        Executor disposed = r -> {
            throw new RuntimeException("Device is disposed");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UiCall.call(disposed, () -> true, 1_000, () -> "x"));
        assertTrue(e.getMessage().contains("not open: Device is disposed"), e.getMessage());
    }
}
