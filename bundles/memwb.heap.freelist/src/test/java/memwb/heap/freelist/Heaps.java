package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapMemory;
import memwb.heap.support.testing.HeapRig;
import memwb.heap.support.testing.Patterns;

/** Test helpers: a heap on a fresh rig, byte patterns, and the heap's whole state for before/after comparisons. */
final class Heaps {
    private Heaps() {
    }

    static FreeListHeap on(HeapRig rig) {
        return FreeListHeap.create(rig.memory, null, Map.of());
    }

    /** Writes a pattern derived from {@code seed} into {@code length} bytes at {@code va}. */
    static void fillPattern(HeapMemory mem, long va, int length, long seed) {
        Patterns.fill(mem, va, length, seed);
    }

    static void assertPattern(HeapMemory mem, long va, int length, long seed) {
        Patterns.check(mem, va, length, seed);
    }

    /** Everything a refused call must leave alone: blocks, lists, check, counters, and every byte of the mapped heap. */
    record Snapshot(List<HeapBlock> blocks, Object lists, List<String> check, Object stats, long version, byte[] bytes) {
        static Snapshot of(Heap heap, HeapMemory mem) {
            long end = mem.base() + mem.mappedPages() * HeapRig.PAGE;
            byte[] bytes = new byte[(int) (end - mem.base())];
            mem.read(mem.base(), bytes, 0, bytes.length);
            return new Snapshot(heap.blocks(), heap.freeLists(), heap.check(), heap.stats(), heap.version(), bytes);
        }

        void assertSame(Snapshot after) {
            assertEquals(blocks, after.blocks);
            assertEquals(lists, after.lists);
            assertEquals(check, after.check);
            assertEquals(stats, after.stats);
            assertEquals(version, after.version);
            assertArrayEquals(bytes, after.bytes, "heap bytes changed");
        }
    }
}
