package memwb.heap.freelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapStats;
import memwb.heap.support.testing.HeapRig;

class FreeListHeapTest {
    private static final long PAGE = HeapRig.PAGE;

    private final HeapRig rig = HeapRig.standard();
    private final HeapMemory mem = rig.memory;
    private final FreeListHeap heap = Heaps.on(rig);

    @Test
    void aNewHeapMapsOnlyItsControlPageAndWritesItsControlBlock() {
        assertEquals(1, mem.mappedPages());
        assertEquals(Area.MAGIC, mem.read64(mem.base()));
        assertEquals(List.of(), heap.blocks());
        assertEquals(List.of(), heap.check());
        assertTrue(heap.describe().contains(String.format("control block at 0x%x", mem.base())), heap.describe());
    }

    @Test
    void mallocGivesAlignedDisjointBlocksWithHeaderAndFooterInRam() {
        long a = heap.malloc(1);
        long b = heap.malloc(100);
        long c = heap.malloc(0);
        for (long p : new long[] {a, b, c}) {
            assertEquals(0, p % 16, String.format("0x%x", p));
            assertTrue(p >= mem.base() + HeapMemory.CONTROL_BYTES + 8);
        }
        assertEquals(16, heap.usableSize(a));
        assertEquals(112, heap.usableSize(b));
        assertTrue(b >= a + heap.usableSize(a) && c >= b + heap.usableSize(b));
        long header = mem.read64(b - 8);
        assertEquals(128 | 1, header);
        assertEquals(header, mem.read64(b - 8 + 128 - 8), "footer equals header");
        assertEquals(List.of(), heap.check());
    }

    @Test
    void freeCoalescesBothNeighboursAtOnce() {
        long a = heap.malloc(40);
        long b = heap.malloc(40);
        long c = heap.malloc(40);
        long guard = heap.malloc(40);
        heap.free(a);
        heap.free(c);
        assertEquals(List.of(), heap.check());
        heap.free(b);
        assertEquals(List.of(), heap.check());
        HeapBlock first = heap.blocks().get(0);
        assertTrue(first.free());
        assertEquals(a - 8, first.header());
        assertEquals(guard - 8, first.end(), "a, b and c are one free block up to the guard");
    }

    @Test
    void mergingWithALargeFreeNeighbourInTheSameBinKeepsItsPlaceOnTheList() {
        long big = heap.malloc(3900);
        long small = heap.malloc(48);
        heap.malloc(48);
        long x = heap.malloc(48);
        long other = heap.malloc(3900);
        heap.malloc(48);
        heap.free(big);
        heap.free(other);
        heap.free(small); // merges into big's block on its left: still bin 3584-4095, so big stays put
        assertEquals(List.of(), heap.check());
        heap.free(x); // merges with other on its right: the merged block takes other's place
        assertEquals(List.of(), heap.check());
        var bin = heap.freeLists().stream().filter(l -> l.name().equals("3584-4095 bytes")).findFirst()
                .orElseThrow(() -> new AssertionError(heap.freeLists().toString()));
        assertEquals(List.of(x - 8, big - 8), bin.blocks(), "each merged block sits where its neighbour was");
    }

    @Test
    void growthMapsPagesWhoseFramesTheAllocatorGivesToTheHeap() {
        long freeBefore = rig.freeFrames();
        long p = heap.malloc(100_000);
        assertNotEquals(0, p);
        long pages = mem.mappedPages();
        assertTrue(pages >= 1 + 100_000 / PAGE, "pages mapped: " + pages);
        assertTrue(pages <= 2 + (100_000 + 32) / PAGE, "no more pages than the block needs: " + pages);
        assertEquals(pages, rig.heapFrames(), "every heap page's frame is owned by HEAP");
        assertTrue(rig.freeFrames() <= freeBefore - (pages - 1), "the control page was mapped before");
        assertEquals(pages * PAGE, heap.stats().mappedBytes());
        assertEquals(List.of(), heap.check());
    }

