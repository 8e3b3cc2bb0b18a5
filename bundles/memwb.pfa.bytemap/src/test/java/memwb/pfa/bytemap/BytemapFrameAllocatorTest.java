package memwb.pfa.bytemap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** The bytemap's own behaviour: its byte codes in RAM, next fit, its option, its 4 GiB footprint; the rest is the contract. */
class BytemapFrameAllocatorTest extends FirstFitFrameAllocatorContract {

    @Override
    protected FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options) {
        return BytemapFrameAllocator.create(ram, metadataBelow, adopt, options);
    }

    @Override
    protected String metadataName() {
        return "the bytemap";
    }

    /** Every frame's byte in the bytemap is its state's code. */
    @Override
    protected void assertMetadataMatchesStates(PhysicalMemory ram, FrameAllocator pfa) {
        long map = metadataBase(pfa);
        for (long i = 0; i < pfa.frameCount(); i++) {
            assertEquals(pfa.state(i * FRAME_SIZE).code(), ram.read8(map + i), "byte of frame " + i);
        }
    }

    static BytemapFrameAllocator allocator(PhysicalMemory ram, String search) {
        return BytemapFrameAllocator.create(ram, KERNEL, null, Map.of(SearchMode.OPTION, search));
    }

    static BytemapFrameAllocator firstFit(PhysicalMemory ram) {
        return BytemapFrameAllocator.create(ram, KERNEL, null, Map.of());
    }

    @Test
    void bytemapBytesInRamAre0ForFree1ForAllocatedAnd2ForReserved() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = firstFit(ram);
        long frame = pfa.allocFrame(Owner.KERNEL_DATA);
        long map = metadataBase(pfa);
        assertEquals(1, ram.read8(map + frame / FRAME_SIZE), "allocated");
        assertEquals(0, ram.read8(map + 1), "free");
        assertEquals(2, ram.read8(map + 0x9f), "BIOS area");
        assertEquals(2, ram.read8(map + 0x800), "hole at 8 MiB");
        assertEquals(2, ram.read8(map + 0xa00), "ACPI data");
        assertEquals(2, ram.read8(map + (map / FRAME_SIZE)), "the bytemap's own frame");
        assertEquals(0, ram.read8(map + 0x9ff), "usable 9-10 MiB");
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
    void anUnknownSearchValueIsRefusedNamingItAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> BytemapFrameAllocator.create(ram, KERNEL, null, Map.of("search", "best-fit")));
        assertTrue(value.getMessage().contains("'best-fit'"), value.getMessage());
        assertEquals(0, ram.touchedBytes(), "nothing written");
    }

    @Test
    void describeNamesTheAlgorithmSearchModeAndWhereTheBytemapIs() {
        FrameAllocator pfa = firstFit(new SparseMemory(smallPc()));
        String d = pfa.describe();
        assertTrue(d.contains("first-fit"), d);
        assertTrue(d.contains("0x1ff000"), d);
        assertTrue(d.contains("2561 bytes"), d);
        assertEquals("bytemap", pfa.name());
        assertEquals("bytemap, one byte per frame", pfa.metadata().get(0).label());
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
}
