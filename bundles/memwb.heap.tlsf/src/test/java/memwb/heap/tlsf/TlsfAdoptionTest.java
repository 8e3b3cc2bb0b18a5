package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapState.LiveBlock;

class TlsfAdoptionTest {
    private static final long BLOCKS = TlsfHeapTest.BASE + 4096;

    /** Lays out blocks as another heap with 16-byte headers and footers might, filling their bytes. */
    private static HostHeapMemory foreignHeap(long... payloadAndSize) {
        HostHeapMemory mem = TlsfHeapTest.memory();
        mem.mapPages(TlsfHeapTest.BASE, 4);
        for (int i = 0; i < payloadAndSize.length; i += 2) {
            mem.fill(payloadAndSize[i], payloadAndSize[i + 1], (byte) (i + 1));
        }
        return mem;
    }

    @Test
    void adoptedBlocksKeepAddressAndBytesAndGapsBecomeFreeBlocks() {
        long p1 = BLOCKS + 16;
        long p2 = p1 + 128; // 16 bytes after p1's 112-byte TLSF block: too small for a free block, added to p1
        long p3 = p2 + 5008; // a larger gap: a free block
        HostHeapMemory mem = foreignHeap(p1, 100, p2, 64, p3, 40);
        HeapState state = new HeapState("freelist", List.of(new LiveBlock(p1, 100), new LiveBlock(p2, 64), new LiveBlock(p3, 40)));
        TlsfHeap heap = TlsfHeap.create(mem, state, Map.of("keep.pages", "0"));
        TlsfHeapTest.assertSound(heap);
        assertEquals(List.of(p1, p2, p3), heap.exportState().live().stream().map(LiveBlock::payload).toList());
        assertEquals(1, heap.stats().freeBlocks());
        byte[] b = new byte[64];
        mem.read(p2, b, 0, 64);
        for (byte x : b) {
            assertEquals(3, x);
        }
        assertTrue(heap.usableSize(p1) >= 100);
        heap.free(p2);
        heap.free(p1);
        heap.free(p3);
        TlsfHeapTest.assertSound(heap);
        assertEquals(1, mem.mappedPages(), "pages past the top and free interiors are given back");
    }

    @Test
    void aFirstBlockWithItsHeaderInTheControlPagesLastWordIsAdoptedThere() {
        long p1 = BLOCKS; // the layout TLSF writes now: header at base + 0xff8
        long p2 = p1 + 4096;
        HostHeapMemory mem = foreignHeap(p1, 4088, p2, 100);
        HeapState state = new HeapState("tlsf", List.of(new LiveBlock(p1, 4088), new LiveBlock(p2, 100)));
        TlsfHeap heap = TlsfHeap.create(mem, state, Map.of("keep.pages", "0"));
        TlsfHeapTest.assertSound(heap);
        assertEquals(p1 - 8, heap.arenas[0].first);
        assertEquals(List.of(p1, p2), heap.exportState().live().stream().map(LiveBlock::payload).toList());
        assertEquals(4088, heap.usableSize(p1));
        heap.free(p1);
        TlsfHeapTest.assertSound(heap);
        heap.free(p2);
        TlsfHeapTest.assertSound(heap);
        assertEquals(1, mem.mappedPages());
        assertEquals(p1, heap.malloc(4088), "the emptied arena starts again at the control page's last word");
        TlsfHeapTest.assertSound(heap);
    }

    @Test
    void theOlderLayoutWithTheFirstPayload16BytesPastTheControlPageIsAdopted() {
        long p1 = BLOCKS + 16; // TLSF's and the free-list heap's first payload before the header moved down
        long p2 = p1 + 64;
        HostHeapMemory mem = foreignHeap(p1, 40, p2, 200);
        HeapState state = new HeapState("tlsf", List.of(new LiveBlock(p1, 40), new LiveBlock(p2, 200)));
        TlsfHeap heap = TlsfHeap.create(mem, state, Map.of("keep.pages", "0"));
        TlsfHeapTest.assertSound(heap);
        assertEquals(p1 - 8, heap.arenas[0].first, "the 16-byte sliver before it stays outside any block");
        assertEquals(List.of(p1, p2), heap.exportState().live().stream().map(LiveBlock::payload).toList());
        heap.free(p2);
        TlsfHeapTest.assertSound(heap);
        heap.free(p1);
        TlsfHeapTest.assertSound(heap);
        assertEquals(1, mem.mappedPages());
        long q = heap.malloc(4000);
        assertEquals(p1, q, "the arena grows from where its first block was");
        TlsfHeapTest.assertSound(heap);
    }

    @Test
    void aBlockWhoseHeaderWouldOverlapItsNeighbourIsRefusedNamedAndNothingChanges() {
        long p1 = BLOCKS + 16;
        long p2 = p1 + 32; // needs p1's block to be 48 bytes for 40 usable bytes: it overlaps
        HostHeapMemory mem = foreignHeap(p1, 40, p2, 16);
        long before = mem.read64(p2 - 8);
        long controlBefore = mem.read64(TlsfHeapTest.BASE);
        HeapState state = new HeapState("freelist", List.of(new LiveBlock(p1, 40), new LiveBlock(p2, 16)));
        HeapException e = assertThrows(HeapException.class, () -> TlsfHeap.create(mem, state, Map.of()));
        assertEquals(p2, e.address());
        assertTrue(e.getMessage().contains("0x" + Long.toHexString(p2)) && e.getMessage().contains("overlap"), e.getMessage());
        assertEquals(4, mem.mappedPages());
        assertEquals(before, mem.read64(p2 - 8));
        assertEquals(controlBefore, mem.read64(TlsfHeapTest.BASE), "control block untouched");
    }

    @Test
    void aMisalignedOrUnmappedBlockIsRefusedNamingIt() {
        HostHeapMemory mem = foreignHeap();
        long odd = BLOCKS + 24;
        HeapException a = assertThrows(HeapException.class,
                () -> TlsfHeap.create(mem, new HeapState("x", List.of(new LiveBlock(odd, 8))), Map.of()));
        assertTrue(a.getMessage().contains("0x" + Long.toHexString(odd)) && a.getMessage().contains("aligned"), a.getMessage());
        long far = BLOCKS + 10 * 4096;
        HeapException b = assertThrows(HeapException.class,
                () -> TlsfHeap.create(mem, new HeapState("x", List.of(new LiveBlock(far, 8))), Map.of()));
        assertTrue(b.getMessage().contains("not mapped"), b.getMessage());
        assertEquals(4, mem.mappedPages());
    }
}