    @Test
    void aLargeHeapGrowsInStepsOfAHundredTwentyEighthOfItsExtent() {
        heap.malloc(4 << 20);
        long before = mem.mappedPages();
        assertTrue(before > 1024);
        heap.malloc(8000); // needs 2 pages beyond the top
        assertEquals(before / 128, mem.mappedPages() - before);
        assertEquals(List.of(), heap.check());
    }

    @Test
    void whenTheGrowthStepIsNotThereTheHeapTakesJustWhatItNeeds() {
        heap.malloc(4 << 20);
        long before = mem.mappedPages();
        rig.leaveFreeFrames(3);
        assertNotEquals(0, heap.malloc(8000));
        long grown = mem.mappedPages() - before;
        assertTrue(grown >= 1 && grown <= 2, "the 8000 bytes beyond the free top, not the step of 8: " + grown);
        assertEquals(List.of(), heap.check());
    }

    @Test
    void outOfFramesReturnsZeroAndGivesBackEverythingItTook() {
        heap.malloc(5000);
        rig.leaveFreeFrames(3);
        Heaps.Snapshot before = Heaps.Snapshot.of(heap, mem);
        long heapFrames = rig.heapFrames();
        assertEquals(0, heap.malloc(64 * 1024));
        assertEquals(3, rig.freeFrames(), "no frame leaked");
        assertEquals(heapFrames, rig.heapFrames());
        assertEquals(before.blocks(), heap.blocks(), "no block leaked");
        assertEquals(List.of(), heap.check());
        assertEquals(1, heap.stats().failures());
        assertNotEquals(0, heap.malloc(100), "small requests still fit the pages the heap has");
    }

    @Test
    void sizesAreSixtyFourBitAndNeverTruncated() {
        HeapRig big = HeapRig.of("4-level", 64 * HeapRig.MIB, 16L << 30);
        FreeListHeap h = Heaps.on(big);
        long frames = big.freeFrames();
        assertEquals(0, h.malloc((1L << 32) + 16), "4 GiB + 16 fits the range but not the RAM: 0, not a 16-byte block");
        assertEquals(frames, big.freeFrames());
        HeapException e = assertThrows(HeapException.class, () -> h.malloc(17L << 30));
        assertTrue(e.getMessage().contains("can ever hold"), e.getMessage());
        assertThrows(HeapException.class, () -> h.malloc(-1));
        assertEquals(List.of(), h.check());
    }

    @Test
    void trimmingGivesTopPagesBackToTheVmm() {
        HeapRig rig = HeapRig.standard();
        HeapMemory mem = rig.memory;
        FreeListHeap heap = FreeListHeap.create(mem, null, Map.of("trim", "4096"));
        long small = heap.malloc(64);
        long big = heap.malloc(1 << 20);
        long mapped = mem.mappedPages();
        assertTrue(mapped > 256);
        heap.free(big);
        assertTrue(mem.mappedPages() < mapped - 240, "pages left: " + mem.mappedPages());
        assertEquals(mem.mappedPages(), rig.heapFrames());
        assertEquals(List.of(), heap.check());
        heap.free(small);
        assertEquals(1, mem.mappedPages(), "an empty heap keeps only its control page");
        assertEquals(List.of(), heap.check());
        assertNotEquals(0, heap.malloc(64));
        assertEquals(List.of(), heap.check());
    }

    @Test
    void aTrimThresholdAboveTheFreedPagesKeepsThem() {
        HeapRig r = HeapRig.standard();
        FreeListHeap h = FreeListHeap.create(r.memory, null, Map.of("trim", "0x400000"));
        h.malloc(64);
        long big = h.malloc(1 << 20);
        long mapped = r.memory.mappedPages();
        h.free(big);
        assertEquals(mapped, r.memory.mappedPages());
        assertTrue(h.describe().contains("trim threshold 4194304"), h.describe());
    }

