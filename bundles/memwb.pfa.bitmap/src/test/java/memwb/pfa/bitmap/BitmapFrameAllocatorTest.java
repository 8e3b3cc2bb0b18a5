package memwb.pfa.bitmap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.pfa.support.testing.FirstFitFrameAllocatorContract;
import memwb.ram.SparseMemory;

/** The bitmap's own behaviour: its bits in RAM, the hint and summaries, its 4 GiB footprint; the rest is the contract. */
class BitmapFrameAllocatorTest extends FirstFitFrameAllocatorContract {
    /** smallPc's bitmap: 2561 bits in 41 words. */
    static final int SMALL_BITMAP_BYTES = 41 * 8;

    @Override
    protected FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options) {
        return BitmapFrameAllocator.create(ram, metadataBelow, adopt, options);
    }

    @Override
    protected String metadataName() {
        return "the bitmap";
    }

    @Override
    protected void assertMetadataMatchesStates(PhysicalMemory ram, FrameAllocator pfa) {
        assertRamBitsMatchStates(ram, pfa);
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
    void describeNamesTheAlgorithmTheSummaryAndWhereTheBitmapIs() {
        FrameAllocator pfa = allocator(new SparseMemory(smallPc()));
        String d = pfa.describe();
        assertTrue(d.contains("one bit per 4 KiB frame"), d);
        assertTrue(d.contains("summary"), d);
        assertTrue(d.contains("[0x1ff000, 0x1ff148)"), d);
        assertTrue(d.contains(SMALL_BITMAP_BYTES + " bytes"), d + ": 2561 frames in whole 64-bit words");
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
}
