package memwb.heap.tlsf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;

class TlsfHeapTest {
    static final long BASE = 0xffff_c000_0000_0000L;
    static final long RANGE = 64L << 20;

    static HostHeapMemory memory() {
        return new HostHeapMemory(BASE, RANGE, 1 << 20);
    }

    /** A heap that gives every free page back at once (keep.pages=0), so page counts are exact. */
    static TlsfHeap heap(HostHeapMemory mem) {
        return TlsfHeap.create(mem, null, Map.of("keep.pages", "0"));
    }

    static void assertSound(TlsfHeap heap) {
        List<String> problems = heap.check();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void blocksAre16AlignedDistinctAndTheHeapChecksCleanAfterEveryStep() {
        TlsfHeap heap = heap(memory());
        assertEquals(1, heap.stats().mappedBytes() / HeapMemory.PAGE_SIZE, "only the control page at first");
        long a = heap.malloc(1);
        assertSound(heap);
        long b = heap.malloc(100);
        assertSound(heap);
        long c = heap.malloc(5000);
        assertSound(heap);
        for (long p : new long[] {a, b, c}) {
            assertEquals(0, p % 16);
        }
        assertTrue(heap.usableSize(a) >= 1 && heap.usableSize(b) >= 100 && heap.usableSize(c) >= 5000);
        assertNotEquals(a, b);
        heap.free(b);
        assertSound(heap);
        heap.free(a);
        assertSound(heap);
        heap.free(c);
        assertSound(heap);
        assertEquals(1, heap.stats().mappedBytes() / HeapMemory.PAGE_SIZE, "every block page given back");
        assertEquals(0, heap.stats().liveBlocks());
    }

    @Test
    void theFirstLargeBlocksHeaderSitsInTheControlPagesLastWordSoPageSizedBlocksSpanNoExtraPage() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = TlsfHeap.create(mem, null, Map.of("keep.pages", "0"));
        assertTrue(TlsfHeap.CONTROL_USED <= HeapMemory.CONTROL_BLOCK_MAX, "the control block leaves the last two words free");
        long a = heap.malloc(4088);
        assertSound(heap);
        long b = heap.malloc(4088);
        assertSound(heap);
        assertEquals(BASE + HeapMemory.CONTROL_BYTES, a);
        assertEquals(a + 4096, b);
        assertEquals(3, mem.mappedPages(), "the control page and two pages for 2 x 4096-byte blocks");
        heap.free(a);
        assertSound(heap);
        heap.free(b);
        assertSound(heap);
        assertEquals(1, mem.mappedPages());
        long c = heap.malloc(8176);
        assertSound(heap);
        assertEquals(a, c, "the coalesced space is reused from the control page's last word");
        assertEquals(3, mem.mappedPages());
        long small = heap.malloc(64);
        assertSound(heap);
        assertTrue(small > c + 8176, "small requests go to the arena above the large one");
        heap.free(c);
        heap.free(small);
        assertSound(heap);
        assertEquals(1, mem.mappedPages());
    }

    @Test
    void smallAndLargeRequestsGoToSeparateArenas() {
        TlsfHeap heap = heap(memory());
        long small = heap.malloc(64);
        long large = heap.malloc(448);
        assertEquals(heap.arenas[TlsfHeap.SMALL], heap.arenaOf(small - 8));
        assertEquals(heap.arenas[TlsfHeap.LARGE], heap.arenaOf(large - 8));
        TlsfHeap one = TlsfHeap.create(memory(), null, Map.of("arenas", "1"));
        assertEquals(1, one.arenas.length);
        assertEquals(one.malloc(448) + 464, one.malloc(64), "one arena: the next block follows");
    }

    @Test
    void neighboursFreedCoalesceSoTheirSumFitsWithoutGrowth() {
        TlsfHeap heap = heap(memory());
        long a = heap.malloc(4088);
        long b = heap.malloc(4088);
        long keep = heap.malloc(4088);
        long mapped = heap.stats().mappedBytes();
        heap.free(a);
        heap.free(b);
        assertSound(heap);
        assertEquals(1, heap.stats().freeBlocks(), "a and b are one free block");
        long c = heap.malloc(8176);
        assertEquals(a, c, "the merged block is reused at a's address");
        assertEquals(mapped, heap.stats().mappedBytes());
        assertSound(heap);
        heap.free(keep);
        heap.free(c);
        assertSound(heap);
    }

