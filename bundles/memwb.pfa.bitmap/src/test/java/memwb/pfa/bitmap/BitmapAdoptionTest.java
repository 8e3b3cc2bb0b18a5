package memwb.pfa.bitmap;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.pfa.bitmap.BitmapFrameAllocatorTest.assertRamBitsMatchStates;
import static memwb.pfa.support.testing.FrameAllocatorContract.KERNEL;
import static memwb.pfa.support.testing.FrameAllocatorContract.MIB;
import static memwb.pfa.support.testing.FrameAllocatorContract.assertSameFrames;
import static memwb.pfa.support.testing.FrameAllocatorContract.makeBusy;
import static memwb.pfa.support.testing.FrameAllocatorContract.metadataBase;
import static memwb.pfa.support.testing.FrameAllocatorContract.smallPc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;

/** Swaps between the bitmap and the bytemap; adopting its own kind is in the contract. */
class BitmapAdoptionTest {
    static FrameAllocator bitmap(SparseMemory ram, AllocationState state) {
        return BitmapFrameAllocator.create(ram, KERNEL, state, null);
    }

    static FrameAllocator bytemap(SparseMemory ram, AllocationState state) {
        return BytemapFrameAllocator.create(ram, KERNEL, state, null);
    }

    @Test
    void aBitmapAdoptsABytemapKeepingEveryAllocatedFrameAndOwnerAndReleasingTheBytemap() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = makeBusy(bytemap(ram, null));
        AllocationState before = old.exportState();
        FrameAllocator now = bitmap(ram, before);
        assertEquals(metadataBase(old) - FRAME_SIZE, metadataBase(now), "the highest frame below the kernel that was free");
        assertSameFrames(before, metadataBase(old), now);
        assertRamBitsMatchStates(ram, now);
        assertEquals(0x1000, now.allocFrame(Owner.HEAP), "the gap the bytemap left is the lowest free frame");
    }

    @Test
    void aBytemapAdoptsABitmapKeepingEveryAllocatedFrameAndOwnerAndReleasingTheBitmap() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = makeBusy(bitmap(ram, null));
        AllocationState before = old.exportState();
        FrameAllocator now = bytemap(ram, before);
        assertEquals(metadataBase(old) - FRAME_SIZE, metadataBase(now));
        assertSameFrames(before, metadataBase(old), now);
        assertEquals(FrameState.ALLOCATED.code(), ram.read8(metadataBase(now) + 2 * MIB / FRAME_SIZE),
                "the 2 MiB run in the new bytemap");
    }

    @Test
    void swappingBytemapBitmapBytemapBitmapReusesTheReleasedFramesAndKeepsTheCounts() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator a = makeBusy(bytemap(ram, null));
        FrameAllocator b = bitmap(ram, a.exportState());
        FrameAllocator c = bytemap(ram, b.exportState());
        FrameAllocator d = bitmap(ram, c.exportState());
        assertEquals(metadataBase(a), metadataBase(c));
        assertEquals(metadataBase(b), metadataBase(d));
        assertEquals(a.stats(), c.stats());
        assertEquals(b.stats(), d.stats());
        assertEquals(a.exportState(), c.exportState());
        assertEquals(b.exportState(), d.exportState());
    }
}
