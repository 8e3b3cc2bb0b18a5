package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;

class BandLayoutTest {
    private static final long MIB = 1 << 20;
    private final MemoryMap map = new MemoryMap(List.of(new MemoryRegion(0, 0x9f000, RegionType.USABLE),
            new MemoryRegion(0xf0000, 0x10000, RegionType.RESERVED), new MemoryRegion(MIB, 7 * MIB, RegionType.USABLE)));

    @Test
    void ownersSplitTheirFirmwareRegionAndKeepItsType() {
        List<OwnedRange> owned = List.of(new OwnedRange(2 * MIB, MIB, Owner.KERNEL, "kernel .text r-x"));
        List<Band> bands = BandLayout.of(map, owned, null);
        assertEquals(List.of(new Band(0, 0x9f000, "usable", ""), new Band(0xf0000, MIB, "reserved", ""),
                new Band(MIB, 2 * MIB, "usable", ""), new Band(2 * MIB, 3 * MIB, "usable", "kernel .text r-x"),
                new Band(3 * MIB, 8 * MIB, "usable", "")), bands);
    }

    @Test
    void allocatedFrameRunsShowTheirOwnerAndAdjacentEqualBandsMerge() {
        AllocationState frames = new AllocationState(2048, List.of(new FrameRun(0, 0x300, FrameState.FREE, Owner.NONE),
                new FrameRun(0x300, 2, FrameState.ALLOCATED, Owner.PAGE_TABLES),
                new FrameRun(0x302, 1, FrameState.ALLOCATED, Owner.PAGE_TABLES),
                new FrameRun(0x303, 2048 - 0x303, FrameState.FREE, Owner.NONE)));
        List<Band> bands = BandLayout.of(map, List.of(), frames);
        assertTrue(bands.contains(new Band(0x300000, 0x303000, "usable", "page tables")), bands.toString());
        long covered = bands.stream().mapToLong(Band::size).sum();
        assertEquals(0x9f000 + 0x10000 + 7 * MIB, covered, "holes stay out, nothing is counted twice");
    }

    @Test
    void anOwnedRangeWinsOverTheFrameOwnerBeneathIt() {
        AllocationState frames = new AllocationState(2048, List.of(new FrameRun(0, 2048, FrameState.ALLOCATED, Owner.KERNEL_DATA)));
        List<Band> bands = BandLayout.of(map, List.of(new OwnedRange(0x1000, 0x1000, Owner.GDT, "GDT")), frames);
        assertEquals(new Band(0x1000, 0x2000, "usable", "GDT"), bands.get(1));
        assertEquals("kernel data", bands.get(0).owner());
    }

    @Test
    void theAxisZoomsFromTheWholeSpaceDownToOnePageAroundTheMouse() {
        AddressAxis axis = AddressAxis.whole(8 * MIB);
        assertEquals(0, axis.pixel(0, 800));
        assertEquals(800, axis.pixel(8 * MIB, 800));
        long around = 2 * MIB;
        for (int i = 0; i < 40; i++) {
            axis = axis.zoomIn(around);
            assertTrue(around >= axis.first() && around <= axis.end(), "the mouse address stays in view: " + axis);
        }
        assertEquals(AddressAxis.MIN_LENGTH, axis.length(), "zooming stops at one page");
        for (int i = 0; i < 40; i++) {
            axis = axis.zoomOut(around);
        }
        assertEquals(AddressAxis.whole(8 * MIB), axis, "zooming out stops at the whole space");
    }

    @Test
    void anEmptyAddressSpaceIsRefusedNamingItsEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressAxis.whole(0));
        assertEquals("address space end 0x0 is not positive", e.getMessage());
    }
}
