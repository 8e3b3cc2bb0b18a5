package memwb.pfa.buddy;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.blocks;
import static memwb.pfa.support.testing.FrameAllocatorContract.KERNEL;
import static memwb.pfa.support.testing.FrameAllocatorContract.KERNEL_FRAMES;
import static memwb.pfa.support.testing.FrameAllocatorContract.SMALL_FRAMES;
import static memwb.pfa.support.testing.FrameAllocatorContract.assertSameFrames;
import static memwb.pfa.support.testing.FrameAllocatorContract.makeBusy;
import static memwb.pfa.support.testing.FrameAllocatorContract.metadataBase;
import static memwb.pfa.support.testing.FrameAllocatorContract.smallPc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;

/** Swaps between the buddy and the bytemap, and how adopted frames sit in blocks; the rest is the contract. */
class BuddyAdoptionTest {
    static BuddyFrameAllocator adopt(SparseMemory ram, AllocationState state) {
        return BuddyFrameAllocator.create(ram, KERNEL, state, null);
    }

    @Test
    void adoptingABytemapKeepsEveryAllocatedFrameAndOwnerAndPutsTheOldBytemapOnAFreeList() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = makeBusy(BytemapFrameAllocator.create(ram, KERNEL, null, null));
        long oldMeta = metadataBase(old);
        AllocationState before = old.exportState();
        BuddyFrameAllocator now = adopt(ram, before);
        assertEquals(oldMeta - FRAME_SIZE, metadataBase(now), "the highest frame below the kernel that was free before");
        assertSameFrames(before, oldMeta, now);
        assertTrue(blocks(now).contains(Long.toHexString(oldMeta / FRAME_SIZE) + "/0"), "old bytemap on a free list");
        assertEquals(before.runs().stream().filter(r -> r.state() == FrameState.FREE).mapToLong(FrameRun::count).sum(),
                now.stats().free(), "one frame freed (old bytemap), one taken (new metadata)");
        assertEquals(now.stats().free(), now.freeBlocks().stream().mapToLong(b -> 1L << b[1]).sum());
    }

    @Test
    void adoptedFramesCanBeFreedOneByOneOrAsARunAndMergeBack() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = makeBusy(BytemapFrameAllocator.create(ram, KERNEL, null, null));
        BuddyFrameAllocator now = adopt(ram, old.exportState());
        long free = now.stats().free();
        long user = 0;
        for (FrameRun r : now.exportState().runs()) {
            if (r.state() == FrameState.ALLOCATED && r.owner() == Owner.USER) {
                user = r.base();
                assertEquals(512, r.count());
            }
        }
        now.freeFrame(user);
        now.freeContiguous(user + FRAME_SIZE, 511);
        assertEquals(free + 512, now.stats().free());
        assertEquals(1, now.hotFrames(), "the single free waits on the hot stack");
        now.drainHotFrames();
        assertTrue(blocks(now).contains(Long.toHexString(user / FRAME_SIZE) + "/9"), "merged into one 2 MiB block");
    }

    @Test
    void aBytemapCanAdoptTheBuddyStateBack() {
        SparseMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator buddy = adopt(ram, makeBusy(BytemapFrameAllocator.create(ram, KERNEL, null, null)).exportState());
        buddy.allocContiguous(7, 8, Owner.HEAP);
        AllocationState fromBuddy = buddy.exportState();
        FrameAllocator back = BytemapFrameAllocator.create(ram, KERNEL, fromBuddy, null);
        assertSameFrames(fromBuddy, metadataBase(buddy), back);
    }

    @Test
    void noFreeBlockOfAnAdoptedBootStateCoversTheReservedKernelImage() {
        SparseMemory ram = new SparseMemory(smallPc());
        long kernel = KERNEL / FRAME_SIZE;
        AllocationState boot = new AllocationState(SMALL_FRAMES,
                List.of(new FrameRun(kernel, KERNEL_FRAMES, FrameState.RESERVED, Owner.KERNEL)));
        BuddyFrameAllocator pfa = adopt(ram, boot);
        for (long[] blk : pfa.freeBlocks()) {
            assertTrue(blk[0] + (1L << blk[1]) <= kernel || blk[0] >= kernel + KERNEL_FRAMES, "no block over the kernel");
        }
    }
}