    @Test
    void unknownOrBadOptionsAreRefusedNamingThem() {
        HeapRig r = HeapRig.standard();
        HeapException e = assertThrows(HeapException.class,
                () -> FreeListHeap.create(r.memory, null, Map.of("trim", "65536", "grwo", "1")));
        assertTrue(e.getMessage().contains("grwo"), e.getMessage());
        HeapException bad = assertThrows(HeapException.class,
                () -> FreeListHeap.create(r.memory, null, Map.of("trim", "lots")));
        assertTrue(bad.getMessage().contains("trim=\"lots\""), bad.getMessage());
        assertEquals(0, r.memory.mappedPages(), "nothing mapped by a refused create");
    }

    @Test
    void aRangeWithMappedPagesIsRefusedWithoutAdoption() {
        HeapException e = assertThrows(HeapException.class, () -> FreeListHeap.create(mem, null, Map.of()));
        assertEquals(mem.base(), e.address());
        assertTrue(e.getMessage().contains("adopt"), e.getMessage());
    }

    @Test
    void reallocGrowsInPlaceIntoAFreeNeighbourAndAtTheTop() {
        long a = heap.malloc(100);
        long b = heap.malloc(100);
        long c = heap.malloc(100);
        Heaps.fillPattern(mem, a, 100, 1);
        heap.free(b);
        assertEquals(a, heap.realloc(a, 200), "b's space is taken in place");
        Heaps.assertPattern(mem, a, 100, 1);
        assertEquals(List.of(), heap.check());
        Heaps.fillPattern(mem, c, 100, 3);
        assertEquals(c, heap.realloc(c, 50_000), "the top block grows by mapping pages");
        Heaps.assertPattern(mem, c, 100, 3);
        assertTrue(heap.usableSize(c) >= 50_000);
        assertEquals(List.of(), heap.check());
    }

    @Test
    void reallocTakesAFreeLeftNeighbourMovingTheBytesDown() {
        long a = heap.malloc(200);
        long b = heap.malloc(100);
        heap.malloc(100);
        Heaps.fillPattern(mem, b, 100, 9);
        heap.free(a);
        long grown = heap.realloc(b, 250);
        assertEquals(a, grown, "b grew into a's space, keeping one block");
        Heaps.assertPattern(mem, grown, 100, 9);
        assertTrue(heap.usableSize(grown) >= 250);
        assertEquals(1, heap.stats().liveBlocks() - 1, "b and the guard are live");
        assertEquals(List.of(), heap.check());
    }

    @Test
    void reallocMovesWhenBoxedInAndKeepsTheBytes() {
        long a = heap.malloc(100);
        heap.malloc(100);
        Heaps.fillPattern(mem, a, 100, 7);
        long moved = heap.realloc(a, 500);
        assertNotEquals(a, moved);
        Heaps.assertPattern(mem, moved, 100, 7);
        assertTrue(heap.blocks().stream().anyMatch(b -> b.header() == a - 8 && b.free()), "the old block was freed");
        assertEquals(List.of(), heap.check());
        long shrunk = heap.realloc(moved, 20);
        assertEquals(moved, shrunk, "shrinking stays in place");
        Heaps.assertPattern(mem, moved, 20, 7);
        assertEquals(List.of(), heap.check());
    }

    @Test
    void reallocThatRunsOutOfMemoryLeavesTheOldBlockIntact() {
        long a = heap.malloc(100);
        heap.malloc(100);
        Heaps.fillPattern(mem, a, 100, 11);
        rig.leaveFreeFrames(0);
        Heaps.Snapshot before = Heaps.Snapshot.of(heap, mem);
        assertEquals(0, heap.realloc(a, 1 << 20));
        Heaps.assertPattern(mem, a, 100, 11);
        assertEquals(before.blocks(), heap.blocks());
        assertEquals(112, heap.usableSize(a));
        assertEquals(List.of(), heap.check());
    }

    @Test
    void reallocOfNullIsMallocAndToZeroIsFree() {
        long p = heap.realloc(0, 30);
        assertNotEquals(0, p);
        assertEquals(0, heap.realloc(p, 0));
        assertEquals(0, heap.stats().liveBlocks());
        assertThrows(HeapException.class, () -> heap.usableSize(p));
    }

