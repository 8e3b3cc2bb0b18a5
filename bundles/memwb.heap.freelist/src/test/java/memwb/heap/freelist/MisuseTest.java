package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.heap.support.testing.HeapRig;

/** Every misuse is refused with a HeapException naming the address, and the heap stays byte-for-byte as it was. */
class MisuseTest {
    private final HeapRig rig = HeapRig.standard();
    private final HeapMemory mem = rig.memory;
    private final FreeListHeap heap = Heaps.on(rig);
    private long a;
    private long b;
    private long freed;
    /** The live blocks whose patterns a refused call must leave alone (a test that writes into one drops it). */
    private final java.util.Set<Long> patterned = new java.util.HashSet<>();

    @BeforeEach
    void someBlocks() {
        a = heap.malloc(100);
        freed = heap.malloc(200);
        b = heap.malloc(300);
        heap.malloc(40);
        Heaps.fillPattern(mem, a, 100, 1);
        Heaps.fillPattern(mem, b, 300, 2);
        heap.free(freed);
        patterned.add(a);
        patterned.add(b);
        assertEquals(List.of(), heap.check());
    }

    /** Runs {@code call}, expects a HeapException naming {@code address} and containing {@code words}; nothing changes. */
    private void refused(long address, String words, Executable call) {
        Heaps.Snapshot before = Heaps.Snapshot.of(heap, mem);
        HeapException e = assertThrows(HeapException.class, call);
        assertEquals(address, e.address(), e.getMessage());
        assertTrue(e.getMessage().contains(String.format("0x%x", address)), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        before.assertSame(Heaps.Snapshot.of(heap, mem));
        if (patterned.contains(a)) {
            Heaps.assertPattern(mem, a, 100, 1);
        }
        if (patterned.contains(b)) {
            Heaps.assertPattern(mem, b, 300, 2);
        }
    }

    @Test
    void doubleFreeIsRefusedAndLeavesTheHeapIntact() {
        refused(freed, "double free", () -> heap.free(freed));
    }

    @Test
    void doubleFreeAfterCoalescingStillNamesTheAddress() {
        heap.free(a); // merges with the freed block on its right
        patterned.remove(a);
        refused(freed, "inside the free block", () -> heap.free(freed));
        refused(a, "double free", () -> heap.free(a));
    }

    @Test
    void freeingAPointerInsideABlockIsRefused() {
        refused(b + 32, String.format("inside the live block at 0x%x", b - 8), () -> heap.free(b + 32));
    }

    @Test
    void aPointerInsideABlockIsRefusedEvenWhenItsBytesForgeAHeader() {
        long fake = b + 64;
        patterned.remove(b);
        mem.write64(fake - 8, 48 | 1);
        mem.write64(fake - 8 + 48 - 8, 48 | 1);
        refused(fake, "not a block start", () -> heap.free(fake));
    }

    @Test
    void misalignedAndOutsidePointersAreRefused() {
        refused(a + 8, "16-byte aligned", () -> heap.free(a + 8));
        refused(mem.base() + 16, "outside the heap's blocks", () -> heap.free(mem.base() + 16));
        refused(mem.limit() + 4096, "outside", () -> heap.free(mem.limit() + 4096));
        refused(0x1000, "outside", () -> heap.free(0x1000));
    }

    @Test
    void reallocOfAFreedBlockIsRefused() {
        refused(freed, "freed already", () -> heap.realloc(freed, 50));
    }

    @Test
    void usableSizeOfANonBlockIsRefused() {
        refused(b + 16, "not a block start", () -> heap.usableSize(b + 16));
    }

    @Test
    void aRequestLargerThanTheRangeIsRefusedNamingTheRange() {
        refused(mem.limit(), "can ever hold", () -> heap.malloc(mem.limit() - mem.base()));
        refused(mem.limit(), "can ever hold", () -> heap.realloc(a, Long.MAX_VALUE));
        refused(mem.limit(), "can ever hold", () -> heap.calloc(1L << 20, 1L << 20));
    }

    @Test
    void aBadAlignmentIsRefused() {
        refused(24, "power of two", () -> heap.alignedAlloc(24, 16));
        refused(0, "power of two", () -> heap.alignedAlloc(0, 16));
    }

    @Test
    void freeOfNullDoesNothing() {
        Heaps.Snapshot before = Heaps.Snapshot.of(heap, mem);
        heap.free(0);
        before.assertSame(Heaps.Snapshot.of(heap, mem));
    }

    @Test
    void checkNamesTheFirstBrokenBlock() {
        long header = b - 8;
        mem.write64(header + 320 - 8, 0x1234); // b's footer: b is a block of 320 bytes
        List<String> problems = heap.check();
        assertTrue(problems.get(0).startsWith(String.format("block at 0x%x: footer", header)), problems.toString());
        mem.write64(header + 320 - 8, 320 | 1);
        assertEquals(List.of(), heap.check());
        mem.write64(a - 8, 8); // a's size below the minimum, and marked free
        problems = heap.check();
        assertTrue(problems.get(0).startsWith(String.format("block at 0x%x: header 0x8", a - 8)), problems.toString());
    }

    @Test
    void checkFindsAFreeBlockMissingFromItsList() {
        long h = freed - 8;
        long next = mem.read64(h + Tags.NEXT);
        int bin = Bins.binOf(Tags.size(mem.read64(h)));
        long headAddr = mem.base() + Bins.HEADS_OFFSET + bin * 8L;
        mem.write64(headAddr, next);
        List<String> problems = heap.check();
        assertTrue(problems.stream().anyMatch(p -> p.contains(String.format("free block at 0x%x", h))
                && p.contains("on no free list")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("head in RAM")), problems.toString());
    }
}
