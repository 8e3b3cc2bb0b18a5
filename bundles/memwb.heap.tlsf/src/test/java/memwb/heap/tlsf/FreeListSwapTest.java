package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.heap.Heap;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.heap.freelist.FreeListHeap;
import memwb.heap.support.testing.HeapRig;

/**
 * Hot swap both ways with the real free-list heap over a real MMU: every live block keeps its address
 * and bytes; a swap the free-list heap refuses (its 16 bytes of tags do not fit between TLSF's packed
 * blocks) leaves TLSF working.
 */
class FreeListSwapTest {
    @Test
    void blocksSurviveSwapsBetweenFreelistAndTlsfWhileTheHeapIsInUse() {
        HeapRig rig = HeapRig.standard();
        HeapMemory mem = rig.memory;
        Random rnd = new Random(9);
        List<long[]> live = new ArrayList<>();
        Heap heap = FreeListHeap.create(mem, null, Map.of());
        int adoptions = 0;
        int refusals = 0;
        for (int swap = 0; swap < 20; swap++) {
            for (int i = 0; i < 200; i++) {
                if (live.isEmpty() || rnd.nextInt(3) > 0) {
                    long size = rnd.nextInt(4) == 0 ? rnd.nextInt(20_000) : 1 + rnd.nextInt(300);
                    long p = heap.malloc(size);
                    mem.fill(p, size, (byte) (live.size() * 7 + swap));
                    live.add(new long[] {p, size, (byte) (live.size() * 7 + swap)});
                } else {
                    heap.free(live.remove(rnd.nextInt(live.size()))[0]);
                }
            }
            if (heap instanceof TlsfHeap) {
                // TLSF packs blocks with 8 bytes of overhead; the free-list heap needs 16 around each,
                // so it may refuse, naming a block, and then TLSF must carry on unchanged.
                try {
                    heap = FreeListHeap.create(mem, heap.exportState(), Map.of());
                } catch (HeapException refused) {
                    assertTrue(refused.getMessage().contains("0x"), refused.getMessage());
                    refusals++;
                }
            } else {
                heap = TlsfHeap.create(mem, heap.exportState(), Map.of());
                adoptions++;
            }
            Heap now = heap;
            assertTrue(now.check().isEmpty(), () -> "after the swap to " + now.name() + ": " + now.check());
            for (long[] b : live) {
                byte[] bytes = new byte[(int) b[1]];
                mem.read(b[0], bytes, 0, bytes.length);
                for (byte x : bytes) {
                    assertEquals((byte) b[2], x, "block 0x" + Long.toHexString(b[0]) + " after a swap to " + heap.name());
                }
                assertTrue(heap.usableSize(b[0]) >= b[1]);
            }
        }
        assertTrue(adoptions >= 1, "tlsf adopted the free-list heap's blocks");
        System.out.println("freelist -> tlsf adoptions: " + adoptions + ", tlsf -> freelist refusals: " + refusals);
        for (long[] b : live) {
            heap.free(b[0]);
        }
        assertTrue(heap.check().isEmpty(), heap.check().toString());
        heap.destroy();
        assertEquals(0, rig.heapFrames(), "every frame back after the last swap");
    }
}