    @Test
    void aFreeBlockThatAbsorbsTheNextStaysWhereItIsOnItsListWhileItsClassHolds() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        Arena large = heap.arenas[TlsfHeap.LARGE];
        long x = heap.malloc(40_000);
        long z = heap.malloc(504);
        long guard1 = heap.malloc(504);
        long y = heap.malloc(40_000);
        long w = heap.malloc(504);
        long guard2 = heap.malloc(504);
        heap.free(x);
        heap.free(y); // the list of x's class: y, then x
        long xh = x - TlsfHeap.HEADER;
        long yh = y - TlsfHeap.HEADER;
        long size = mem.read64(xh) & TlsfHeap.SIZE_MASK;
        int list = SizeClasses.listOf(size);
        assertEquals(yh, large.head(list));
        assertEquals(xh, mem.read64(yh + Arena.NEXT));

        heap.free(z); // x grows by z's 512 bytes and stays in its class
        assertSound(heap);
        long merged = mem.read64(xh) & TlsfHeap.SIZE_MASK;
        assertEquals(size + 512, merged);
        assertEquals(list, SizeClasses.listOf(merged), "the test's sizes keep the class");
        assertEquals(yh, large.head(list), "the grown block was not moved to the head");
        assertEquals(xh, mem.read64(yh + Arena.NEXT), "its place on the list is the same");
        assertEquals(0, mem.read64(xh + Arena.NEXT));

