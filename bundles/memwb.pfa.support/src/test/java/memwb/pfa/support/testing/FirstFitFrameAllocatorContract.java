package memwb.pfa.support.testing;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

/**
 * The contract of an allocator that hands out the lowest free frame and the lowest aligned free run
 * (the notes' first fit), any of whose allocated frames can be freed alone: the bytemap and the
 * bitmap. A buddy allocator is neither, so it extends {@link FrameAllocatorContract} only.
 */
public abstract class FirstFitFrameAllocatorContract extends FrameAllocatorContract {

    @Test
    void allocReturnsTheLowestFreeFrameAndAFreedFrameIsHandedOutAgainFirst() {
        FrameAllocator pfa = create(new SparseMemory(smallPc()));
        assertEquals(0x0, pfa.allocFrame(Owner.HEAP));
        assertEquals(0x1000, pfa.allocFrame(Owner.HEAP));
        assertEquals(0x2000, pfa.allocFrame(Owner.HEAP));
        pfa.freeFrame(0x1000);
        assertEquals(0x1000, pfa.allocFrame(Owner.PAGE_TABLES));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(0x1000));
        assertEquals(0x3000, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void allocContiguousReturnsTheFirstAlignedRunOfFreeFrames() {
        FrameAllocator pfa = create(new SparseMemory(smallPc()));
        pfa.allocFrame(Owner.HEAP); // frame 0
        assertEquals(0x1000, pfa.allocContiguous(3, 1, Owner.PAGE_TABLES));
        assertEquals(0x8000, pfa.allocContiguous(2, 8, Owner.PAGE_TABLES), "next multiple of 8 frames");
        assertEquals(FrameState.ALLOCATED, pfa.state(0x9000));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(0x9000));
        assertEquals(0x10000, pfa.allocContiguous(16, 16, Owner.USER), "frames 10-15 are too few");
        // Low memory's longest free run is now frames 32-158 (127); the BIOS area ends it, so 1 MiB.
        assertEquals(0x100000, pfa.allocContiguous(200, 1, Owner.USER));
        assertEquals(0x4000, pfa.allocFrame(Owner.HEAP), "single frames still fill the gaps from below");
    }

    @Test
    void allocContiguousFindsA512FrameRunAlignedTo2MiB() {
        MemoryMap map = new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(MIB, 15 * MIB, RegionType.USABLE)));
        SparseMemory ram = new SparseMemory(map);
        FrameAllocator pfa = create(ram, 16 * MIB, null, null);
        pfa.allocFrame(Owner.KERNEL_DATA);
        long huge = pfa.allocContiguous(512, 512, Owner.USER);
        assertEquals(2 * MIB, huge);
        assertEquals(FrameState.ALLOCATED, pfa.state(huge + 511 * FRAME_SIZE));
        assertEquals(FrameState.FREE, pfa.state(huge + 512 * FRAME_SIZE), "the frame after the run");
        assertMetadataMatchesStates(ram, pfa);
        assertEquals(4 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        pfa.freeContiguous(huge, 512);
        assertEquals(2 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        pfa.allocFrame(Owner.HEAP);
        assertEquals(6 * MIB, pfa.allocContiguous(512, 512, Owner.USER));
        assertEquals(NO_FRAME, pfa.allocContiguous(4096, 1, Owner.USER), "16 MiB of frames are not free in one run");
        assertMetadataMatchesStates(ram, pfa);
    }

    @Test
    void freeContiguousValidatesEveryFrameBeforeChangingAny() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        long run = pfa.allocContiguous(4, 1, Owner.USER);
        pfa.freeFrame(run + 2 * FRAME_SIZE);
        assertRefused(ram, pfa, run + 2 * FRAME_SIZE, "already free", p -> p.freeContiguous(run, 4));
        pfa.freeContiguous(run, 2);
        assertEquals(FrameState.FREE, pfa.state(run + FRAME_SIZE));
        assertEquals(FrameState.ALLOCATED, pfa.state(run + 3 * FRAME_SIZE));
    }

    @Test
    void freeContiguousOverAllocatedFramesIntoAReservedOneIsRefusedNamingTheReservedFrame() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        for (int i = 0; i < 0x9f; i++) {
            pfa.allocFrame(Owner.USER); // all of low memory, up to the BIOS area at frame 0x9f
        }
        assertRefused(ram, pfa, 0x9f000, "reserved (firmware)", p -> p.freeContiguous(0x9d000, 3));
        assertEquals(FrameState.ALLOCATED, pfa.state(0x9d000));
    }

    @Test
    void exportedRunsStartWithTheFirstFitAllocations() {
        FrameAllocator pfa = create(new SparseMemory(smallPc()));
        pfa.allocFrame(Owner.HEAP);
        pfa.allocContiguous(3, 1, Owner.PAGE_TABLES);
        List<String> firstRuns = new ArrayList<>();
        for (FrameRun run : pfa.exportState().runs().subList(0, 4)) {
            firstRuns.add(run.firstFrame() + "+" + run.count() + " " + run.state() + " " + run.owner());
        }
        assertEquals(List.of("0+1 ALLOCATED HEAP", "1+3 ALLOCATED PAGE_TABLES", "4+155 FREE NONE",
                "159+97 RESERVED FIRMWARE"), firstRuns);
    }
}
