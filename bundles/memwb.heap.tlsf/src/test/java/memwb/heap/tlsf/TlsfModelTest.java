package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapState;

/** Random malloc/free/realloc/calloc/alignedAlloc against a model of the live blocks, checking the heap after every step. */
class TlsfModelTest {
    private final Random rnd = new Random(42);

    @Test
    void randomOperationsKeepEveryBlocksBytesNoOverlapAndASoundHeap() {
        run(Map.of("keep.pages", "0"));
    }

    @Test
    void theSameWithFreePagesKeptForReuse() {
        run(Map.of());
    }

    @Test
    void theSameWithOneArena() {
        run(Map.of("arenas", "1"));
    }

    @Test
    void theSameWithSlabPagesFromTheFirstSmallBlock() {
        run(Map.of("slab.threshold", "0", "keep.pages", "0"));
    }

    @Test
    void theSameWithSlabsUpTo256BytesOpeningAfterFourBlocks() {
        run(Map.of("slab.threshold", "4", "slab.max", "256"));
    }

    private void run(Map<String, String> options) {
        HostHeapMemory mem = TlsfHeapTest.memory();
        TlsfHeap heap = TlsfHeap.create(mem, null, options);
        List<long[]> live = new ArrayList<>(); // payload, size, tag
        long mostSlabPages = 0;
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(10);
            if (live.isEmpty() || op < 4) {
                long size = randomSize();
                long p = op == 0 ? heap.calloc(1, size) : op == 1 ? heap.alignedAlloc(64L << rnd.nextInt(6), size) : heap.malloc(size);
                live.add(stamp(mem, p, size, step));
            } else if (op < 8) {
                long[] b = live.remove(rnd.nextInt(live.size()));
                verify(mem, b);
                heap.free(b[0]);
            } else {
                int i = rnd.nextInt(live.size());
                long[] b = live.get(i);
                verify(mem, b);
                long size = randomSize();
                long p = heap.realloc(b[0], size);
                long kept = Math.min(size, b[1]);
                verify(mem, new long[] {p, kept, b[2]});
                live.set(i, stamp(mem, p, size, step));
            }
            TlsfHeapTest.assertSound(heap);
            noOverlap(heap, live);
            mostSlabPages = Math.max(mostSlabPages, heap.slabs.pageCount());
        }
        if (options.containsKey("slab.threshold")) {
            assertTrue(mostSlabPages > 1, "slots were handed out: up to " + mostSlabPages + " slab pages");
        }
        // Adopting its own export keeps every block and its bytes (the control block wiped, as another
        // heap's would be, so this is adoption and not a reopen of RAM as it is).
        HeapState state = heap.exportState();
        mem.write64(mem.base(), 0);
        TlsfHeap adopted = TlsfHeap.create(mem, state, Map.of("keep.pages", "0"));
        TlsfHeapTest.assertSound(adopted);
        assertEquals(heap.slabs.pageCount(), adopted.slabs.pageCount(), "the slab pages adopted as slab pages");
        for (long[] b : live) {
            verify(mem, b);
            adopted.free(b[0]);
        }
        TlsfHeapTest.assertSound(adopted);
        assertEquals(1, mem.mappedPages());
    }

    private long randomSize() {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(40_000) : rnd.nextInt(300);
    }

    private static long[] stamp(HostHeapMemory mem, long p, long size, long tag) {
        assertTrue(p != 0 && p % 16 == 0);
        byte[] data = new byte[(int) size];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (tag * 31 + i);
        }
        mem.write(p, data, 0, data.length);
        return new long[] {p, size, tag};
    }

    private static void verify(HostHeapMemory mem, long[] b) {
        byte[] data = new byte[(int) b[1]];
        mem.read(b[0], data, 0, data.length);
        for (int i = 0; i < data.length; i++) {
            if (data[i] != (byte) (b[2] * 31 + i)) {
                throw new AssertionError("block 0x" + Long.toHexString(b[0]) + " byte " + i + " changed");
            }
        }
    }

    private static void noOverlap(TlsfHeap heap, List<long[]> live) {
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (long[] b : live) {
            long end = b[0] + heap.usableSize(b[0]);
            assertTrue(heap.usableSize(b[0]) >= b[1]);
            var below = ranges.floorEntry(b[0]);
            var above = ranges.ceilingEntry(b[0]);
            assertTrue(below == null || below.getValue() <= b[0], "overlap at 0x" + Long.toHexString(b[0]));
            assertTrue(above == null || above.getKey() >= end, "overlap at 0x" + Long.toHexString(b[0]));
            ranges.put(b[0], end);
        }
    }
}
