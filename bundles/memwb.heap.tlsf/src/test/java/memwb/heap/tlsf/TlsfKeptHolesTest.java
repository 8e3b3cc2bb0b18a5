package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Free holes kept mapped under the high-water mark: reused without the VMM, given back oldest first
 * before the mapped pages would pass the mark, all given back when frames run out, and never a page
 * more at the peak than a heap that unmaps every hole at once.
 */
class TlsfKeptHolesTest {
    private static final long PAGE = HostHeapMemory.PAGE_SIZE;

    @Test
    void keptHolesNeverRaiseThePeakFootprintAboveAHeapThatGivesEveryHoleBack() {
        HostHeapMemory keepingMem = TlsfHeapTest.memory();
        HostHeapMemory eagerMem = TlsfHeapTest.memory();
        TlsfHeap keeping = TlsfHeap.create(keepingMem, null, Map.of());
        TlsfHeap eager = TlsfHeap.create(eagerMem, null, Map.of("keep.pages", "0"));
        Random rnd = new Random(7);
        List<Long> live = new ArrayList<>();
        long eagerPeak = eagerMem.mappedPages();
        long keepingPeak = keepingMem.mappedPages();
        long kept = 0;
        for (int step = 0; step < 4000; step++) {
            if (live.isEmpty() || rnd.nextInt(10) < 5) {
                long size = rnd.nextInt(4) == 0 ? rnd.nextInt(60_000) : rnd.nextInt(300);
                long p = keeping.malloc(size);
                assertEquals(eager.malloc(size), p, "same placement at step " + step);
                live.add(p);
            } else {
                long p = live.remove(rnd.nextInt(live.size()));
                keeping.free(p);
                eager.free(p);
            }
            eagerPeak = Math.max(eagerPeak, eagerMem.mappedPages());
            keepingPeak = Math.max(keepingPeak, keepingMem.mappedPages());
            assertTrue(keepingPeak <= eagerPeak, "step " + step + ": peak " + keepingPeak + " pages, giving every hole back " + eagerPeak);
            kept = Math.max(kept, keeping.retainedPages);
            if (step % 50 == 0) {
                TlsfHeapTest.assertSound(keeping);
            }
        }
        TlsfHeapTest.assertSound(keeping);
        assertEquals(eagerPeak, keepingPeak);
        assertTrue(kept > 20, "the keeping heap did keep holes: at most " + kept + " pages at once");
    }

    @Test
    void aFreedHoleIsReusedWithoutMappingWhileTheHeapIsBelowItsPeak() {
        HostHeapMemory mem = TlsfHeapTest.memory();
        TlsfHeap heap = TlsfHeap.create(mem, null, Map.of());
        long a = heap.malloc(40 * PAGE);
        heap.malloc(1000); // keeps a off the top (a large request: same arena)
        long mapped = mem.mappedPages();
        heap.free(a);
        assertEquals(mapped, mem.mappedPages(), "the hole stays mapped");
        assertTrue(heap.retainedPages >= 38, "kept: " + heap.retainedPages);
        assertTrue(mem.read64(TlsfHeapTest.BASE + TlsfHeap.KEPT_HEAD_OFFSET) != 0, "on the kept-hole list in RAM");
        TlsfHeapTest.assertSound(heap);
        assertEquals(a, heap.malloc(20 * PAGE), "carved from the kept hole");
        assertEquals(mapped, mem.mappedPages(), "no page mapped for it");
        assertTrue(heap.retainedPages > 0, "the rest of the hole stays kept");
        TlsfHeapTest.assertSound(heap);
    }

    @Test
    void keptHolesGoBackOldestFirstBeforeTheMappedPagesWouldPassThePeak() {
        HostHeapMemory mem = TlsfHeapTest.memory();
        TlsfHeap heap = TlsfHeap.create(mem, null, Map.of("keep.pages", "1"));
        long[] blocks = new long[3];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = heap.malloc(3 * PAGE);
            heap.malloc(1000); // a guard in the same (large) arena
        }
        for (long b : blocks) {
            heap.free(b); // oldest kept: blocks[0]
        }
        long peak = heap.highWater;
        assertEquals(peak, mem.mappedPages());
        long grown = heap.malloc(4 * PAGE); // fits no 3-page hole: grows at the top
        assertNotEquals(0, grown);
        assertEquals(peak, heap.highWater, "growing took kept pages back instead of passing the peak");
        assertTrue(mem.mappedPages() <= peak);
        boolean[] unmapped = new boolean[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            unmapped[i] = !mem.isMapped(blocks[i] - TlsfHeap.HEADER + PAGE + PAGE / 2);
        }
        assertTrue(unmapped[0], "the oldest hole went first");
        assertFalse(unmapped[2], "the newest hole is still kept");
        TlsfHeapTest.assertSound(heap);
    }

    @Test
    void whenFramesRunOutKeptHolesGoBackBeforeAMallocFails() {
        HostHeapMemory mem = TlsfHeapTest.memory();
        TlsfHeap heap = TlsfHeap.create(mem, null, Map.of("keep.pages", "1"));
        long a = heap.malloc(20 * PAGE);
        heap.malloc(1000);
        long b = heap.malloc(30 * PAGE);
        heap.free(b); // the top retreats: its pages go back, so the heap is far below its peak
        heap.free(a); // kept
        long keptPages = heap.retainedPages;
        assertTrue(keptPages >= 18, "kept: " + keptPages);

        mem.setBudget(0);
        assertEquals(0, heap.malloc(25 * PAGE), "no frames even with the kept hole given back");
        assertEquals(0, heap.retainedPages, "the kept hole went back to make room");
        TlsfHeapTest.assertSound(heap);

        a = heap.malloc(20 * PAGE); // a's hole is unmapped now: takes what it gave back
        heap.free(a);
        mem.setBudget(10);
        long c = heap.malloc(25 * PAGE);
        assertNotEquals(0, c, "10 free frames and the kept hole's pages are enough");
        assertEquals(0, heap.retainedPages);
        TlsfHeapTest.assertSound(heap);
    }
}
