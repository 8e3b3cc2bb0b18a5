package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.vmm.Access;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.Privilege;
import memwb.heap.support.testing.HeapRig;

/** The heap over a real MMU, page tables and frame allocator (memwb.heap.support's HeapRig). */
class TlsfOverMmuTest {
    @Test
    void headersAreBytesInRamAtTheTranslatedAddressAndDestroyGivesBackEveryFrame() {
        HeapRig rig = HeapRig.standard();
        long freeBefore = rig.freeFrames();
        TlsfHeap heap = TlsfHeap.create(rig.memory, null, Map.of());
        long p = heap.malloc(100);
        long pa = rig.mmu().translate(p - 8, Access.READ, Privilege.SUPERVISOR);
        assertTrue(!Mmu.isFault(pa));
        assertEquals(112, rig.ram.read64(pa), "the header in RAM says 112 bytes, allocated");
        Random rnd = new Random(5);
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            if (live.isEmpty() || rnd.nextBoolean()) {
                live.add(heap.malloc(rnd.nextInt(20_000)));
            } else {
                heap.free(live.remove(rnd.nextInt(live.size())));
            }
        }
        TlsfHeapTest.assertSound(heap);
        assertEquals(heap.stats().mappedBytes() / HeapRig.PAGE, rig.heapFrames(), "every mapped page is a HEAP frame");
        heap.destroy();
        assertEquals(0, rig.heapFrames());
        assertEquals(freeBefore, rig.freeFrames(), "no frame lost, page tables included");
    }

    @Test
    void outOfFramesOverTheRealAllocatorReturnsZeroAndTakesNothing() {
        HeapRig rig = HeapRig.standard();
        TlsfHeap heap = TlsfHeap.create(rig.memory, null, Map.of());
        heap.malloc(64);
        rig.leaveFreeFrames(3);
        long heapFrames = rig.heapFrames();
        assertEquals(0, heap.malloc(1 << 20));
        assertEquals(heapFrames, rig.heapFrames());
        TlsfHeapTest.assertSound(heap);
        rig.releaseHoggedFrames();
        assertTrue(heap.malloc(1 << 20) != 0);
    }
}
