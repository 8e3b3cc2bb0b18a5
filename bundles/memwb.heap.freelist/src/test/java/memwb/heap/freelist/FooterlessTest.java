package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapState.LiveBlock;
import memwb.heap.support.testing.HeapRig;

/**
 * Blocks packed one 8-byte header apart, as TLSF lays out its small arena, adopted without footers:
 * laid out here by hand so every case is exact; {@link TlsfSwapTest} does the same with the real TLSF.
 */
class FooterlessTest {
    private static final long PAGE = HeapRig.PAGE;
    /** TLSF-style block sizes (header and payload) of the packed run. */
    private static final long[] RUN = {32, 48, 32, 64, 32, 96, 48, 32};

    private HeapRig rig = HeapRig.standard();
    private HeapMemory mem = rig.memory;

    /** The packed run at page 1, then one more block after a free gap, every payload filled with its pattern. */
    private List<LiveBlock> packedRun() {
        long base = mem.base();
        assertTrue(mem.mapPages(base, 4));
        List<LiveBlock> blocks = new ArrayList<>();
        long h = base + PAGE + 8;
        for (long size : RUN) {
            blocks.add(new LiveBlock(h + 8, size - 8));
            h += size;
        }
        blocks.add(new LiveBlock(h + 8 + 256, 100)); // a 256-byte free gap, then an ordinary block
        for (LiveBlock b : blocks) {
            Heaps.fillPattern(mem, b.payload(), (int) b.size(), b.payload());
        }
        return blocks;
    }

    private FreeListHeap adopt(List<LiveBlock> blocks) {
        return FreeListHeap.create(mem, new HeapState("tlsf", blocks), Map.of());
    }

    @Test
    void packedBlocksAreAdoptedFooterlessKeepingTheirAddressesBytesAndSizes() {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        assertEquals(List.of(), heap.check());
        int packed = RUN.length - 1; // the run's last block has the free gap after it for its footer
        assertEquals(packed, heap.area.leftFooterless.size(), "each block packed against the next, no other");
        for (int i = 0; i < blocks.size(); i++) {
            LiveBlock b = blocks.get(i);
            if (i < packed) {
                assertEquals(b.size(), heap.usableSize(b.payload()), String.format("usable size of 0x%x", b.payload()));
            } else {
                assertTrue(heap.usableSize(b.payload()) >= b.size());
            }
            Heaps.assertPattern(mem, b.payload(), (int) b.size(), b.payload());
        }
        assertEquals(blocks.subList(0, packed), heap.exportState().live().subList(0, packed),
                "the export gives the footerless blocks back exactly");
        long h = blocks.get(0).payload() - 8;
        for (int i = 0; i < RUN.length; i++) {
            long tag = mem.read64(h);
            long own = i < packed ? RUN[i] | Tags.ALLOC | Tags.FOOTERLESS : Tags.blockSize(RUN[i] - 8) | Tags.ALLOC;
            assertEquals(own | (i > 0 ? Tags.LEFT_FOOTERLESS : 0), tag, String.format("header at 0x%x", h));
            h += RUN[i];
        }
        assertTrue(heap.describe().contains(packed + " adopted without a footer"), heap.describe());
    }

    @Test
    void everyFooterlessBlockFreesAndCoalescesInAnyOrder() {
        for (long seed = 1; seed <= 20; seed++) {
            rig = HeapRig.standard();
            mem = rig.memory;
            freeAllInShuffledOrder(new Random(seed));
        }
    }

