package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.Gdtr;
import memwb.api.heap.HeapBlock;
import memwb.api.machine.Machine;
import memwb.api.machine.NamedSpace;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;
import memwb.api.vmm.AddressSpace;
import memwb.views.support.FakeMachine;

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
    void theTablesOfEveryAddressSpaceAreNamedNotOnlyTheKernels() {
        AddressSpace kernel = space(true, 0x1000, 0x2000);
        AddressSpace process = space(false, 0x5000, 0x1000, 0x2000); // its own root, then the shared kernel tables
        Machine m = FakeMachine.of("m", method -> switch (method) {
            case "spaces" -> List.of(new NamedSpace("kernel", kernel), new NamedSpace("p1", process));
            case "pagingMode" -> "4-level";
            case "heap" -> Optional.empty();
            case "gdtr" -> new Gdtr(0x9000, 0x37);
            case "ownedRanges" -> List.of();
            case "frames" -> allocator();
            case "memoryMap" -> map;
            default -> null;
        });
        Structures of = Structures.of(m);
        assertEquals("page-table entry 0 (0x0) of the table at 0x5000", of.name(0x5000));
        assertEquals("page-table entry 1 (0x1) of the table at 0x2000", of.name(0x2008));
    }

    private static AddressSpace space(boolean kernel, long... tables) {
        return (AddressSpace) Proxy.newProxyInstance(AddressSpace.class.getClassLoader(), new Class<?>[] { AddressSpace.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "tableFrames" -> tables.clone();
                    case "isKernel" -> kernel;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private FrameAllocator allocator() {
        return (FrameAllocator) Proxy.newProxyInstance(FrameAllocator.class.getClassLoader(), new Class<?>[] { FrameAllocator.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "exportState" -> frames;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
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
