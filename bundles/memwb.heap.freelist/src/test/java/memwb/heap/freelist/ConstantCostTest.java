package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.heap.support.testing.HeapRig;

/**
 * free and the bin search cost the same number of RAM accesses whether the heap holds ten free
 * blocks or thousands (counted through the memory, never timed): the reference allocator's O(n)
 * walks are not inherited.
 */
class ConstantCostTest {
    /** A heap with {@code n} free 48-byte blocks, each between live ones, and a free 8 KiB block. */
    private static final class Scene {
        final CountingMemory mem;
        final FreeListHeap heap;
        final long left;
        final long middle;
        final long right;

        Scene(int n) {
            HeapRig rig = HeapRig.standard();
            mem = new CountingMemory(rig.memory);
            heap = FreeListHeap.create(mem, null, Map.of("trim", "0x1000000"));
            long[] spaced = new long[n];
            for (int i = 0; i < n; i++) {
                spaced[i] = heap.malloc(32);
                heap.malloc(32);
            }
            for (long p : spaced) {
                heap.free(p);
            }
            long big = heap.malloc(8000);
            heap.malloc(32);
            heap.free(big);
            left = heap.malloc(64);
            middle = heap.malloc(64);
            right = heap.malloc(64);
            heap.malloc(64);
            heap.free(left);
            heap.free(right);
            assertEquals(List.of(), heap.check());
            assertTrue(heap.stats().freeBlocks() >= n);
        }

        long cost(Runnable op) {
            long before = mem.accesses;
            op.run();
            return mem.accesses - before;
        }
    }

    @Test
    void freeWithCoalescingCostsTheSameForTenOrThousandsOfFreeBlocks() {
        Scene few = new Scene(10);
        Scene many = new Scene(3000);
        long costFew = few.cost(() -> few.heap.free(few.middle));
        long costMany = many.cost(() -> many.heap.free(many.middle));
        assertEquals(costFew, costMany);
        assertTrue(costFew <= 24, "free touches few words: " + costFew);
    }

    @Test
    void binSearchCostsTheSameForTenOrThousandsOfFreeBlocks() {
        Scene few = new Scene(10);
        Scene many = new Scene(3000);
        long costFew = few.cost(() -> few.heap.malloc(5000));
        long costMany = many.cost(() -> many.heap.malloc(5000));
        assertEquals(costFew, costMany, "skipping thousands of small free blocks is a bitmap scan");
        long small = few.cost(() -> few.heap.malloc(32));
        long smallMany = many.cost(() -> many.heap.malloc(32));
        assertEquals(small, smallMany);
        assertTrue(small <= 16, "malloc from an exact bin touches few words: " + small);
    }

    @Test
    void growthAfterAFailedSearchDoesNotWalkTheBlocks() {
        Scene few = new Scene(10);
        Scene many = new Scene(3000);
        long costFew = few.cost(() -> few.heap.malloc(100_000));
        long costMany = many.cost(() -> many.heap.malloc(100_000));
        assertEquals(costFew, costMany);
    }
}
