package memwb.pfa.bitmap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.KERNEL;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.MIB;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.assertRamBitsMatchStates;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.bitmapBase;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.smallPc;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;

class BitmapAdoptionTest {
    static FrameAllocator bitmap(SparseMemory ram, AllocationState state) {
        return BitmapFrameAllocator.create(ram, KERNEL, state, null);
    }

    static FrameAllocator bytemap(SparseMemory ram, AllocationState state) {
        return BytemapFrameAllocator.create(ram, KERNEL, state, null);
    }

    /** Frames of several owners, a 2 MiB run, and a gap left by a free. */
    static void makeBusy(FrameAllocator pfa) {
        pfa.allocFrame(Owner.KERNEL_DATA);
        long gone = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.GDT);
        pfa.allocContiguous(512, 512, Owner.USER);
        pfa.allocContiguous(5, 1, Owner.PAGE_TABLES);
        pfa.freeFrame(gone);
    }

    /** Every frame but the two metadata frames has the same state and owner in both. */
    static void assertSameFramesExceptMetadata(FrameAllocator old, FrameAllocator now) {
        long oldMeta = bitmapBase(old);
        long newMeta = bitmapBase(now);
        for (long pa = 0; pa < old.frameCount() * FRAME_SIZE; pa += FRAME_SIZE) {
            if (pa != oldMeta && pa != newMeta) {
                String at = String.format("frame 0x%x", pa);
                assertEquals(old.state(pa), now.state(pa), at);
                assertEquals(old.owner(pa), now.owner(pa), at);
            }
        }
        assertEquals(FrameState.FREE, now.state(oldMeta), "old metadata released");
        assertEquals(Owner.NONE, now.owner(oldMeta));
        assertEquals(FrameState.RESERVED, now.state(newMeta));
        assertEquals(Owner.ALLOCATOR_METADATA, now.owner(newMeta));
        assertEquals(old.stats().allocated(), now.stats().allocated());
        assertEquals(old.stats().free(), now.stats().free());
        assertEquals(old.stats().reserved(), now.stats().reserved());
    }

    @Test
    void aBitmapAdoptsABytemapKeepingEveryAllocatedFrameAndOwnerAndReleasingTheBytemap() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = bytemap(ram, null);
        makeBusy(old);
        FrameAllocator now = bitmap(ram, old.exportState());
        assertEquals(bitmapBase(old) - FRAME_SIZE, bitmapBase(now), "the highest frame below the kernel that was free");
        assertSameFramesExceptMetadata(old, now);
        assertRamBitsMatchStates(ram, now);
        assertEquals(0x1000, now.allocFrame(Owner.HEAP), "the gap the bytemap left is the lowest free frame");
    }

    @Test
    void aBytemapAdoptsABitmapKeepingEveryAllocatedFrameAndOwnerAndReleasingTheBitmap() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = bitmap(ram, null);
        makeBusy(old);
        FrameAllocator now = bytemap(ram, old.exportState());
        assertEquals(bitmapBase(old) - FRAME_SIZE, bitmapBase(now));
        assertSameFramesExceptMetadata(old, now);
        long bytes = bitmapBase(now);
        assertEquals(FrameState.ALLOCATED.code(), ram.read8(bytes + 2 * MIB / FRAME_SIZE), "the 2 MiB run in the new bytemap");
    }

    @Test
    void swappingBytemapBitmapBytemapBitmapReusesTheReleasedFramesAndKeepsTheCounts() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator a = bytemap(ram, null);
        makeBusy(a);
        FrameAllocator b = bitmap(ram, a.exportState());
        FrameAllocator c = bytemap(ram, b.exportState());
        FrameAllocator d = bitmap(ram, c.exportState());
        assertEquals(bitmapBase(a), bitmapBase(c));
        assertEquals(bitmapBase(b), bitmapBase(d));
        assertEquals(a.stats(), c.stats());
        assertEquals(b.stats(), d.stats());
        assertEquals(a.exportState(), c.exportState());
        assertEquals(b.exportState(), d.exportState());
    }

    @Test
    void aFreshStateWithTheKernelImageAndGdtReservedKeepsThemReservedWithTheirOwners() {
        SparseMemory ram = new SparseMemory(smallPc());
        long frames = 0xa01;
        long kernel = KERNEL / FRAME_SIZE;
        long kernelFrames = MIB / FRAME_SIZE;
        AllocationState boot = new AllocationState(frames, List.of(
                new FrameRun(0, kernel, FrameState.FREE, Owner.NONE),
                new FrameRun(kernel, kernelFrames, FrameState.RESERVED, Owner.KERNEL),
                new FrameRun(kernel + kernelFrames, 1, FrameState.RESERVED, Owner.GDT)));
        FrameAllocator pfa = bitmap(ram, boot);
        assertEquals(KERNEL - FRAME_SIZE, bitmapBase(pfa));
        assertEquals(Owner.KERNEL, pfa.owner(KERNEL + MIB - FRAME_SIZE));
        assertEquals(Owner.GDT, pfa.owner(KERNEL + MIB));
        assertEquals(FrameState.RESERVED, pfa.state(8 * MIB), "a hole stays reserved");
        assertEquals(FrameState.FREE, pfa.state(4 * MIB), "frames no run mentions follow the memory map");
        FrameException e = assertThrows(FrameException.class, () -> pfa.freeFrame(KERNEL));
        assertTrue(e.getMessage().contains("0x200000") && e.getMessage().contains("kernel image"), e.getMessage());
        assertEquals(smallPc().usableBytes() / FRAME_SIZE - kernelFrames - 2, pfa.stats().free());
    }

    @Test
    void badAdoptedStatesAreRefusedNamingTheProblemAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        AllocationState other = new AllocationState(0x800, List.of(new FrameRun(0, 0x800, FrameState.FREE, Owner.NONE)));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> bitmap(ram, other));
        assertTrue(count.getMessage().contains("2048") && count.getMessage().contains("2561"), count.getMessage());
        AllocationState hole = new AllocationState(0xa01, List.of(new FrameRun(0x800, 1, FrameState.ALLOCATED, Owner.HEAP)));
        IllegalArgumentException noRam = assertThrows(IllegalArgumentException.class, () -> bitmap(ram, hole));
        assertTrue(noRam.getMessage().contains("0x800000"), noRam.getMessage());
        AllocationState overlap = new AllocationState(0xa01, List.of(
                new FrameRun(0, 4, FrameState.ALLOCATED, Owner.HEAP),
                new FrameRun(3, 1, FrameState.ALLOCATED, Owner.HEAP)));
        IllegalArgumentException run = assertThrows(IllegalArgumentException.class, () -> bitmap(ram, overlap));
        assertTrue(run.getMessage().contains("run 1"), run.getMessage());
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void whenTheOnlyRoomIsTheOldMetadataTheSwapIsRefusedAndTheOldBytemapStands() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = BytemapFrameAllocator.create(ram, 0x9f000, null, null);
        while (old.allocFrame(Owner.USER) != FrameAllocator.NO_FRAME) {
            // drain every other frame
        }
        byte[] before = snapshot(ram, bitmapBase(old), (int) old.frameCount());
        assertThrows(FrameException.class, () -> BitmapFrameAllocator.create(ram, 0x9f000, old.exportState(), null));
        assertArrayEquals(before, snapshot(ram, bitmapBase(old), (int) old.frameCount()));
    }
}
