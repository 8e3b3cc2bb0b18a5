package memwb.pfa.bytemap;

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
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

class BytemapFrameAllocatorTest {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    /** Where the tests' kernel image starts: the bytemap goes just below it. */
    static final long KERNEL = 2 * MIB;

    /**
     * A small PC: usable low memory, firmware's BIOS area, usable 1-8 MiB, a hole at 8-9 MiB,
     * usable 9-10 MiB, one frame of ACPI data. Limit 0xa01000, 2561 frames, so a one-frame bytemap.
     */
    static MemoryMap smallPc() {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, 7 * MIB, RegionType.USABLE),
                new MemoryRegion(9 * MIB, MIB, RegionType.USABLE),
                new MemoryRegion(10 * MIB, FRAME_SIZE, RegionType.ACPI_RECLAIMABLE)));
    }

    static BytemapFrameAllocator allocator(PhysicalMemory ram, String search) {
        return BytemapFrameAllocator.create(ram, KERNEL, null, Map.of(SearchMode.OPTION, search));
    }

    static BytemapFrameAllocator firstFit(PhysicalMemory ram) {
        return BytemapFrameAllocator.create(ram, KERNEL, null, Map.of());
    }

    /** A copy of {@code length} bytes of RAM at {@code pa}, for before/after comparisons. */
    static byte[] snapshot(PhysicalMemory ram, long pa, int length) {
        byte[] b = new byte[length];
        ram.read(pa, b, 0, length);
        return b;
    }

    static long bytemapBase(FrameAllocator pfa) {
        return pfa.metadata().get(0).base();
    }

    @Test
    void bytemapIndexesFramesUpToTheMapLimitNotTheSumOfRegionSizes() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        assertEquals(0xa01000 / FRAME_SIZE, pfa.frameCount());
        assertTrue(ram.memoryMap().usableBytes() / FRAME_SIZE < pfa.frameCount());
    }

    @Test
    void bytemapSitsInTheHighestFramesBelowMetadataBelowAndIsReservedAsAllocatorMetadata() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        OwnedRange bytemap = pfa.metadata().get(0);
        assertEquals(KERNEL - FRAME_SIZE, bytemap.base());
        assertEquals(FRAME_SIZE, bytemap.length());
        assertEquals(Owner.ALLOCATOR_METADATA, bytemap.owner());
        assertEquals(FrameState.RESERVED, pfa.state(bytemap.base()));
        assertEquals(Owner.ALLOCATOR_METADATA, pfa.owner(bytemap.base()));
    }

    @Test
    void bytemapSkipsAHoleAndNonUsableFramesBelowMetadataBelow() {
        // metadataBelow inside the hole at 8-9 MiB and not frame aligned: the bytemap ends at 8 MiB.
        FrameAllocator pfa = BytemapFrameAllocator.create(new SparseMemory(smallPc()), 8 * MIB + 0x800 + 0x1000, null, null);
        assertEquals(8 * MIB - FRAME_SIZE, bytemapBase(pfa));
        // Ending in the BIOS area: the bytemap drops to the last usable low frame.
        FrameAllocator low = BytemapFrameAllocator.create(new SparseMemory(smallPc()), 0xc0000, null, null);
        assertEquals(0x9e000, bytemapBase(low));
    }

    @Test
    void aBytemapThatDoesNotFitBelowMetadataBelowIsRefusedNamingTheAddress() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameException e = assertThrows(FrameException.class,
                () -> BytemapFrameAllocator.create(ram, 0x800, null, null));
        assertEquals(0x800, e.address());
        assertTrue(e.getMessage().contains("0x800"), e.getMessage());
        assertEquals(0, ram.touchedBytes(), "nothing written");
    }

    @Test
    void bytemapBytesInRamAre0ForFree1ForAllocatedAnd2ForReserved() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        long frame = pfa.allocFrame(Owner.KERNEL_DATA);
        long map = bytemapBase(pfa);
        assertEquals(1, ram.read8(map + frame / FRAME_SIZE), "allocated");
        assertEquals(0, ram.read8(map + 1), "free");
        assertEquals(2, ram.read8(map + 0x9f), "BIOS area");
        assertEquals(2, ram.read8(map + 0x800), "hole at 8 MiB");
        assertEquals(2, ram.read8(map + 0xa00), "ACPI data");
        assertEquals(2, ram.read8(map + (map / FRAME_SIZE)), "the bytemap's own frame");
        assertEquals(0, ram.read8(map + 0x9ff), "usable 9-10 MiB");
    }

    @Test
    void allocReturnsTheLowestFreeFrameAndAFreedFrameIsHandedOutAgainFirst() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        assertEquals(0x0, pfa.allocFrame(Owner.HEAP));
        assertEquals(0x1000, pfa.allocFrame(Owner.HEAP));
        assertEquals(0x2000, pfa.allocFrame(Owner.HEAP));
        pfa.freeFrame(0x1000);
        assertEquals(0x1000, pfa.allocFrame(Owner.PAGE_TABLES));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(0x1000));
        assertEquals(0x3000, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void framesOfHolesReservedRegionsAndTheBytemapAreNeverReturned() {
        MemoryMap map = smallPc();
        FrameAllocator pfa = firstFit(new SparseMemory(map));
        long bytemap = bytemapBase(pfa);
        long free = pfa.stats().free();
        long count = 0;
        for (long pa = pfa.allocFrame(Owner.USER); pa != NO_FRAME; pa = pfa.allocFrame(Owner.USER)) {
            assertTrue(map.isUsable(pa, FRAME_SIZE), String.format("0x%x is usable", pa));
            assertNotEquals(bytemap, pa);
            count++;
        }
        assertEquals(free, count);
        assertEquals((0x9f + 0x700 + 0x100 - 1), count, "low + 1-8 MiB + 9-10 MiB less the bytemap");
    }

    @Test
    void partiallyUsableFramesAreReserved() {
        MemoryMap ragged = new MemoryMap(List.of(
                new MemoryRegion(0x800, 0x3000, RegionType.USABLE), // frames 0 and 3 only partly usable
                new MemoryRegion(MIB, MIB, RegionType.USABLE)));
        FrameAllocator pfa = BytemapFrameAllocator.create(new SparseMemory(ragged), 2 * MIB, null, null);
        assertEquals(FrameState.RESERVED, pfa.state(0x0));
        assertEquals(FrameState.FREE, pfa.state(0x1000));
        assertEquals(FrameState.FREE, pfa.state(0x2000));
        assertEquals(FrameState.RESERVED, pfa.state(0x3000));
        assertEquals(0x1000, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void ownersOfReservedFramesSayWhyTheyAreReserved() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        assertEquals(Owner.FIRMWARE, pfa.owner(0x9f000));
        assertEquals(Owner.FIRMWARE, pfa.owner(10 * MIB));
        assertEquals(Owner.NONE, pfa.owner(8 * MIB), "a hole has no owner");
        assertEquals(Owner.NONE, pfa.owner(0x5000), "free");
    }

    /** Asserts that {@code bad} is refused naming {@code pa} in hex and changes neither RAM nor the counts. */
    static void assertRefused(PhysicalMemory ram, FrameAllocator pfa, long pa, String reason, Consumer<FrameAllocator> bad) {
        long map = bytemapBase(pfa);
        byte[] before = snapshot(ram, map, (int) pfa.frameCount());
        FrameStats stats = pfa.stats();
        long version = pfa.version();
        FrameException e = assertThrows(FrameException.class, () -> bad.accept(pfa));
        assertEquals(pa, e.address());
        assertTrue(e.getMessage().contains(String.format("0x%x", pa)), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertArrayEquals(before, snapshot(ram, map, (int) pfa.frameCount()), "bytemap unchanged");
        assertEquals(stats, pfa.stats());
        assertEquals(version, pfa.version());
    }

    @Test
    void doubleFreeIsRefusedAndLeavesTheBytemapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        long pa = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.HEAP);
        pfa.freeFrame(pa);
        assertRefused(ram, pfa, pa, "already free", p -> p.freeFrame(pa));
    }

    @Test
    void freeOfANeverAllocatedFrameIsRefusedAndLeavesTheBytemapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x300000, "never allocated", p -> p.freeFrame(0x300000));
    }

    @Test
    void freeOfReservedFramesIsRefusedAndLeavesTheBytemapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x9f000, "reserved (firmware)", p -> p.freeFrame(0x9f000));
        assertRefused(ram, pfa, 8 * MIB, "reserved", p -> p.freeFrame(8 * MIB));
        long bytemap = bytemapBase(pfa);
        assertRefused(ram, pfa, bytemap, "reserved (allocator metadata)", p -> p.freeFrame(bytemap));
    }

    @Test
    void misalignedAndOutOfRangeFreesAreRefusedAndLeaveTheBytemapUnchanged() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x1008, "not aligned", p -> p.freeFrame(0x1008));
        assertRefused(ram, pfa, 0xa01000, "out of range", p -> p.freeFrame(0xa01000));
        assertRefused(ram, pfa, 0x7000000000L, "out of range", p -> p.freeFrame(0x7000000000L));
        assertRefused(ram, pfa, -FRAME_SIZE, "out of range", p -> p.freeFrame(-FRAME_SIZE));
        assertThrows(FrameException.class, () -> pfa.state(0x1001));
        assertThrows(FrameException.class, () -> pfa.owner(0xa01000));
    }

    @Test
    void outOfFramesReturnsNoFrameAndChangesNothing() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        while (pfa.allocFrame(Owner.USER) != NO_FRAME) {
            // drain
        }
        byte[] before = snapshot(ram, bytemapBase(pfa), (int) pfa.frameCount());
        long version = pfa.version();
        assertEquals(NO_FRAME, pfa.allocFrame(Owner.USER));
        assertEquals(NO_FRAME, pfa.allocContiguous(1, 1, Owner.USER));
        assertArrayEquals(before, snapshot(ram, bytemapBase(pfa), (int) pfa.frameCount()));
        assertEquals(version, pfa.version());
        assertEquals(0, pfa.stats().free());
        assertEquals(0, pfa.stats().largestFreeRun());
    }

    @Test
    void allocContiguousReturnsTheFirstAlignedRunOfFreeFrames() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        pfa.allocFrame(Owner.HEAP); // frame 0
        assertEquals(0x1000, pfa.allocContiguous(3, 1, Owner.PAGE_TABLES));
        assertEquals(0x8000, pfa.allocContiguous(2, 8, Owner.PAGE_TABLES), "next multiple of 8 frames");
        assertEquals(FrameState.ALLOCATED, pfa.state(0x9000));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(0x9000));
        assertEquals(0x10000, pfa.allocContiguous(16, 16, Owner.USER), "frames 10-15 are too few");
        // Low memory's longest free run is now frames 32-158 (127); the BIOS area ends it, so 1 MiB.
        assertEquals(0x100000, pfa.allocContiguous(200, 1, Owner.USER));
    }

    @Test
    void allocContiguousFindsA512FrameRunAlignedTo2MiB() {
        MemoryMap map = new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(MIB, 15 * MIB, RegionType.USABLE)));
        SparseMemory ram = new SparseMemory(map);
        FrameAllocator pfa = BytemapFrameAllocator.create(ram, 16 * MIB, null, null);
        pfa.allocFrame(Owner.KERNEL_DATA);
        long huge = pfa.allocContiguous(512, 512, Owner.USER);
        assertEquals(2 * MIB, huge);
        long map2 = bytemapBase(pfa);
        for (long i = 0; i < 512; i++) {
            assertEquals(1, ram.read8(map2 + huge / FRAME_SIZE + i));
        }
        assertEquals(4 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        pfa.freeContiguous(huge, 512);
        assertEquals(2 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        assertEquals(NO_FRAME, pfa.allocContiguous(4096, 1, Owner.USER), "16 MiB of frames are not free in one run");
    }

    @Test
    void allocContiguousRefusesABadCountOrAlignmentNamingTheValue() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
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
    void freeContiguousValidatesEveryFrameBeforeChangingAny() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        long run = pfa.allocContiguous(4, 1, Owner.USER);
        pfa.freeFrame(run + 2 * FRAME_SIZE);
        assertRefused(ram, pfa, run + 2 * FRAME_SIZE, "already free", p -> p.freeContiguous(run, 4));
        assertRefused(ram, pfa, 0x9f000, "reserved", p -> p.freeContiguous(0x9f000, 1));
        assertRefused(ram, pfa, 0xa00000, "does not fit", p -> p.freeContiguous(0xa00000, 2));
        pfa.freeContiguous(run, 2);
        assertEquals(FrameState.FREE, pfa.state(run + FRAME_SIZE));
        assertEquals(FrameState.ALLOCATED, pfa.state(run + 3 * FRAME_SIZE));
    }

    @Test
    void nextFitResumesAfterTheLastAllocationWhereFirstFitRestartsFromZero() {
        FrameAllocator first = allocator(new SparseMemory(smallPc()), "first-fit");
        FrameAllocator next = allocator(new SparseMemory(smallPc()), "next-fit");
        for (FrameAllocator pfa : List.of(first, next)) {
            pfa.allocFrame(Owner.HEAP);
            pfa.allocFrame(Owner.HEAP);
            pfa.allocFrame(Owner.HEAP);
            pfa.freeFrame(0x0);
        }
        assertEquals(0x0, first.allocFrame(Owner.HEAP));
        assertEquals(0x3000, next.allocFrame(Owner.HEAP));
        assertTrue(next.describe().contains("next-fit"));
    }

    @Test
    void nextFitWrapsAroundOnceAndReportsNoFrameWhenNothingIsFree() {
        FrameAllocator next = allocator(new SparseMemory(smallPc()), "next-fit");
        long last = 0;
        for (long pa = next.allocFrame(Owner.USER); pa != NO_FRAME; pa = next.allocFrame(Owner.USER)) {
            last = pa;
        }
        assertEquals(10 * MIB - FRAME_SIZE, last);
        next.freeFrame(0x5000);
        assertEquals(0x5000, next.allocFrame(Owner.USER), "wrapped to the start");
        assertEquals(NO_FRAME, next.allocFrame(Owner.USER));
    }

    @Test
    void unknownOptionKeysAndValuesAreRefusedNamingThem() {
        SparseMemory ram = new SparseMemory(smallPc());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> BytemapFrameAllocator.create(ram, KERNEL, null, Map.of("serch", "next-fit")));
        assertTrue(key.getMessage().contains("'serch'"), key.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> BytemapFrameAllocator.create(ram, KERNEL, null, Map.of("search", "best-fit")));
        assertTrue(value.getMessage().contains("'best-fit'"), value.getMessage());
        assertEquals(0, ram.touchedBytes(), "nothing written");
    }

    @Test
    void statsCountEveryStateAndTheLargestFreeRunAndVersionCountsChanges() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        FrameStats fresh = pfa.stats();
        assertEquals(new FrameStats(0xa01, 0x9f + 0x800 - 1, 0, 0xa01 - (0x9f + 0x800 - 1), 0x600), fresh,
                "largest run: 1-8 MiB less the bytemap frame at 2 MiB - 4 KiB is 0xff frames below and 0x600 above");
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
    void describeNamesTheAlgorithmSearchModeAndWhereTheBytemapIs() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        String d = pfa.describe();
        assertTrue(d.contains("first-fit"), d);
        assertTrue(d.contains("0x1ff000"), d);
        assertTrue(d.contains("2561 bytes"), d);
        assertEquals("bytemap", pfa.name());
    }

    @Test
    void aFourGibMachineIsIndexedByAOneMibBytemapAndStaysSparse() {
        MemoryMap fourGib = new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, 0xbff00000L - MIB, RegionType.USABLE),
                new MemoryRegion(0xfec00000L, 0x1400000L, RegionType.RESERVED)));
        SparseMemory ram = new SparseMemory(fourGib);
        FrameAllocator pfa = BytemapFrameAllocator.create(ram, 16 * MIB, null, null);
        assertEquals(1L << 20, pfa.frameCount());
        assertEquals(new OwnedRange(15 * MIB, MIB, Owner.ALLOCATOR_METADATA, "bytemap, one byte per frame"),
                pfa.metadata().get(0));
        long big = pfa.allocContiguous(512, 512, Owner.USER);
        assertEquals(0, big % (2 * MIB));
        pfa.allocFrame(Owner.HEAP);
        assertEquals(FrameState.RESERVED, pfa.state(0xfff00000L));
        assertEquals(FrameState.RESERVED, pfa.state(0xc0000000L), "the hole below the reserved top");
        assertTrue(ram.touchedBytes() <= 2 * MIB, "only the bytemap is backed: " + ram.touchedBytes());
    }

    @Test
    void exportedRunsCoverEveryFrameInOrder() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        pfa.allocFrame(Owner.HEAP);
        pfa.allocContiguous(3, 1, Owner.PAGE_TABLES);
        var state = pfa.exportState();
        assertEquals(pfa.frameCount(), state.frameCount());
        long next = 0;
        List<String> firstRuns = new ArrayList<>();
        for (var run : state.runs()) {
            assertEquals(next, run.firstFrame());
            next += run.count();
            firstRuns.add(run.firstFrame() + "+" + run.count() + " " + run.state() + " " + run.owner());
        }
        assertEquals(pfa.frameCount(), next);
        assertEquals(List.of("0+1 ALLOCATED HEAP", "1+3 ALLOCATED PAGE_TABLES", "4+155 FREE NONE",
                "159+97 RESERVED FIRMWARE"), firstRuns.subList(0, 4));
    }
}
