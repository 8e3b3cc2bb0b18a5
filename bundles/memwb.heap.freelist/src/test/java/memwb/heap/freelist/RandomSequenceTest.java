package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.heap.HeapMemory;
import memwb.heap.support.testing.HeapRig;

/**
 * Seeded random sequences of malloc, free, realloc, calloc and alignedAlloc against a host-side
 * model of the live blocks and their patterns: check() after every operation, every live block
 * keeps its bytes, no two live blocks overlap, and the frames the heap holds are its mapped pages.
 */
class RandomSequenceTest {
    private static final int OPS = 400;

    /** A live block in the model: its requested size and the seed of its pattern. */
    private record Live(long size, long seed) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyOperationLeavesASoundHeapAndEveryBlockItsBytes(long seed) {
        run(HeapRig.standard(), seed, OPS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "5-level"})
    void theHeapWorksTheSameInEveryPagingMode(String mode) {
        run(HeapRig.of(mode, 32 * HeapRig.MIB, 16 * HeapRig.MIB), mode.hashCode(), OPS / 2);
    }

    private static void run(HeapRig rig, long seed, int ops) {
        HeapMemory mem = rig.memory;
        FreeListHeap heap = FreeListHeap.create(mem, null, Map.of("trim", "8192"));
        Random random = new Random(seed);
        TreeMap<Long, Live> model = new TreeMap<>(Long::compareUnsigned);
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            int op = random.nextInt(10);
            long n = random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(300);
            String what;
            if (op < 4 || model.isEmpty()) {
                what = "malloc(" + n + ")";
                long p = heap.malloc(n);
                add(mem, model, order, p, n, i);
            } else if (op < 7) {
                long p = order.remove(random.nextInt(order.size()));
                what = String.format("free(0x%x)", p);
                Live l = model.remove(p);
                Heaps.assertPattern(mem, p, (int) l.size, l.seed);
                heap.free(p);
            } else if (op == 7) {
                int k = random.nextInt(order.size());
                long p = order.get(k);
                Live l = model.get(p);
                what = String.format("realloc(0x%x, %d)", p, n);
                long q = heap.realloc(p, n);
                if (n == 0) {
                    assertEquals(0, q);
                    order.remove(k);
                    model.remove(p);
                } else {
                    assertNotEquals(0, q);
                    Heaps.assertPattern(mem, q, (int) Math.min(n, l.size), l.seed);
                    order.remove(k);
                    model.remove(p);
                    add(mem, model, order, q, n, i);
                }
            } else if (op == 8) {
                what = "calloc(" + n + ")";
                long p = heap.calloc(1, n);
                byte[] zero = new byte[(int) n];
                mem.read(p, zero, 0, zero.length);
                for (byte x : zero) {
                    assertEquals(0, x, what);
                }
                add(mem, model, order, p, n, i);
            } else {
                long align = 1L << (4 + random.nextInt(9));
                what = "alignedAlloc(" + align + ", " + n + ")";
                long p = heap.alignedAlloc(align, n);
                assertEquals(0, p % align, what);
                add(mem, model, order, p, n, i);
            }
            assertEquals(List.of(), heap.check(), "after op " + i + ": " + what);
            assertEquals(model.size(), heap.stats().liveBlocks(), what);
            assertEquals(mem.mappedPages(), rig.heapFrames(), "frames owned by HEAP are the mapped pages, " + what);
            long previousEnd = mem.base();
            for (Map.Entry<Long, Live> e : model.entrySet()) {
                assertTrue(Long.compareUnsigned(e.getKey(), previousEnd) >= 0, String.format("0x%x overlaps the block before it", e.getKey()));
                assertTrue(heap.usableSize(e.getKey()) >= e.getValue().size);
                previousEnd = e.getKey() + e.getValue().size;
            }
        }
        for (Map.Entry<Long, Live> e : model.entrySet()) {
            Heaps.assertPattern(mem, e.getKey(), (int) e.getValue().size, e.getValue().seed);
            heap.free(e.getKey());
        }
        assertEquals(List.of(), heap.check());
        assertTrue(mem.mappedPages() <= 1 + 8192 / HeapRig.PAGE, "an empty heap trims to its threshold: "
                + mem.mappedPages());
    }

    private static void add(HeapMemory mem, TreeMap<Long, Live> model, List<Long> order, long p, long n, long seed) {
        assertNotEquals(0, p);
        Heaps.fillPattern(mem, p, (int) n, seed);
        model.put(p, new Live(n, seed));
        order.add(p);
    }
}