    @Test
    void callocZeroesAndAnOverflowingProductGivesZero() {
        long p = heap.malloc(256);
        Heaps.fillPattern(mem, p, 256, 5);
        heap.free(p);
        long q = heap.calloc(16, 16);
        byte[] got = new byte[256];
        mem.read(q, got, 0, 256);
        for (byte x : got) {
            assertEquals(0, x);
        }
        assertEquals(0, heap.calloc(1L << 33, 1L << 31));
        assertEquals(0, heap.calloc(-1, 2));
        assertEquals(List.of(), heap.check());
    }

    @Test
    void alignedAllocAlignsAndReturnsTheGapsAsFreeBlocks() {
        heap.malloc(24);
        for (long align : new long[] {32, 64, 4096, 1 << 16}) {
            long p = heap.alignedAlloc(align, 100);
            assertEquals(0, p % align, String.format("0x%x aligned to %d", p, align));
            assertTrue(heap.usableSize(p) >= 100);
            assertTrue(heap.usableSize(p) < 100 + 16 + Tags.MIN_BLOCK, "the tail went back: " + heap.usableSize(p));
            assertEquals(List.of(), heap.check());
        }
        assertEquals(heap.malloc(8) % 16, 0);
        HeapException e = assertThrows(HeapException.class, () -> heap.alignedAlloc(48, 10));
        assertTrue(e.getMessage().contains("0x30") && e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void statsCountWhatTheBlocksInRamSay() {
        long a = heap.malloc(100);
        heap.malloc(3000);
        long c = heap.malloc(40);
        heap.malloc(40);
        heap.free(a);
        heap.free(c);
        HeapStats s = heap.stats();
        List<HeapBlock> blocks = heap.blocks();
        assertEquals(blocks.stream().filter(b -> !b.free()).count(), s.liveBlocks());
        assertEquals(blocks.stream().filter(b -> !b.free()).mapToLong(b -> b.size() - 16).sum(), s.liveBytes());
        assertEquals(blocks.stream().filter(HeapBlock::free).count(), s.freeBlocks());
        assertEquals(blocks.stream().filter(HeapBlock::free).mapToLong(HeapBlock::size).sum(), s.freeBytes());
        assertEquals(blocks.stream().filter(HeapBlock::free).mapToLong(HeapBlock::size).max().orElse(0),
                s.largestFree());
        assertEquals(4, s.mallocs());
        assertEquals(2, s.frees());
        assertEquals(mem.mappedPages() * PAGE, s.mappedBytes());
    }

    @Test
    void freeListsShowEveryFreeBlockInItsSizeClass() {
        long a = heap.malloc(32);
        heap.malloc(32);
        long c = heap.malloc(2000);
        heap.malloc(32);
        heap.free(a);
        heap.free(c);
        var lists = heap.freeLists();
        assertTrue(lists.stream().anyMatch(l -> l.name().equals("48 bytes") && l.blocks().contains(a - 8)), lists.toString());
        assertTrue(lists.stream().anyMatch(l -> l.name().equals("1792-2047 bytes") && l.blocks().contains(c - 8)),
                lists.toString());
    }

    @Test
    void destroyUnmapsEveryPageAndRefusesLaterCalls() {
        heap.malloc(50_000);
        heap.destroy();
        assertEquals(0, mem.mappedPages());
        assertEquals(0, rig.heapFrames());
        assertThrows(HeapException.class, () -> heap.malloc(1));
    }

    @Test
    void binIndexAndBoundsAgree() {
        for (long size = 32; size < (1L << 40); size = size < 4096 ? size + 16 : size * 3 / 2 & ~15L) {
            int bin = Bins.binOf(size);
            assertTrue(Bins.lowest(bin) <= size, size + " in bin " + bin);
            assertTrue(bin + 1 == Bins.COUNT || Bins.lowest(bin + 1) > size, size + " below bin " + (bin + 1));
        }
        assertFalse(Bins.CONTROL_USED > HeapMemory.CONTROL_BYTES, "the control block fits its page");
    }
}
