package memwb.pfa.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;

/** The plan on its own; each allocator's adoption tests cover it again through real RAM. */
class FramePlanTest {
    /** 16 frames: 0-3 usable, 4-5 reserved, a hole at 6-7, 8-15 usable. */
    static final MemoryMap MAP = new MemoryMap(List.of(new MemoryRegion(0, 0x4000, RegionType.USABLE),
            new MemoryRegion(0x4000, 0x2000, RegionType.RESERVED), new MemoryRegion(0x8000, 0x8000, RegionType.USABLE)));
    static final byte F = FramePlan.FREE;
    static final byte A = FramePlan.ALLOCATED;
    static final byte R = FramePlan.RESERVED;

    @Test
    void theMapDecidesThenTheMetadataGoesJustBelowTheLimitGiven() {
        FramePlan plan = FramePlan.build(MAP, 0xa000, null, "the test metadata", frames -> 2 * 4096);
        assertArrayEquals(new byte[] {F, F, F, F, R, R, R, R, R, R, F, F, F, F, F, F}, plan.states());
        assertEquals(0x8000, plan.metadataBase());
        assertEquals(2, plan.metadataFrames());
        assertEquals(Owner.FIRMWARE.ordinal(), plan.owners()[4]);
        assertEquals(Owner.NONE.ordinal(), plan.owners()[6], "a hole belongs to nobody");
        assertEquals(Owner.ALLOCATOR_METADATA.ordinal(), plan.owners()[8]);
    }

    @Test
    void anAdoptedStateKeepsAllocationsAndReleasesTheOldMetadataOnceTheNewIsPlaced() {
        AllocationState old = new AllocationState(16, List.of(new FrameRun(0, 1, FrameState.ALLOCATED, Owner.HEAP),
                new FrameRun(1, 2, FrameState.RESERVED, Owner.ALLOCATOR_METADATA),
                new FrameRun(3, 1, FrameState.RESERVED, Owner.KERNEL)));
        FramePlan plan = FramePlan.build(MAP, 0x10000, old, "the test metadata", frames -> 4096);
        assertArrayEquals(new byte[] {A, F, F, R, R, R, R, R, F, F, F, F, F, F, F, R}, plan.states());
        assertEquals(Owner.HEAP.ordinal(), plan.owners()[0]);
        assertEquals(Owner.KERNEL.ordinal(), plan.owners()[3]);
        assertEquals(Owner.NONE.ordinal(), plan.owners()[1], "the old metadata is free again");
    }

    @Test
    void noRoomNamesTheMetadataAndTheLimit() {
        FrameException e = assertThrows(FrameException.class,
                () -> FramePlan.build(MAP, 0x4000, null, "the test metadata", frames -> 5 * 4096));
        assertEquals("no room for the test metadata: 20480 bytes (5 frames) of free usable RAM needed below 0x4000",
                e.getMessage());
    }

    @Test
    void anAdoptedStateOfAnotherMachineIsRefused() {
        AllocationState other = new AllocationState(8, List.of(new FrameRun(0, 8, FrameState.FREE, Owner.NONE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FramePlan.build(MAP, 0x10000, other, "the test metadata", frames -> 4096));
        assertTrue(e.getMessage().contains("8 frames but this memory map needs 16"), e.getMessage());
    }
}
