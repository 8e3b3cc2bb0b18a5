package memwb.pfa.bitmap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

class BitmapFrameAllocatorTest {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    /** Where the tests' kernel image starts: the bitmap goes just below it. */
    static final long KERNEL = 2 * MIB;
    /** Frames of smallPc: limit 0xa01000. */
    static final int SMALL_FRAMES = 0xa01;
    /** smallPc's bitmap: 2561 bits in 41 words. */
    static final int SMALL_BITMAP_BYTES = 41 * 8;

    /**
     * A small PC: usable low memory, firmware's BIOS area, usable 1-8 MiB, a hole at 8-9 MiB,
     * usable 9-10 MiB, one frame of ACPI data. Limit 0xa01000, 2561 frames, so a one-frame bitmap.
     */
    static MemoryMap smallPc() {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, 7 * MIB, RegionType.USABLE),
                new MemoryRegion(9 * MIB, MIB, RegionType.USABLE),
                new MemoryRegion(10 * MIB, FRAME_SIZE, RegionType.ACPI_RECLAIMABLE)));
    }

    /** A PC-like 4 GiB map, as in the benchmarks: 1 Mi frames. */
    static MemoryMap fourGib() {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, 0xc0000000L - MIB, RegionType.USABLE),
                new MemoryRegion(0xfec00000L, 0x1400000L, RegionType.RESERVED)));
    }

    static BitmapFrameAllocator allocator(PhysicalMemory ram) {
        return BitmapFrameAllocator.create(ram, KERNEL, null, Map.of());
    }

    static byte[] snapshot(PhysicalMemory ram, long pa, int length) {
        byte[] b = new byte[length];
        ram.read(pa, b, 0, length);
        return b;
    }

    static long bitmapBase(FrameAllocator pfa) {
        return pfa.metadata().get(0).base();
    }

    /** Frame i's bit in the bitmap in RAM. */
    static boolean bitInRam(PhysicalMemory ram, FrameAllocator pfa, long i) {
        return ((ram.read8(bitmapBase(pfa) + i / 8) >>> (i % 8)) & 1) != 0;
    }

    /** Asserts every frame's RAM bit is 1 exactly when its state is not FREE. */
    static void assertRamBitsMatchStates(PhysicalMemory ram, FrameAllocator pfa) {
        for (long i = 0; i < pfa.frameCount(); i++) {
            assertEquals(pfa.state(i * FRAME_SIZE) != FrameState.FREE, bitInRam(ram, pfa, i), "bit of frame " + i);
        }
    }

    @Test
    void bitmapIndexesFramesUpToTheMapLimitInWholeWords() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        assertEquals(SMALL_FRAMES, pfa.frameCount());
        assertTrue(pfa.describe().contains(SMALL_BITMAP_BYTES + " bytes"), pfa.describe());
    }

    @Test
    void bitmapSitsInTheHighestFramesBelowMetadataBelowAndIsReservedAsAllocatorMetadata() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        OwnedRange bitmap = pfa.metadata().get(0);
        assertEquals(new OwnedRange(KERNEL - FRAME_SIZE, FRAME_SIZE, Owner.ALLOCATOR_METADATA, "bitmap, one bit per frame"),
                bitmap);
        assertEquals(FrameState.RESERVED, pfa.state(bitmap.base()));
        assertEquals(Owner.ALLOCATOR_METADATA, pfa.owner(bitmap.base()));
    }

    @Test
    void bitmapSkipsAHoleAndNonUsableFramesBelowMetadataBelow() {
        FrameAllocator pfa = BitmapFrameAllocator.create(new SparseMemory(smallPc()), 8 * MIB + 0x1800, null, null);
        assertEquals(8 * MIB - FRAME_SIZE, bitmapBase(pfa));
        FrameAllocator low = BitmapFrameAllocator.create(new SparseMemory(smallPc()), 0xc0000, null, null);
        assertEquals(0x9e000, bitmapBase(low));
    }

    @Test
    void aBitmapThatDoesNotFitBelowMetadataBelowIsRefusedNamingTheAddress() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameException e = assertThrows(FrameException.class, () -> BitmapFrameAllocator.create(ram, 0x800, null, null));
        assertEquals(0x800, e.address());
        assertTrue(e.getMessage().contains("0x800") && e.getMessage().contains("bitmap"), e.getMessage());
        assertEquals(0, ram.touchedBytes(), "nothing written");
    }

    @Test
    void bitmapBitsInRamAre0ForFreeAnd1ForAllocatedReservedAndPadding() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        long frame = pfa.allocFrame(Owner.KERNEL_DATA);
        long map = bitmapBase(pfa);
        assertEquals(0x1L, ram.read64(map), "frame 0 allocated, 1-63 free");
        assertTrue(bitInRam(ram, pfa, frame / FRAME_SIZE));
        assertEquals(-1L, ram.read64(map + 8 * 3), "frames 0xc0-0xff: BIOS area");
        assertTrue(bitInRam(ram, pfa, 0x9f), "BIOS area starts at frame 0x9f");
        assertTrue(!bitInRam(ram, pfa, 0x9e));
        assertEquals(-1L, ram.read64(map + 8 * (0x800 / 64)), "hole at 8 MiB");
        assertTrue(bitInRam(ram, pfa, map / FRAME_SIZE), "the bitmap's own frame");
        assertEquals(-1L, ram.read64(map + 8 * 40), "frame 0xa00 (ACPI) and the 63 padding bits past the last frame");
        assertEquals(0, ram.read64(map + 8 * 39), "usable 9-10 MiB");
        assertEquals(0, ram.read64(map + SMALL_BITMAP_BYTES), "the rest of the metadata frame is zero");
        assertRamBitsMatchStates(ram, pfa);
    }

    @Test
    void allocReturnsTheLowestFreeFrameAndAFreedFrameIsHandedOutAgainFirst() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        assertEquals(0x0, pfa.allocFrame(Owner.HEAP));
        assertEquals(0x1000, pfa.allocFrame(Owner.HEAP));
        assertEquals(0x2000, pfa.allocFrame(Owner.HEAP));
        pfa.freeFrame(0x1000);
        assertEquals(0x1000, pfa.allocFrame(Owner.PAGE_TABLES));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(0x1000));
        assertEquals(0x3000, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void theHintNeverHidesALowerFreeFrameAcrossWordsAndSummaryLongs() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        for (int i = 0; i < 0x9f + 0x80; i++) {
            pfa.allocFrame(Owner.USER); // past the BIOS area, so the hint sits at 1 MiB + 0x80 frames
        }
        pfa.freeFrame(0x41000); // frame 0x41: word 1
        pfa.freeFrame(0x7000);
        assertEquals(0x7000, pfa.allocFrame(Owner.HEAP), "the lowest of the two");
        assertEquals(0x41000, pfa.allocFrame(Owner.HEAP));
        assertEquals(MIB + 0x80 * FRAME_SIZE, pfa.allocFrame(Owner.HEAP), "then on from the hint");
        long contiguous = pfa.allocContiguous(2, 1, Owner.USER);
        pfa.freeContiguous(contiguous, 2);
        pfa.freeFrame(0x3000);
        assertEquals(0x3000, pfa.allocContiguous(1, 1, Owner.USER), "allocContiguous also starts low enough");
    }

    @Test
    void framesOfHolesReservedRegionsAndTheBitmapAreNeverReturned() {
        MemoryMap map = smallPc();
        FrameAllocator pfa = allocator(new SparseMemory(map));
        long bitmap = bitmapBase(pfa);
        long free = pfa.stats().free();
        long count = 0;
        for (long pa = pfa.allocFrame(Owner.USER); pa != NO_FRAME; pa = pfa.allocFrame(Owner.USER)) {
            assertTrue(map.isUsable(pa, FRAME_SIZE), String.format("0x%x is usable", pa));
            assertNotEquals(bitmap, pa);
            count++;
        }
        assertEquals(free, count);
        assertEquals(0x9f + 0x700 + 0x100 - 1, count, "low + 1-8 MiB + 9-10 MiB less the bitmap");
    }

    @Test
    void partiallyUsableFramesAreReserved() {
        MemoryMap ragged = new MemoryMap(List.of(
                new MemoryRegion(0x800, 0x3000, RegionType.USABLE), // frames 0 and 3 only partly usable
                new MemoryRegion(MIB, MIB, RegionType.USABLE)));
        FrameAllocator pfa = BitmapFrameAllocator.create(new SparseMemory(ragged), 2 * MIB, null, null);
        assertEquals(FrameState.RESERVED, pfa.state(0x0));
        assertEquals(FrameState.FREE, pfa.state(0x1000));
        assertEquals(FrameState.FREE, pfa.state(0x2000));
        assertEquals(FrameState.RESERVED, pfa.state(0x3000));
        assertEquals(0x1000, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void ownersOfReservedFramesSayWhyTheyAreReserved() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        assertEquals(Owner.FIRMWARE, pfa.owner(0x9f000));
        assertEquals(Owner.FIRMWARE, pfa.owner(10 * MIB));
        assertEquals(Owner.NONE, pfa.owner(8 * MIB), "a hole has no owner");
        assertEquals(FrameState.RESERVED, pfa.state(8 * MIB));
        assertEquals(Owner.NONE, pfa.owner(0x5000), "free");
    }

    /** Asserts that {@code bad} is refused naming {@code pa} in hex and changes neither the RAM bitmap nor the counts. */
    static void assertRefused(PhysicalMemory ram, FrameAllocator pfa, long pa, String reason, Consumer<FrameAllocator> bad) {
        long map = bitmapBase(pfa);
        byte[] before = snapshot(ram, map, (int) FRAME_SIZE);
        FrameStats stats = pfa.stats();
        long version = pfa.version();
        long ramVersion = ram.version();
        FrameException e = assertThrows(FrameException.class, () -> bad.accept(pfa));
        assertEquals(pa, e.address());
        assertTrue(e.getMessage().contains(String.format("0x%x", pa)), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertArrayEquals(before, snapshot(ram, map, (int) FRAME_SIZE), "bitmap unchanged");
        assertEquals(ramVersion, ram.version(), "nothing written to RAM");
        assertEquals(stats, pfa.stats());
        assertEquals(version, pfa.version());
    }

    @Test
    void doubleFreeIsRefusedAndLeavesTheBitmapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        long pa = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.HEAP);
        pfa.freeFrame(pa);
        assertRefused(ram, pfa, pa, "already free", p -> p.freeFrame(pa));
    }

    @Test
    void freeOfANeverAllocatedFrameIsRefusedAndLeavesTheBitmapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x300000, "never allocated", p -> p.freeFrame(0x300000));
    }

    @Test
    void freeOfReservedFramesIsRefusedAndLeavesTheBitmapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x9f000, "reserved (firmware)", p -> p.freeFrame(0x9f000));
        assertRefused(ram, pfa, 8 * MIB, "reserved (no usable RAM there)", p -> p.freeFrame(8 * MIB));
        long bitmap = bitmapBase(pfa);
        assertRefused(ram, pfa, bitmap, "reserved (allocator metadata)", p -> p.freeFrame(bitmap));
    }

    @Test
    void misalignedAndOutOfRangeFreesAreRefusedAndLeaveTheBitmapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x1008, "not aligned", p -> p.freeFrame(0x1008));
        assertRefused(ram, pfa, 0xa01000, "out of range", p -> p.freeFrame(0xa01000));
        assertRefused(ram, pfa, 0xa3f000, "out of range", p -> p.freeFrame(0xa3f000)); // a padding bit's frame
        assertRefused(ram, pfa, 0x7000000000L, "out of range", p -> p.freeFrame(0x7000000000L));
        assertRefused(ram, pfa, -FRAME_SIZE, "out of range", p -> p.freeFrame(-FRAME_SIZE));
        assertThrows(FrameException.class, () -> pfa.state(0x1001));
        assertThrows(FrameException.class, () -> pfa.owner(0xa01000));
    }

    @Test
    void freeContiguousValidatesEveryFrameBeforeChangingAny() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        long run = pfa.allocContiguous(4, 1, Owner.USER);
        pfa.freeFrame(run + 2 * FRAME_SIZE);
        assertRefused(ram, pfa, run + 2 * FRAME_SIZE, "already free", p -> p.freeContiguous(run, 4));
        assertRefused(ram, pfa, 0x9f000, "reserved", p -> p.freeContiguous(0x9f000, 1));
        assertRefused(ram, pfa, 0xa00000, "does not fit", p -> p.freeContiguous(0xa00000, 2));
        assertRefused(ram, pfa, run, "does not fit", p -> p.freeContiguous(run, 0));
        pfa.freeContiguous(run, 2);
        assertEquals(FrameState.FREE, pfa.state(run + FRAME_SIZE));
        assertEquals(FrameState.ALLOCATED, pfa.state(run + 3 * FRAME_SIZE));
    }

    @Test
    void freeContiguousOverAllocatedFramesIntoAReservedOneIsRefusedNamingTheReservedFrame() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        for (int i = 0; i < 0x9f; i++) {
            pfa.allocFrame(Owner.USER); // all of low memory, up to the BIOS area at frame 0x9f
        }
        assertRefused(ram, pfa, 0x9f000, "reserved (firmware)", p -> p.freeContiguous(0x9d000, 3));
        assertEquals(FrameState.ALLOCATED, pfa.state(0x9d000));
    }

    @Test
    void outOfFramesReturnsNoFrameAndChangesNothing() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = allocator(ram);
        while (pfa.allocFrame(Owner.USER) != NO_FRAME) {
            // drain
        }
        byte[] before = snapshot(ram, bitmapBase(pfa), (int) FRAME_SIZE);
        long version = pfa.version();
        assertEquals(NO_FRAME, pfa.allocFrame(Owner.USER));
        assertEquals(NO_FRAME, pfa.allocContiguous(1, 1, Owner.USER));
        assertArrayEquals(before, snapshot(ram, bitmapBase(pfa), (int) FRAME_SIZE));
        assertEquals(version, pfa.version());
        assertEquals(0, pfa.stats().free());
        assertEquals(0, pfa.stats().largestFreeRun());
        pfa.freeFrame(9 * MIB);
        assertEquals(9 * MIB, pfa.allocFrame(Owner.USER), "the one freed frame, found past the hint's old place");
    }

    @Test
    void allocContiguousReturnsTheFirstAlignedRunOfFreeFrames() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        pfa.allocFrame(Owner.HEAP); // frame 0
        assertEquals(0x1000, pfa.allocContiguous(3, 1, Owner.PAGE_TABLES));
        assertEquals(0x8000, pfa.allocContiguous(2, 8, Owner.PAGE_TABLES), "next multiple of 8 frames");
        assertEquals(FrameState.ALLOCATED, pfa.state(0x9000));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(0x9000));
        assertEquals(0x10000, pfa.allocContiguous(16, 16, Owner.USER), "frames 10-15 are too few");
        assertEquals(0x100000, pfa.allocContiguous(200, 1, Owner.USER), "low memory ends at the BIOS area");
        assertEquals(0x4000, pfa.allocFrame(Owner.HEAP), "single frames still fill the gaps from below");
    }

    @Test
    void allocContiguousFindsA512FrameRunAlignedTo2MiB() {
        MemoryMap map = new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(MIB, 15 * MIB, RegionType.USABLE)));
        SparseMemory ram = new SparseMemory(map);
        FrameAllocator pfa = BitmapFrameAllocator.create(ram, 16 * MIB, null, null);
        pfa.allocFrame(Owner.KERNEL_DATA);
        long huge = pfa.allocContiguous(512, 512, Owner.USER);
        assertEquals(2 * MIB, huge);
        long base = bitmapBase(pfa);
        for (int w = 0; w < 8; w++) {
            assertEquals(-1L, ram.read64(base + huge / FRAME_SIZE / 8 + 8 * w), "word " + w + " of the run");
        }
        assertEquals(0, ram.read64(base + (huge / FRAME_SIZE + 512) / 8), "the frames after the run");
        assertEquals(4 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        pfa.freeContiguous(huge, 512);
        assertEquals(2 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        pfa.allocFrame(Owner.HEAP);
        assertEquals(6 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        assertEquals(NO_FRAME, pfa.allocContiguous(4096, 1, Owner.USER), "16 MiB of frames are not free in one run");
        assertRamBitsMatchStates(ram, pfa);
    }

    @Test
    void allocContiguousRefusesABadCountOrAlignmentNamingTheValue() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> pfa.allocContiguous(0, 1, Owner.USER));
        assertTrue(count.getMessage().contains("was 0"), count.getMessage());
        IllegalArgumentException align = assertThrows(IllegalArgumentException.class,
                () -> pfa.allocContiguous(4, 12, Owner.USER));
        assertTrue(align.getMessage().contains("was 12"), align.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pfa.allocContiguous(4, 0, Owner.USER));
        assertEquals(0, pfa.version());
    }

    @Test
    void anyOptionIsRefusedNamingItAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BitmapFrameAllocator.create(ram, KERNEL, null, Map.of("search", "next-fit")));
        assertTrue(e.getMessage().contains("'search'"), e.getMessage());
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void statsCountEveryStateAndTheLargestFreeRunAndVersionCountsChanges() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        FrameStats fresh = pfa.stats();
        assertEquals(new FrameStats(0xa01, 0x9f + 0x800 - 1, 0, 0xa01 - (0x9f + 0x800 - 1), 0x600), fresh);
        long v = pfa.version();
        long a = pfa.allocFrame(Owner.HEAP);
        pfa.allocContiguous(4, 1, Owner.HEAP);
        assertEquals(v + 2, pfa.version());
        FrameStats s = pfa.stats();
        assertEquals(5, s.allocated());
        assertEquals(fresh.free() - 5, s.free());
        assertEquals(fresh.reserved(), s.reserved());
        pfa.freeFrame(a);
        assertEquals(v + 3, pfa.version());
        assertEquals(4, pfa.stats().allocated());
    }

    @Test
    void describeNamesTheAlgorithmTheSummaryAndWhereTheBitmapIs() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        String d = pfa.describe();
        assertTrue(d.contains("one bit per 4 KiB frame"), d);
        assertTrue(d.contains("summary"), d);
        assertTrue(d.contains("[0x1ff000, 0x1ff148)"), d);
        assertEquals("bitmap", pfa.name());
    }

    @Test
    void aFourGibMachineIsIndexedByA128KibBitmapAndANearlyFullMapStillFindsTheLastFrame() {
        SparseMemory ram = new SparseMemory(fourGib());
        FrameAllocator pfa = BitmapFrameAllocator.create(ram, 16 * MIB, null, null);
        assertEquals(1L << 20, pfa.frameCount());
        assertEquals(new OwnedRange(16 * MIB - 128 * KIB, 128 * KIB, Owner.ALLOCATOR_METADATA, "bitmap, one bit per frame"),
                pfa.metadata().get(0));
        long big = pfa.allocContiguous(512, 512, Owner.USER);
        assertEquals(0, big % (2 * MIB));
        assertEquals(FrameState.RESERVED, pfa.state(0xfff00000L));
        assertEquals(FrameState.RESERVED, pfa.state(0xc0000000L), "the hole below the reserved top");
        for (long run = pfa.stats().largestFreeRun(); run > 0; run = pfa.stats().largestFreeRun()) {
            pfa.allocContiguous(run, 1, Owner.USER);
        }
        assertEquals(0, pfa.stats().free());
        long high = 0xbfff0000L;
        pfa.freeFrame(high);
        pfa.freeFrame(0x5000);
        assertEquals(0x5000, pfa.allocFrame(Owner.HEAP));
        assertEquals(high, pfa.allocFrame(Owner.HEAP), "found through the summary");
        assertEquals(NO_FRAME, pfa.allocFrame(Owner.HEAP));
        assertTrue(ram.touchedBytes() <= 2 * MIB, "only the bitmap's chunks are backed: " + ram.touchedBytes());
    }

    @Test
    void exportedRunsCoverEveryFrameInOrder() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        pfa.allocFrame(Owner.HEAP);
        pfa.allocContiguous(3, 1, Owner.PAGE_TABLES);
        var state = pfa.exportState();
        assertEquals(pfa.frameCount(), state.frameCount());
        long next = 0;
        List<String> firstRuns = new ArrayList<>();
        for (FrameRun run : state.runs()) {
            assertEquals(next, run.firstFrame());
            next += run.count();
            firstRuns.add(run.firstFrame() + "+" + run.count() + " " + run.state() + " " + run.owner());
        }
        assertEquals(pfa.frameCount(), next);
        assertEquals(List.of("0+1 ALLOCATED HEAP", "1+3 ALLOCATED PAGE_TABLES", "4+155 FREE NONE",
                "159+97 RESERVED FIRMWARE"), firstRuns.subList(0, 4));
        FrameRun last = state.runs().get(state.runs().size() - 1);
        assertEquals(new FrameRun(0xa00, 1, FrameState.RESERVED, Owner.FIRMWARE), last);
    }
}
