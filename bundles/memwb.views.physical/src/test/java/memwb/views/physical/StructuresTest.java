package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.heap.HeapBlock;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;

class StructuresTest {
    private final MemoryMap map = new MemoryMap(List.of(new MemoryRegion(0, 0x9f000, RegionType.USABLE),
            new MemoryRegion(0xf0000, 0x10000, RegionType.RESERVED), new MemoryRegion(0x100000, 0x700000, RegionType.USABLE)));
    private final AllocationState frames = new AllocationState(0x800, List.of(new FrameRun(0, 0x50, FrameState.FREE, Owner.NONE),
            new FrameRun(0x50, 1, FrameState.ALLOCATED, Owner.HEAP), new FrameRun(0x51, 0x7af, FrameState.FREE, Owner.NONE)));
    private final Structures s = new Structures(0x9000, 0x37, List.of(new OwnedRange(0x7f0000, 0x800, Owner.ALLOCATOR_METADATA,
            "bytemap")), new long[] { 0xa000, 0xb000 }, 8,
            List.of(new Structures.HeapHeader(0x50010, 16, new HeapBlock(0xffff800000000010L, 0xffff800000000020L, 64, false))),
            frames, map);

    @Test
    void aGdtByteIsNamedByEntrySelectorAndOffset() {
        assertEquals("GDT entry 2 (selector 0x10), byte 5", s.name(0x9015));
    }

    @Test
    void aPageTableByteIsNamedAsTheEntryOfItsTable() {
        assertEquals("page-table entry 511 (0x1ff) of the table at 0xb000", s.name(0xbff8));
    }

    @Test
    void aHeapHeaderIsNamedWithItsBlock() {
        assertEquals("heap block header of the used block at 0xffff800000000020 (64 bytes)", s.name(0x50018));
    }

    @Test
    void allocatorMetadataAndPlainFramesFallBackToOwnerAndRegion() {
        assertEquals("bytemap (allocator metadata, 0x7f0000-0x7f0800), offset 0x10", s.name(0x7f0010));
        assertEquals("a frame allocated for heap (usable memory)", s.name(0x50800));
        assertEquals("a free frame (usable memory)", s.name(0x200000));
        assertEquals("a free frame (reserved memory)", s.name(0xf0000), "the frame state and the firmware type each show");
        assertEquals("a hole (no RAM)", new Structures(-1, 0, List.of(), new long[0], 8, List.of(), null, map).name(0xa0000));
    }
}