    private void freeAllInShuffledOrder(Random random) {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        List<LiveBlock> order = new ArrayList<>(blocks);
        Collections.shuffle(order, random);
        List<LiveBlock> left = new ArrayList<>(blocks);
        for (LiveBlock gone : order) {
            heap.free(gone.payload());
            left.remove(gone);
            assertEquals(List.of(), heap.check(), () -> String.format("after free(0x%x)", gone.payload()));
            for (LiveBlock b : left) {
                Heaps.assertPattern(mem, b.payload(), (int) b.size(), b.payload());
            }
            assertNoAdjacentFreeBlocks(heap.blocks());
        }
        assertEquals(0, heap.area.leftFooterless.size());
        assertEquals(1, heap.stats().freeBlocks(), "everything merged into one free block");
        assertNotEquals(0, heap.malloc(5000));
        assertEquals(List.of(), heap.check());
    }

    private static void assertNoAdjacentFreeBlocks(List<HeapBlock> blocks) {
        for (int i = 1; i < blocks.size(); i++) {
            assertFalse(blocks.get(i - 1).free() && blocks.get(i).free(),
                    String.format("0x%x and 0x%x not merged", blocks.get(i - 1).header(), blocks.get(i).header()));
        }
    }

    @Test
    void freeingAFooterlessBlockBetweenFreeNeighboursMergesAllThree() {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        heap.free(blocks.get(2).payload());
        heap.free(blocks.get(4).payload());
        heap.free(blocks.get(3).payload());
        assertEquals(List.of(), heap.check());
        long from = blocks.get(2).payload() - 8;
        long size = RUN[2] + RUN[3] + RUN[4];
        assertTrue(heap.blocks().contains(new HeapBlock(from, from + 8, size, true)), heap.blocks().toString());
        assertEquals(Tags.LEFT_FOOTERLESS, mem.read64(from) & Tags.LEFT_FOOTERLESS,
                "the merged block's left neighbour is still footerless");
        assertEquals(0, mem.read64(from + size) & Tags.LEFT_FOOTERLESS, "its right neighbour's flag is cleared");
    }

    @Test
    void reallocWithinAFooterlessBlockStaysAndShrinkingGivesTheTailBack() {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        LiveBlock big = blocks.get(5); // 96-byte block, 88 usable
        assertEquals(big.payload(), heap.realloc(big.payload(), 88), "a request the block holds stays put");
        assertEquals(88, heap.usableSize(big.payload()));
        assertEquals(big.payload(), heap.realloc(big.payload(), 20));
        assertEquals(List.of(), heap.check());
        assertEquals(32, heap.usableSize(big.payload()), "cut to an ordinary 48-byte block; 48 bytes went free");
        Heaps.assertPattern(mem, big.payload(), 20, big.payload()); // the pattern is a stream: the prefix kept
        heap.free(big.payload());
        assertEquals(List.of(), heap.check());
    }

    @Test
    void growingAFooterlessBlockMovesItsBytesAndFreesTheOldPlace() {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        for (LiveBlock b : blocks.subList(0, RUN.length)) {
            long q = heap.realloc(b.payload(), b.size() + 200);
            assertNotEquals(0, q);
            assertEquals(List.of(), heap.check(), () -> String.format("after realloc(0x%x)", b.payload()));
            Heaps.assertPattern(mem, q, (int) b.size(), b.payload());
            assertTrue(heap.usableSize(q) >= b.size() + 200);
        }
        assertEquals(0, heap.area.leftFooterless.size());
        Heaps.assertPattern(mem, blocks.get(RUN.length).payload(), 100, blocks.get(RUN.length).payload());
    }

    @Test
    void aFailedGrowLeavesTheFooterlessBlockAsItWas() {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        rig.leaveFreeFrames(0);
        LiveBlock b = blocks.get(1);
        Heaps.Snapshot before = Heaps.Snapshot.of(heap, mem);
        assertEquals(0, heap.realloc(b.payload(), 1 << 20));
        Heaps.Snapshot after = Heaps.Snapshot.of(heap, mem);
        assertEquals(before.blocks(), after.blocks());
        assertArrayEquals(before.bytes(), after.bytes(), "no byte moved");
        assertEquals(List.of(), heap.check());
        Heaps.assertPattern(mem, b.payload(), (int) b.size(), b.payload());
    }

