package memwb.views.heap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapStats;

class HeapHistoryTest {
    @Test
    void utilisationIsLiveOverMappedAndFragmentationComparesTheLargestFreeBlockWithAllFreeBytes() {
        HeapSample s = HeapSample.of(7, new HeapStats(3, 1024, 2, 2048, 512, 8192, 3, 0, 0));
        assertEquals(7, s.version());
        assertEquals(8192, s.mappedBytes());
        assertEquals(1024, s.liveBytes());
        assertEquals(0.125, s.utilisation(), 1e-12);
        assertEquals(0.75, s.fragmentation(), 1e-12);
    }

    @Test
    void anEmptyHeapIsNeitherUtilisedNorFragmented() {
        HeapSample s = HeapSample.of(1, new HeapStats(0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0, s.utilisation());
        assertEquals(0, s.fragmentation());
    }

    @Test
    void oneSamplePerVersionAndTheOldestGoBeyondCapacity() {
        HeapHistory h = new HeapHistory(3);
        for (long v = 1; v <= 5; v++) {
            h.add(sample(v, v * 100));
            h.add(sample(v, v * 100)); // polled again at the same version: no new point
        }
        assertArrayEquals(new double[] { 300, 400, 500 }, h.series(HeapSample::liveBytes));
        h.clear();
        assertEquals(0, h.samples().size());
    }

    @Test
    void aPolylineSpansTheBoxWithZeroAtTheBottomAndTheMaximumAtTheTop() {
        int[] p = HeapHistory.polyline(new double[] { 0, 50, 100 }, 10, 20, 101, 51, 100);
        assertArrayEquals(new int[] { 10, 70, 60, 45, 110, 20 }, p);
        assertArrayEquals(new int[] { 0, 9 }, HeapHistory.polyline(new double[] { 0 }, 0, 0, 10, 10, 0),
                "a single point sits at the left; a zero maximum does not divide by zero");
        assertEquals(100, HeapHistory.max(new double[] { 3, 100, 7 }));
    }

    @Test
    void aHistoryTooShortToPlotIsRefused() {
        assertEquals("capacity 1: a plot needs at least 2 samples",
                assertThrows(IllegalArgumentException.class, () -> new HeapHistory(1)).getMessage());
    }

    private static HeapSample sample(long version, long live) {
        return HeapSample.of(version, new HeapStats(1, live, 0, 0, 0, 4096, 1, 0, 0));
    }
}
