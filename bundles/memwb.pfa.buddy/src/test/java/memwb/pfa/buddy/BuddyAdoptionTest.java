package memwb.pfa.buddy;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.KERNEL;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.MIB;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.blocks;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.metadataBase;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.metadataBytes;
import static memwb.pfa.buddy.BuddyFrameAllocatorTest.smallPc;
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

class BuddyAdoptionTest {
    /** A busy bytemap: frames of several owners, a 2 MiB run, a 5-frame run, and a hole left by a free. */
    static FrameAllocator busyBytemap(SparseMemory ram) {
        FrameAllocator pfa = BytemapFrameAllocator.create(ram, KERNEL, null, null);
        pfa.allocFrame(Owner.KERNEL_DATA);
        long gone = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.GDT);
        pfa.allocContiguous(512, 512, Owner.USER);
        pfa.allocContiguous(5, 1, Owner.PAGE_TABLES);
        pfa.freeFrame(gone);
        return pfa;
    }

    static BuddyFrameAllocator adopt(SparseMemory ram, AllocationState state) {
        return BuddyFrameAllocator.create(ram, KERNEL, state, null);
    }

    /**
     * Every frame but the two metadata frames has the state and owner {@code before} gave it. The old
     * allocator itself cannot be asked after the swap: its metadata frames are free and reused.
     */
    static void sameFrames(AllocationState before, long oldMeta, FrameAllocator now) {
        long newMeta = metadataBase(now);
        long[] counts = new long[FrameState.values().length];
        for (FrameRun r : before.runs()) {
            for (long f = r.firstFrame(); f < r.firstFrame() + r.count(); f++) {
                long pa = f * FRAME_SIZE;
                if (pa != oldMeta && pa != newMeta) {
                    String at = String.format("frame 0x%x", pa);
                    assertEquals(r.state(), now.state(pa), at);
                    assertEquals(r.owner(), now.owner(pa), at);
                    counts[r.state().ordinal()]++;
                }
            }
        }
        assertEquals(before.frameCount(), now.frameCount());
        assertEquals(counts[FrameState.ALLOCATED.ordinal()], now.stats().allocated());
        // The old metadata frame is free now and the new one reserved.
        assertEquals(FrameState.FREE, now.state(oldMeta));
        assertEquals(Owner.ALLOCATOR_METADATA, now.owner(newMeta));
        assertEquals(counts[FrameState.FREE.ordinal()] + 1, now.stats().free());
        assertEquals(counts[FrameState.RESERVED.ordinal()] + 1, now.stats().reserved());
    }

    @Test
    void adoptingABytemapKeepsEveryAllocatedFrameAndOwnerAndReleasesTheOldBytemap() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = busyBytemap(ram);
        long oldMeta = metadataBase(old);
        AllocationState before = old.exportState();
        BuddyFrameAllocator now = adopt(ram, before);
        long newMeta = metadataBase(now);
        assertEquals(oldMeta - FRAME_SIZE, newMeta, "the highest frame below the kernel that was free before");
        assertEquals(FrameState.FREE, now.state(oldMeta), "old bytemap released");
        assertEquals(Owner.NONE, now.owner(oldMeta));
        assertTrue(blocks(now).contains(Long.toHexString(oldMeta / FRAME_SIZE) + "/0"), "and on a free list");
        assertEquals(Owner.ALLOCATOR_METADATA, now.owner(newMeta));
        sameFrames(before, oldMeta, now);
        assertEquals(before.runs().stream().filter(r -> r.state() == FrameState.FREE).mapToLong(FrameRun::count).sum(),
                now.stats().free(), "one frame freed (old bytemap), one taken (new metadata)");
        assertEquals(now.stats().free(), now.freeBlocks().stream().mapToLong(b -> 1L << b[1]).sum());
    }

    @Test
    void adoptedFramesCanBeFreedOneByOneOrAsARunAndMergeBack() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = busyBytemap(ram);
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
    void exportThenAdoptBetweenBuddiesRoundTripsAndSwapsBackToTheFirstPlace() {
        SparseMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator a = BuddyFrameAllocator.create(ram, KERNEL, null, null);
        a.allocFrame(Owner.KERNEL_DATA);
        a.allocContiguous(512, 512, Owner.USER);
        a.allocContiguous(3, 1, Owner.PAGE_TABLES);
        AllocationState fromA = a.exportState();
        BuddyFrameAllocator b = adopt(ram, fromA);
        sameFrames(fromA, metadataBase(a), b);
        BuddyFrameAllocator c = adopt(ram, b.exportState());
        assertEquals(metadataBase(a), metadataBase(c));
        assertEquals(fromA, c.exportState());
    }

    @Test
    void aBytemapCanAdoptTheBuddyStateBack() {
        SparseMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator buddy = adopt(ram, busyBytemap(ram).exportState());
        buddy.allocContiguous(7, 8, Owner.HEAP);
        AllocationState fromBuddy = buddy.exportState();
        FrameAllocator back = BytemapFrameAllocator.create(ram, KERNEL, fromBuddy, null);
        sameFrames(fromBuddy, metadataBase(buddy), back);
        assertEquals(FrameState.FREE, back.state(metadataBase(buddy)), "the buddy's metadata released");
    }

    @Test
    void aBootStateWithTheKernelImageReservedKeepsItReservedWithItsOwner() {
        SparseMemory ram = new SparseMemory(smallPc());
        long kernel = KERNEL / FRAME_SIZE;
        long kernelFrames = MIB / FRAME_SIZE;
        AllocationState boot = new AllocationState(0xa01,
                List.of(new FrameRun(kernel, kernelFrames, FrameState.RESERVED, Owner.KERNEL)));
        BuddyFrameAllocator pfa = adopt(ram, boot);
        assertEquals(Owner.KERNEL, pfa.owner(KERNEL + MIB - FRAME_SIZE));
        FrameException e = assertThrows(FrameException.class, () -> pfa.freeFrame(KERNEL));
        assertTrue(e.getMessage().contains("0x200000") && e.getMessage().contains("kernel image"), e.getMessage());
        assertEquals(FrameState.FREE, pfa.state(4 * MIB), "frames no run mentions follow the map");
        for (long[] blk : pfa.freeBlocks()) {
            assertTrue(blk[0] + (1L << blk[1]) <= kernel || blk[0] >= kernel + kernelFrames, "no block over the kernel");
        }
    }

    @Test
    void badAdoptedStatesAreRefusedAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        assertThrows(IllegalArgumentException.class, () -> adopt(ram,
                new AllocationState(0x800, List.of(new FrameRun(0, 0x800, FrameState.FREE, Owner.NONE)))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adopt(ram,
                new AllocationState(0xa01, List.of(new FrameRun(0x800, 1, FrameState.ALLOCATED, Owner.HEAP)))));
        assertTrue(e.getMessage().contains("0x800000"), e.getMessage());
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void whenTheOnlyRoomIsTheOldMetadataTheSwapIsRefusedAndTheOldStateStands() {
        SparseMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator old = BuddyFrameAllocator.create(ram, 0x9f000, null, null);
        while (old.allocFrame(Owner.USER) != FrameAllocator.NO_FRAME) {
            // drain every other frame
        }
        byte[] before = metadataBytes(ram, old);
        assertThrows(FrameException.class, () -> BuddyFrameAllocator.create(ram, 0x9f000, old.exportState(), null));
        assertArrayEquals(before, metadataBytes(ram, old));
    }
}
