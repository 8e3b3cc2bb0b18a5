package memwb.pfa.bytemap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.pfa.bytemap.BytemapFrameAllocatorTest.KERNEL;
import static memwb.pfa.bytemap.BytemapFrameAllocatorTest.MIB;
import static memwb.pfa.bytemap.BytemapFrameAllocatorTest.bytemapBase;
import static memwb.pfa.bytemap.BytemapFrameAllocatorTest.smallPc;
import static memwb.pfa.bytemap.BytemapFrameAllocatorTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.ram.SparseMemory;

class BytemapAdoptionTest {
    /** Frames of the tests' kernel image: 2 MiB to 3 MiB. */
    static final long KERNEL_FRAMES = MIB / FRAME_SIZE;

    static FrameAllocator adopt(SparseMemory ram, AllocationState state) {
        return BytemapFrameAllocator.create(ram, KERNEL, state, Map.of("search", "next-fit"));
    }

    /** A busy allocator: frames of several owners, a contiguous run, and a hole left by a free. */
    static FrameAllocator busy(SparseMemory ram) {
        FrameAllocator pfa = BytemapFrameAllocator.create(ram, KERNEL, null, null);
        pfa.allocFrame(Owner.KERNEL_DATA);
        long gone = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.GDT);
        pfa.allocContiguous(512, 512, Owner.USER);
        pfa.allocContiguous(5, 1, Owner.PAGE_TABLES);
        pfa.freeFrame(gone);
        return pfa;
    }

    @Test
    void exportThenAdoptPreservesEveryAllocatedFrameAndOwnerAndReleasesTheOldBytemap() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = busy(ram);
        long oldMap = bytemapBase(old);
        FrameAllocator now = adopt(ram, old.exportState());
        long newMap = bytemapBase(now);
        assertEquals(oldMap - FRAME_SIZE, newMap, "the highest frame below the kernel that was free before");
        assertEquals(FrameState.FREE, now.state(oldMap), "old bytemap released");
        assertEquals(Owner.NONE, now.owner(oldMap));
        assertEquals(Owner.ALLOCATOR_METADATA, now.owner(newMap));
        for (long pa = 0; pa < old.frameCount() * FRAME_SIZE; pa += FRAME_SIZE) {
            if (pa != oldMap && pa != newMap) {
                String at = String.format("frame 0x%x", pa);
                assertEquals(old.state(pa), now.state(pa), at);
                assertEquals(old.owner(pa), now.owner(pa), at);
                assertEquals(old.state(pa).code(), ram.read8(newMap + pa / FRAME_SIZE), at + " in the new bytemap");
            }
        }
        assertEquals(old.stats().allocated(), now.stats().allocated());
        assertEquals(old.stats().free(), now.stats().free());
        assertEquals(old.stats().reserved(), now.stats().reserved());
    }

    @Test
    void swappingBackAndForthReusesTheFramesEachOldBytemapReleased() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator a = busy(ram);
        FrameAllocator b = adopt(ram, a.exportState());
        FrameAllocator c = adopt(ram, b.exportState());
        assertEquals(bytemapBase(a), bytemapBase(c));
        assertEquals(FrameState.FREE, c.state(bytemapBase(b)));
        assertEquals(a.stats(), c.stats());
    }

    @Test
    void aFreshStateWithTheKernelImageAndGdtReservedKeepsThemReservedWithTheirOwners() {
        SparseMemory ram = new SparseMemory(smallPc());
        long frames = 0xa01;
        long kernel = KERNEL / FRAME_SIZE;
        AllocationState boot = new AllocationState(frames, List.of(
                new FrameRun(0, kernel, FrameState.FREE, Owner.NONE),
                new FrameRun(kernel, KERNEL_FRAMES, FrameState.RESERVED, Owner.KERNEL),
                new FrameRun(kernel + KERNEL_FRAMES, 1, FrameState.RESERVED, Owner.GDT),
                new FrameRun(kernel + KERNEL_FRAMES + 1, frames - kernel - KERNEL_FRAMES - 1, FrameState.FREE, Owner.NONE)));
        FrameAllocator pfa = BytemapFrameAllocator.create(ram, KERNEL, boot, null);
        assertEquals(KERNEL - FRAME_SIZE, bytemapBase(pfa));
        assertEquals(FrameState.RESERVED, pfa.state(KERNEL));
        assertEquals(Owner.KERNEL, pfa.owner(KERNEL + MIB - FRAME_SIZE));
        assertEquals(Owner.GDT, pfa.owner(KERNEL + MIB));
        assertEquals(FrameState.RESERVED, pfa.state(8 * MIB), "FREE in the state does not make a hole usable");
        assertEquals(Owner.FIRMWARE, pfa.owner(0x9f000));
        FrameException e = assertThrows(FrameException.class, () -> pfa.freeFrame(KERNEL));
        assertTrue(e.getMessage().contains("0x200000") && e.getMessage().contains("kernel image"), e.getMessage());
        assertEquals(smallPc().usableBytes() / FRAME_SIZE - KERNEL_FRAMES - 2, pfa.stats().free());
    }

    @Test
    void framesNoAdoptedRunMentionsFollowTheMemoryMap() {
        SparseMemory ram = new SparseMemory(smallPc());
        long kernel = KERNEL / FRAME_SIZE;
        AllocationState onlyKernel = new AllocationState(0xa01,
                List.of(new FrameRun(kernel, KERNEL_FRAMES, FrameState.RESERVED, Owner.KERNEL)));
        FrameAllocator pfa = BytemapFrameAllocator.create(ram, KERNEL, onlyKernel, null);
        assertEquals(Owner.KERNEL, pfa.owner(KERNEL));
        assertEquals(FrameState.FREE, pfa.state(4 * MIB));
        assertEquals(FrameState.RESERVED, pfa.state(0x9f000));
    }

    @Test
    void anAdoptedStateOfAnotherFrameCountIsRefusedAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        AllocationState other = new AllocationState(0x800, List.of(new FrameRun(0, 0x800, FrameState.FREE, Owner.NONE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adopt(ram, other));
        assertTrue(e.getMessage().contains("2048") && e.getMessage().contains("2561"), e.getMessage());
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void anAdoptedStateThatAllocatesAFrameWithoutUsableRamIsRefusedNamingIt() {
        SparseMemory ram = new SparseMemory(smallPc());
        AllocationState bad = new AllocationState(0xa01, List.of(new FrameRun(0x800, 1, FrameState.ALLOCATED, Owner.HEAP)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adopt(ram, bad));
        assertTrue(e.getMessage().contains("0x800000"), e.getMessage());
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void overlappingOrUnsortedAdoptedRunsAreRefusedNamingTheRun() {
        SparseMemory ram = new SparseMemory(smallPc());
        AllocationState overlap = new AllocationState(0xa01, List.of(
                new FrameRun(0, 4, FrameState.ALLOCATED, Owner.HEAP),
                new FrameRun(3, 1, FrameState.ALLOCATED, Owner.HEAP)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adopt(ram, overlap));
        assertTrue(e.getMessage().contains("run 1"), e.getMessage());
        AllocationState past = new AllocationState(0xa01, List.of(new FrameRun(0xa00, 2, FrameState.FREE, Owner.NONE)));
        assertThrows(IllegalArgumentException.class, () -> adopt(ram, past));
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void whenTheOnlyRoomIsTheOldBytemapTheSwapIsRefusedAndTheOldStateStands() {
        SparseMemory ram = new SparseMemory(smallPc());
        // Every frame is allocated and the old bytemap's frame cannot hold the new one while it is in use.
        FrameAllocator old = BytemapFrameAllocator.create(ram, 0x9f000, null, null);
        while (old.allocFrame(Owner.USER) != FrameAllocator.NO_FRAME) {
            // drain every other frame
        }
        byte[] before = snapshot(ram, bytemapBase(old), (int) old.frameCount());
        assertThrows(FrameException.class, () -> BytemapFrameAllocator.create(ram, 0x9f000, old.exportState(), null));
        assertArrayEquals(before, snapshot(ram, bytemapBase(old), (int) old.frameCount()));
    }
}