        heap.free(w); // y grows by w's 512 bytes likewise
        heap.free(guard1); // x (with z) absorbs guard1 and y (with w): twice the size, another class
        assertSound(heap);
        long all = mem.read64(xh) & TlsfHeap.SIZE_MASK;
        assertEquals(2 * size + 3 * 512, all);
        assertEquals(xh, large.head(SizeClasses.listOf(all)), "a block that changes class goes to its new list's head");
        heap.free(guard2);
        assertSound(heap);
    }

    @Test
    void interiorPagesOfALargeFreeBlockAreUnmappedAndMappedBackOnReuse() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long big = heap.malloc(10 * 4096);
        long guard = heap.malloc(1000);
        long before = mem.mappedPages();
        heap.free(big);
        assertSound(heap);
        assertTrue(mem.mappedPages() <= before - 8, "at most two pages of the freed 10 stay mapped: " + mem.mappedPages());
        assertEquals(big, heap.malloc(6 * 4096));
        assertSound(heap);
        heap.free(guard);
        assertSound(heap);
    }

    @Test
    void byDefaultFreedPagesAreKeptAndReusedWithoutMapping() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = TlsfHeap.create(mem, null, Map.of());
        long a = heap.malloc(4088);
        long b = heap.malloc(4088);
        long pages = mem.mappedPages();
        heap.free(a);
        heap.free(b);
        assertSound(heap);
        assertEquals(pages, mem.mappedPages(), "a retreating top keeps up to keep.pages mapped");
        assertEquals(a, heap.malloc(8176));
        assertEquals(pages, mem.mappedPages());
        long big = heap.malloc(10 * 4096);
        long guard = heap.malloc(1000);
        heap.free(big);
        assertSound(heap);
        assertTrue(heap.retainedPages > 0, "the hole's pages kept: " + heap.retainedPages);
        assertEquals(big, heap.malloc(6 * 4096));
        assertSound(heap);
        heap.free(guard);
        assertSound(heap);
        assertTrue(heap.describe().contains("keep.pages=16"), heap.describe());
    }

    @Test
    void reallocGrowsInPlaceAtTheTopAndKeepsTheBytesWhenItMoves() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long p = heap.malloc(512);
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        mem.write(p, data, 0, data.length);
        assertEquals(p, heap.realloc(p, 100_000), "the top block grows where it is");
        long blocker = heap.malloc(100_000);
        long q = heap.realloc(p, 300_000);
        assertNotEquals(p, q, "a block with a live neighbour moves");
        byte[] back = new byte[512];
        mem.read(q, back, 0, back.length);
        assertArrayEquals(data, back);
        assertEquals(q, heap.realloc(q, 600), "shrinking stays in place");
        mem.read(q, back, 0, back.length);
        assertArrayEquals(data, back);
        assertSound(heap);
        assertEquals(0, heap.realloc(q, 0));
        heap.free(blocker);
        assertSound(heap);
    }

    @Test
    void callocZeroesReusedMemoryAndRefusesAnOverflowingProductWithZero() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long p = heap.malloc(256);
        mem.fill(p, 256, (byte) 0x5a);
        heap.free(p);
        long q = heap.calloc(16, 16);
        assertEquals(p, q);
        for (long i = 0; i < 256; i += 8) {
            assertEquals(0, mem.read64(q + i));
        }
        assertEquals(0, heap.calloc(Long.MAX_VALUE / 2, 4));
        assertSound(heap);
    }

    @Test
    void alignedAllocReturnsAlignedBlocksAndRefusesAnAlignmentThatIsNoPowerOfTwo() {
        TlsfHeap heap = heap(memory());
        heap.malloc(40);
        for (long align : new long[] {16, 64, 256, 4096, 65536}) {
            long p = heap.alignedAlloc(align, 100);
            assertEquals(0, p % align, "alignment " + align);
            assertTrue(heap.usableSize(p) >= 100);
            assertSound(heap);
        }
        HeapException e = assertThrows(HeapException.class, () -> heap.alignedAlloc(48, 10));
        assertTrue(e.getMessage().contains("48"), e.getMessage());
    }

    @Test
    void doubleFreeIsRefusedNamingTheAddressAndLeavesTheHeapIntact() {
        TlsfHeap heap = heap(memory());
        long a = heap.malloc(100);
        heap.malloc(100);
        heap.free(a);
        List<HeapBlock> blocks = heap.blocks();
        long version = heap.version();
        HeapException e = assertThrows(HeapException.class, () -> heap.free(a));
        assertEquals(a, e.address());
        assertTrue(e.getMessage().contains("0x" + Long.toHexString(a)) && e.getMessage().contains("already free"), e.getMessage());
        assertEquals(blocks, heap.blocks());
        assertEquals(version, heap.version());
        assertSound(heap);
    }

    @Test
    void aPointerThatIsNoBlockStartIsRefusedByFreeReallocAndUsableSize() {
        TlsfHeap heap = heap(memory());
        long a = heap.malloc(100);
        List<HeapBlock> blocks = heap.blocks();
        for (long bad : new long[] {a + 16, a + 8, BASE + 8, BASE - 4096}) {
            HeapException e = assertThrows(HeapException.class, () -> heap.free(bad));
            assertTrue(e.getMessage().contains("0x" + Long.toHexString(bad)), e.getMessage());
            assertThrows(HeapException.class, () -> heap.realloc(bad, 10));
            assertThrows(HeapException.class, () -> heap.usableSize(bad));
        }
        assertEquals(blocks, heap.blocks());
        assertSound(heap);
    }

    @Test
    void reallocOfAFreedBlockIsRefusedNamingIt() {
        TlsfHeap heap = heap(memory());
        long a = heap.malloc(100);
        heap.malloc(100);
        heap.free(a);
        HeapException e = assertThrows(HeapException.class, () -> heap.realloc(a, 200));
        assertEquals(a, e.address());
        assertTrue(e.getMessage().startsWith("realloc(0x" + Long.toHexString(a)), e.getMessage());
        assertSound(heap);
    }

    @Test
    void aRequestLargerThanTheRangeIsRefusedNamingTheSize() {
        TlsfHeap heap = heap(memory());
        HeapException e = assertThrows(HeapException.class, () -> heap.malloc(RANGE + 1));
        assertTrue(e.getMessage().contains(Long.toString(RANGE + 1)), e.getMessage());
        assertThrows(HeapException.class, () -> heap.malloc(-1));
    }

    @Test
    void outOfFramesGivesZeroAfterGivingBackWhatItTook() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long a = heap.malloc(1000);
        mem.setBudget(2);
        long pages = mem.mappedPages();
        List<HeapBlock> blocks = heap.blocks();
        assertEquals(0, heap.malloc(5 * 4096));
        assertEquals(0, heap.realloc(a, 5 * 4096), "realloc that cannot grow leaves the old block");
        assertEquals(pages, mem.mappedPages());
        assertEquals(blocks, heap.blocks());
        assertEquals(2, heap.stats().failures());
        assertTrue(heap.malloc(100) != 0, "what is left still serves small requests");
        assertSound(heap);
    }

    @Test
    void aNewHeapRefusesARangeWithMappedPagesAndUnknownOptions() {
        HostHeapMemory mem = memory();
        mem.mapPages(BASE + 8192, 1);
        HeapException e = assertThrows(HeapException.class, () -> heap(mem));
        assertTrue(e.getMessage().contains("mapped"), e.getMessage());
        HeapException o = assertThrows(HeapException.class, () -> TlsfHeap.create(memory(), null, Map.of("colour", "red")));
        assertTrue(o.getMessage().contains("colour"), o.getMessage());
        HeapException v = assertThrows(HeapException.class, () -> TlsfHeap.create(memory(), null, Map.of("arenas", "3")));
        assertTrue(v.getMessage().contains("arenas=3"), v.getMessage());
    }

    @Test
    void destroyGivesBackEveryPage() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long a = heap.malloc(50_000);
        heap.malloc(40);
        heap.malloc(3000);
        heap.malloc(10);
        heap.free(a);
        heap.destroy();
        assertEquals(0, mem.mappedPages());
        assertThrows(HeapException.class, () -> heap.malloc(1));
    }

    @Test
    void checkNamesTheFirstBrokenBlockFirst() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long a = heap.malloc(64);
        long b = heap.malloc(64);
        heap.malloc(64);
        mem.write64(b - 8, 0x7); // size 0 with stray flag bits
        mem.write64(a - 8, mem.read64(a - 8) | TlsfHeap.PREV_FREE);
        List<String> problems = heap.check();
        assertTrue(problems.get(0).startsWith("block at 0x" + Long.toHexString(a - 8)), problems.toString());
        assertTrue(problems.get(1).startsWith("block at 0x" + Long.toHexString(b - 8)), problems.toString());
    }

    @Test
    void checkCatchesAWrongFooterAndAFreeBlockOffItsList() {
        HostHeapMemory mem = memory();
        TlsfHeap heap = heap(mem);
        long a = heap.malloc(64);
        heap.malloc(64);
        heap.free(a);
        mem.write64(a - 8 + 80 - 8, 96);
        assertTrue(heap.check().get(0).contains("footer"), heap.check().toString());
        mem.write64(a - 8 + 80 - 8, 80);
        assertSound(heap);
        heap.arenaOf(a - 8).remove(a - 8, 80);
        assertTrue(String.join("\n", heap.check()).contains("on no free list"), heap.check().toString());
    }

    @Test
    void statsCountBlocksBytesAndMappedPages() {
        TlsfHeap heap = heap(memory());
        long a = heap.malloc(100);
        long b = heap.malloc(200);
        heap.malloc(300);
        heap.free(a);
        var s = heap.stats();
        assertEquals(2, s.liveBlocks());
        assertEquals(200 + 312, s.liveBytes(), "usable bytes of b (208-byte block) and c (320-byte block)");
        assertEquals(200, heap.usableSize(b));
        assertEquals(1, s.freeBlocks());
        assertEquals(112, s.freeBytes());
        assertEquals(112, s.largestFree());
        assertEquals(3, s.mallocs());
        assertEquals(1, s.frees());
        assertEquals(3 * HeapMemory.PAGE_SIZE, s.mappedBytes(), "control page and one page per arena");
        assertTrue(heap.describe().contains("small arena") && heap.describe().contains("0x" + Long.toHexString(BASE)));
    }
}
