package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapState.LiveBlock;
import memwb.heap.support.testing.HeapRig;

class AdoptionTest {
    private static final long PAGE = HeapRig.PAGE;

    private final HeapRig rig = HeapRig.standard();
    private final HeapMemory mem = rig.memory;

    @Test
    void aFreeListHeapAdoptsItsOwnExportKeepingEveryBlockAndItsBytes() {
        FreeListHeap first = Heaps.on(rig);
        Random random = new Random(42);
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long p = first.malloc(random.nextInt(3000));
            Heaps.fillPattern(mem, p, (int) first.usableSize(p), p);
            live.add(p);
            if (random.nextBoolean()) {
                long gone = live.remove(random.nextInt(live.size()));
                first.free(gone);
            }
        }
        HeapState state = first.exportState();
        assertEquals(live.size(), state.live().size());
        long frames = rig.freeFrames();

        FreeListHeap second = FreeListHeap.create(mem, state, Map.of());
        assertEquals(List.of(), second.check());
        assertEquals(first.blocks(), second.blocks(), "the same layout reads back block for block");
        for (LiveBlock b : state.live()) {
            assertEquals(b.size(), second.usableSize(b.payload()));
            Heaps.assertPattern(mem, b.payload(), (int) b.size(), b.payload());
        }
        assertEquals(frames, rig.freeFrames(), "no page mapped or lost");
        for (long p : live) {
            second.free(p);
            assertEquals(List.of(), second.check());
        }
        assertNotEquals(0, second.malloc(100));
    }

    @Test
    void aFirstBlockWithItsHeaderInTheControlPagesLastWordIsAdoptedAndTheAreaRestartsThere() {
        assertTrue(Bins.CONTROL_USED <= HeapMemory.CONTROL_BLOCK_MAX, "the control block leaves the prologue and first header room");
        long base = mem.base();
        assertTrue(mem.mapPages(base, 3));
        long first = base + HeapMemory.CONTROL_BYTES; // TLSF's layout: header at base + 0xff8
        long second = first + PAGE; // packed one header apart: the first block is footerless
        Heaps.fillPattern(mem, first, (int) (PAGE - 8), 1);
        Heaps.fillPattern(mem, second, 64, 2);
        FreeListHeap heap = FreeListHeap.create(mem, new HeapState("tlsf",
                List.of(new LiveBlock(first, PAGE - 8), new LiveBlock(second, 64))), Map.of("trim", "4096"));
        assertEquals(List.of(), heap.check());
        assertEquals(PAGE - 8, heap.usableSize(first));
        Heaps.assertPattern(mem, first, (int) (PAGE - 8), 1);
        Heaps.assertPattern(mem, second, 64, 2);
        heap.free(second);
        assertEquals(List.of(), heap.check());
        heap.free(first);
        assertEquals(List.of(), heap.check());
        assertEquals(1, mem.mappedPages(), "an empty area keeps only the control page");
        long again = heap.malloc(PAGE - 16); // header and footer: a 4096-byte block, then the epilogue
        assertEquals(first, again, "the emptied area grows from the adopted first header again");
        assertEquals(2, mem.mappedPages(), "a page-sized block at the page boundary needs one page past the control page");
        assertEquals(List.of(), heap.check());
        assertEquals(Tags.FENCE, mem.read64(first - 16), "prologue in the word before the first header");
    }

    @Test
    void anOlderLayoutsFirstBlockAfterThePrologueIsAdoptedAtItsPlace() {
        long base = mem.base();
        assertTrue(mem.mapPages(base, 2));
        long first = base + HeapMemory.CONTROL_BYTES + 16; // the layout before TLSF's header moved down
        Heaps.fillPattern(mem, first, 48, 5);
        FreeListHeap heap = FreeListHeap.create(mem, new HeapState("tlsf", List.of(new LiveBlock(first, 48))), Map.of());
        assertEquals(List.of(), heap.check());
        Heaps.assertPattern(mem, first, 48, 5);
        heap.free(first);
        assertEquals(List.of(), heap.check());
        assertEquals(first, heap.malloc(48));
    }

    @Test
    void blocksOfAnotherLayoutAreAdoptedGapsBecomeFreeAndStrayPagesAreUnmapped() {
        long base = mem.base();
        assertTrue(mem.mapPages(base, 6));
        assertTrue(mem.mapPages(base + 7 * PAGE, 10)); // page 6 unmapped inside a gap; pages 8-16 hold nothing live
        // An 8-byte-header layout: payloads 16-aligned, one header word apart, and a large gap.
        List<LiveBlock> blocks = List.of(
                new LiveBlock(base + PAGE + 16, 40),
                new LiveBlock(base + PAGE + 16 + 48 + 16, 100),
                new LiveBlock(base + 2 * PAGE + 0x400, 16),
                new LiveBlock(base + 7 * PAGE + 0x100, 200));
        for (LiveBlock b : blocks) {
            Heaps.fillPattern(mem, b.payload(), (int) b.size(), b.payload());
        }
        FreeListHeap heap = FreeListHeap.create(mem, new HeapState("other", blocks), Map.of());
        assertEquals(List.of(), heap.check());
        for (LiveBlock b : blocks) {
            Heaps.assertPattern(mem, b.payload(), (int) b.size(), b.payload());
            assertTrue(heap.usableSize(b.payload()) >= b.size());
        }
        assertFalse(mem.isMapped(base + 6 * PAGE), "the unmapped page stays unmapped, inside a hole block");
        assertFalse(mem.isMapped(base + 4 * PAGE), "so do the gap's other inner pages (3-6)");
        assertEquals(4, mem.mappedPages(), "pages 0-2 and 7 hold tags and blocks; the rest went back");
        assertEquals(mem.mappedPages(), rig.heapFrames());
        assertEquals(4, heap.stats().liveBlocks(), "the hole is no live block");
        assertEquals(4, heap.stats().freeBlocks(), "before the third block, on both sides of the hole, the top");
        assertTrue(heap.describe().contains("1 holes (4 unmapped pages adopted)"), heap.describe());
        assertEquals(blocks.stream().map(LiveBlock::payload).toList(),
                heap.exportState().live().stream().map(LiveBlock::payload).toList(), "the four blocks and no hole");
        long inHole = base + 5 * PAGE;
        HeapException e = assertThrows(HeapException.class, () -> heap.free(inHole));
        assertTrue(e.getMessage().contains("inside the hole"), e.getMessage());
        heap.free(blocks.get(2).payload()); // merges with the free block before the hole
        heap.free(blocks.get(1).payload());
        heap.free(blocks.get(0).payload());
        assertEquals(List.of(), heap.check());

        FreeListHeap again = FreeListHeap.create(mem, heap.exportState(), Map.of());
        assertEquals(List.of(), again.check(), "a heap with a hole adopts its own export");
        Heaps.assertPattern(mem, blocks.get(3).payload(), 200, blocks.get(3).payload());
        again.destroy();
        assertEquals(0, mem.mappedPages());
        assertEquals(0, rig.heapFrames());
    }

    @Test
    void aFarBlockIsAdoptedWithoutMappingTheSpaceBeforeIt() {
        HeapRig small = HeapRig.of("4-level", 16 * HeapRig.MIB, 1L << 30);
        HeapMemory m = small.memory;
        long far = m.base() + (512L << 20);
        m.mapPages(m.base(), 2);
        m.mapPages(far, 2);
        Heaps.fillPattern(m, far + 16, 5000, 5);
        long frames = small.freeFrames();
        FreeListHeap heap = FreeListHeap.create(m, new HeapState("tlsf", List.of(new LiveBlock(far + 16, 5000))),
                Map.of());
        assertEquals(List.of(), heap.check());
        Heaps.assertPattern(m, far + 16, 5000, 5);
        assertTrue(small.freeFrames() >= frames, "512 MiB of free space adopted without a frame");
        assertNotEquals(0, heap.malloc(100));
        heap.free(far + 16);
        assertEquals(List.of(), heap.check());
    }

    @Test
    void anEmptyStateLeavesJustTheControlPage() {
        mem.mapPages(mem.base(), 4);
        FreeListHeap heap = FreeListHeap.create(mem, new HeapState("other", List.of()), Map.of());
        assertEquals(1, mem.mappedPages());
        assertEquals(List.of(), heap.check());
        assertNotEquals(0, heap.malloc(10));
    }

    /** Refused adoption: the exception names the block, and RAM, pages and frames are exactly as before. */
    private void refused(long payload, String words, List<LiveBlock> blocks) {
        long frames = rig.freeFrames();
        long pages = mem.mappedPages();
        byte[] before = new byte[(int) (pages * PAGE)];
        mem.read(mem.base(), before, 0, before.length);
        HeapException e = assertThrows(HeapException.class,
                () -> FreeListHeap.create(mem, new HeapState("other", blocks), Map.of()));
        assertEquals(payload, e.address(), e.getMessage());
        assertTrue(e.getMessage().contains(String.format("0x%x", payload)), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        byte[] after = new byte[before.length];
        mem.read(mem.base(), after, 0, after.length);
        assertArrayEquals(before, after);
        assertEquals(frames, rig.freeFrames());
        assertEquals(pages, mem.mappedPages());
    }

    @Test
    void aGapTooSmallForAFreeBlockIsRefusedNamingTheBlock() {
        long base = mem.base();
        mem.mapPages(base, 16);
        Heaps.fillPattern(mem, base, (int) (16 * PAGE), 9);
        long a = base + PAGE + 16;
        long b = a + 48 + 16; // a's block ends at a + 40 with or without a footer; b's header at b - 8 leaves 16 bytes
        refused(b, "gap of 16 bytes", List.of(new LiveBlock(a, 32), new LiveBlock(b, 32)));
    }

    @Test
    void misalignedOverlappingControlPageAndUnmappedBlocksAreRefused() {
        long base = mem.base();
        mem.mapPages(base, 8);
        Heaps.fillPattern(mem, base, (int) (8 * PAGE), 3);
        refused(base + PAGE + 24, "16-byte aligned", List.of(new LiveBlock(base + PAGE + 24, 8)));
        refused(base + 0x800, "below this heap's first block", List.of(new LiveBlock(base + 0x800, 8)));
        refused(base + PAGE + 64, "would overwrite its bytes",
                List.of(new LiveBlock(base + PAGE + 16, 64), new LiveBlock(base + PAGE + 64, 8)));
        refused(base + 9 * PAGE, "not mapped", List.of(new LiveBlock(base + 9 * PAGE, 64)));
    }

    @Test
    void runningOutOfFramesForTheTagPagesMapsNothing() {
        long base = mem.base();
        mem.mapPages(base, 1);
        mem.mapPages(base + 12 * PAGE, 1);
        rig.leaveFreeFrames(0); // the free block before the hole needs page 1 mapped
        HeapException e = assertThrows(HeapException.class, () -> FreeListHeap.create(mem,
                new HeapState("other", List.of(new LiveBlock(base + 12 * PAGE + 16, 64))), Map.of()));
        assertTrue(e.getMessage().contains("no free frames"), e.getMessage());
        assertEquals(0, rig.freeFrames());
        assertEquals(2, mem.mappedPages());
        assertFalse(mem.isMapped(base + PAGE));
    }
}