    @Test
    void theCheckerNoticesALostOrStrayLeftFooterlessFlag() {
        List<LiveBlock> blocks = packedRun();
        FreeListHeap heap = adopt(blocks);
        long second = blocks.get(1).payload() - 8;
        long tag = mem.read64(second);
        mem.write64(second, tag & ~Tags.LEFT_FOOTERLESS);
        assertTrue(heap.check().stream().anyMatch(p -> p.contains(String.format("0x%x", second))
                && p.contains("lacks LEFT_FOOTERLESS")), heap.check().toString());
        mem.write64(second, tag);
        long last = blocks.get(RUN.length).payload() - 8;
        long lastTag = mem.read64(last);
        mem.write64(last, lastTag | Tags.LEFT_FOOTERLESS);
        assertTrue(heap.check().stream().anyMatch(p -> p.contains("has LEFT_FOOTERLESS")), heap.check().toString());
        mem.write64(last, lastTag);
        assertEquals(List.of(), heap.check());
    }

    /** Refused adoption: the exception names the block and the reason, and nothing in RAM changed. */
    private void refused(long payload, String words, List<LiveBlock> blocks) {
        byte[] before = new byte[(int) (mem.mappedPages() * PAGE)];
        mem.read(mem.base(), before, 0, before.length);
        long pages = mem.mappedPages();
        HeapException e = assertThrows(HeapException.class, () -> adopt(blocks));
        assertEquals(payload, e.address(), e.getMessage());
        assertTrue(e.getMessage().contains(String.format("0x%x", payload)), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        byte[] after = new byte[before.length];
        mem.read(mem.base(), after, 0, after.length);
        assertArrayEquals(before, after);
        assertEquals(pages, mem.mappedPages());
    }

    @Test
    void aBlockWhoseFooterWouldLeaveATooSmallGapGoesWithoutAndTheGapBecomesAFreeBlock() {
        long base = mem.base();
        mem.mapPages(base, 4);
        long a = base + PAGE + 16;
        long b = a + 64; // with a footer, a's 24 bytes would end at a + 40, 16 bytes before b's header
        List<LiveBlock> blocks = List.of(new LiveBlock(a, 24), new LiveBlock(b, 32));
        Heaps.fillPattern(mem, a, 24, 1);
        Heaps.fillPattern(mem, b, 32, 2);
        FreeListHeap heap = adopt(blocks);
        assertEquals(List.of(), heap.check());
        assertTrue(heap.blocks().contains(new HeapBlock(a + 24, a + 32, 32, true)), heap.blocks().toString());
        assertEquals(Tags.LEFT_FOOTERLESS, mem.read64(a + 24) & Tags.LEFT_FOOTERLESS);
        assertEquals(24, heap.usableSize(a));
        heap.free(a);
        assertEquals(List.of(), heap.check());
        assertTrue(heap.blocks().contains(new HeapBlock(a - 8, a, 64, true)), "merged with the gap after it");
        Heaps.assertPattern(mem, b, 32, 2);
    }

    @Test
    void blocksTooCloseEvenForAHeaderAloneAreRefused() {
        long base = mem.base();
        mem.mapPages(base, 4);
        long a = base + PAGE + 16;
        // 24 bytes need a 32-byte footerless block; the next header 16 bytes on leaves no room.
        refused(a + 16, "would overwrite its bytes", List.of(new LiveBlock(a, 24), new LiveBlock(a + 16, 8)));
        // 8-byte payloads 16 apart: a footerless block is still at least 32 bytes, to be a free block later.
        refused(a + 16, "overlaps the block before it", List.of(new LiveBlock(a, 8), new LiveBlock(a + 16, 8)));
        // A packed block whose payload runs into the next one's header.
        refused(a + 32, "would overwrite its bytes", List.of(new LiveBlock(a, 32), new LiveBlock(a + 32, 8)));
    }
}
