package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {
    private static final long DELAY_MILLIS = 100;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aBurstOfRequestsRunsTheTaskOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        Coalescer c = new Coalescer(pool, DELAY_MILLIS, () -> {
            runs.incrementAndGet();
            ran.countDown();
        });
        for (int i = 0; i < 500; i++) {
            c.request();
        }
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        Thread.sleep(3 * DELAY_MILLIS);
        assertEquals(1, runs.get());
    }

    @Test
    void aRequestWhileTheTaskRunsCausesOneMoreRunSoTheLastChangeIsSeen() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inFirstRun = new CountDownLatch(1);
        CountDownLatch releaseFirstRun = new CountDownLatch(1);
        CountDownLatch secondRun = new CountDownLatch(1);
        Coalescer c = new Coalescer(pool, DELAY_MILLIS, () -> {
            if (runs.incrementAndGet() == 1) {
                inFirstRun.countDown();
                await(releaseFirstRun);
            } else {
                secondRun.countDown();
            }
        });
        c.request();
        assertTrue(inFirstRun.await(5, TimeUnit.SECONDS));
        c.request();
        c.request();
        releaseFirstRun.countDown();
        assertTrue(secondRun.await(5, TimeUnit.SECONDS));
        Thread.sleep(3 * DELAY_MILLIS);
        assertEquals(2, runs.get());
    }

    @Test
    void theTaskWaitsForTheDelayBeforeRunning() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        long t0 = System.nanoTime();
        long[] at = new long[1];
        new Coalescer(pool, DELAY_MILLIS, () -> {
            at[0] = System.nanoTime();
            ran.countDown();
        }).request();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertTrue((at[0] - t0) / 1_000_000 >= DELAY_MILLIS - 5, "ran after " + (at[0] - t0) / 1_000_000 + " ms");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
