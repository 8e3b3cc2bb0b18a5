package memwb.pfa.support.testing;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

/**
 * What every frame allocator must do alike, whatever its metadata: placement of its metadata, the
 * frames it never hands out, every refusal with its message and no change, stats and version,
 * exported runs, and adopting an exported or boot state (the
 * {@link memwb.api.pfa.FrameAllocatorProvider#create} contract). Each allocator's test class extends
 * this (or {@link FirstFitFrameAllocatorContract}) and adds only what is its own.
 *
 * <p>Every test runs on {@link #smallPc()}, whose metadata takes one frame for every allocator.
 */
public abstract class FrameAllocatorContract {
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    /** Where the tests' kernel image starts: the metadata goes just below it. */
    public static final long KERNEL = 2 * MIB;
    /** Frames of the tests' kernel image: 2 MiB to 3 MiB. */
    public static final long KERNEL_FRAMES = MIB / FRAME_SIZE;
    /** Frames of {@link #smallPc()}: its limit is 0xa01000. */
    public static final int SMALL_FRAMES = 0xa01;

    /**
     * A new allocator of the kind under test over {@code ram}'s memory map, as its provider's create.
     */
    protected abstract FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options);

    /** What the allocator calls its metadata in a refusal to place it ("bytemap", "buddy metadata"). */
    protected abstract String metadataName();

    /** Asserts that the allocator's metadata in RAM says, for every frame, what {@code state()} says. */
    protected abstract void assertMetadataMatchesStates(PhysicalMemory ram, FrameAllocator pfa);

    /** The allocator under test with its default options, metadata below {@link #KERNEL}. */
    protected FrameAllocator create(PhysicalMemory ram) {
        return create(ram, KERNEL, null, Map.of());
    }

    /**
     * A small PC: usable low memory, firmware's BIOS area, usable 1-8 MiB, a hole at 8-9 MiB,
     * usable 9-10 MiB, one frame of ACPI data. Limit 0xa01000, 2561 frames.
     */
    public static MemoryMap smallPc() {
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, 7 * MIB, RegionType.USABLE),
                new MemoryRegion(9 * MIB, MIB, RegionType.USABLE),
                new MemoryRegion(10 * MIB, FRAME_SIZE, RegionType.ACPI_RECLAIMABLE)));
    }

    public static long metadataBase(FrameAllocator pfa) {
        return pfa.metadata().get(0).base();
    }

    /** The whole metadata region as bytes, for before/after comparisons. */
    public static byte[] metadataBytes(PhysicalMemory ram, FrameAllocator pfa) {
        OwnedRange m = pfa.metadata().get(0);
        byte[] b = new byte[(int) m.length()];
        ram.read(m.base(), b, 0, b.length);
        return b;
    }

    /** Frames of several owners, a 2 MiB run, a 5-frame run, and a gap left by a free. */
    public static <A extends FrameAllocator> A makeBusy(A pfa) {
        pfa.allocFrame(Owner.KERNEL_DATA);
        long gone = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.GDT);
        pfa.allocContiguous(512, 512, Owner.USER);
        pfa.allocContiguous(5, 1, Owner.PAGE_TABLES);
        pfa.freeFrame(gone);
        return pfa;
    }

    /**
     * Asserts that {@code bad} is refused naming {@code pa} in hex and {@code reason}, and changes
     * neither RAM (the metadata bytes, RAM's version) nor the stats and version.
     */
    public static void assertRefused(PhysicalMemory ram, FrameAllocator pfa, long pa, String reason,
            Consumer<FrameAllocator> bad) {
        byte[] before = metadataBytes(ram, pfa);
        FrameStats stats = pfa.stats();
        long version = pfa.version();
        long ramVersion = ram.version();
        FrameException e = assertThrows(FrameException.class, () -> bad.accept(pfa));
        assertEquals(pa, e.address());
        assertTrue(e.getMessage().contains(String.format("0x%x", pa)), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertArrayEquals(before, metadataBytes(ram, pfa), "metadata unchanged");
        assertEquals(ramVersion, ram.version(), "nothing written to RAM");
        assertEquals(stats, pfa.stats());
        assertEquals(version, pfa.version());
    }

    /**
     * Every frame but the old and new metadata frames has the state and owner {@code before} gave it;
     * the old metadata is free, the new reserved, and the counts follow. The old allocator itself
     * cannot be asked after the swap: its metadata frames are free and may be reused.
     */
    public static void assertSameFrames(AllocationState before, long oldMeta, FrameAllocator now) {
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
        assertEquals(FrameState.FREE, now.state(oldMeta), "old metadata released");
        assertEquals(Owner.NONE, now.owner(oldMeta));
        assertEquals(FrameState.RESERVED, now.state(newMeta));
        assertEquals(Owner.ALLOCATOR_METADATA, now.owner(newMeta));
        assertEquals(counts[FrameState.ALLOCATED.ordinal()], now.stats().allocated());
        assertEquals(counts[FrameState.FREE.ordinal()] + 1, now.stats().free());
        assertEquals(counts[FrameState.RESERVED.ordinal()] + 1, now.stats().reserved());
    }

    @Test
    void metadataIndexesFramesUpToTheMapLimitAndSitsInTheHighestFrameBelowMetadataBelowAsAllocatorMetadata() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        assertEquals(SMALL_FRAMES, pfa.frameCount());
        assertTrue(ram.memoryMap().usableBytes() / FRAME_SIZE < pfa.frameCount(), "not the sum of region sizes");
        OwnedRange m = pfa.metadata().get(0);
        assertEquals(KERNEL - FRAME_SIZE, m.base());
        assertEquals(FRAME_SIZE, m.length());
        assertEquals(Owner.ALLOCATOR_METADATA, m.owner());
        assertEquals(FrameState.RESERVED, pfa.state(m.base()));
        assertEquals(Owner.ALLOCATOR_METADATA, pfa.owner(m.base()));
    }

    @Test
    void metadataSkipsAHoleAndNonUsableFramesBelowMetadataBelow() {
        // metadataBelow inside the hole at 8-9 MiB and not frame aligned: the metadata ends at 8 MiB.
        FrameAllocator pfa = create(new SparseMemory(smallPc()), 8 * MIB + 0x1800, null, null);
        assertEquals(8 * MIB - FRAME_SIZE, metadataBase(pfa));
        // Ending in the BIOS area: the metadata drops to the last usable low frame.
        FrameAllocator low = create(new SparseMemory(smallPc()), 0xc0000, null, null);
        assertEquals(0x9e000, metadataBase(low));
    }

    @Test
    void metadataThatDoesNotFitBelowMetadataBelowIsRefusedNamingTheAddressAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameException e = assertThrows(FrameException.class, () -> create(ram, 0x800, null, null));
        assertEquals(0x800, e.address());
        assertTrue(e.getMessage().contains("0x800") && e.getMessage().contains(metadataName()), e.getMessage());
        assertEquals(0, ram.touchedBytes(), "nothing written");
    }

    @Test
    void framesOfHolesReservedRegionsAndTheMetadataAreNeverReturned() {
        MemoryMap map = smallPc();
        FrameAllocator pfa = create(new SparseMemory(map));
        long meta = metadataBase(pfa);
        long free = pfa.stats().free();
        long count = 0;
        for (long pa = pfa.allocFrame(Owner.USER); pa != NO_FRAME; pa = pfa.allocFrame(Owner.USER)) {
            assertTrue(map.isUsable(pa, FRAME_SIZE), String.format("0x%x is usable", pa));
            assertNotEquals(meta, pa);
            count++;
        }
        assertEquals(free, count);
        assertEquals(0x9f + 0x700 + 0x100 - 1, count, "low + 1-8 MiB + 9-10 MiB less the metadata");
    }

    @Test
    void outOfFramesReturnsNoFrameAndChangesNothingUntilAFrameIsFreed() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        while (pfa.allocFrame(Owner.USER) != NO_FRAME) {
            // drain
        }
        byte[] before = metadataBytes(ram, pfa);
        long version = pfa.version();
        assertEquals(NO_FRAME, pfa.allocFrame(Owner.USER));
        assertEquals(NO_FRAME, pfa.allocContiguous(1, 1, Owner.USER));
        assertArrayEquals(before, metadataBytes(ram, pfa));
        assertEquals(version, pfa.version());
        assertEquals(0, pfa.stats().free());
        assertEquals(0, pfa.stats().largestFreeRun());
        pfa.freeFrame(9 * MIB);
        assertEquals(9 * MIB, pfa.allocFrame(Owner.USER), "the one freed frame");
    }

    @Test
    void partiallyUsableFramesAreReserved() {
        MemoryMap ragged = new MemoryMap(List.of(
                new MemoryRegion(0x800, 0x3000, RegionType.USABLE), // frames 0 and 3 only partly usable
                new MemoryRegion(MIB, MIB, RegionType.USABLE)));
        FrameAllocator pfa = create(new SparseMemory(ragged), 2 * MIB, null, null);
        assertEquals(FrameState.RESERVED, pfa.state(0x0));
        assertEquals(FrameState.FREE, pfa.state(0x1000));
        assertEquals(FrameState.FREE, pfa.state(0x2000));
        assertEquals(FrameState.RESERVED, pfa.state(0x3000));
        assertEquals(0x1000, pfa.allocFrame(Owner.HEAP));
    }

    @Test
    void ownersOfReservedFramesSayWhyTheyAreReserved() {
        FrameAllocator pfa = create(new SparseMemory(smallPc()));
        assertEquals(Owner.FIRMWARE, pfa.owner(0x9f000));
        assertEquals(Owner.FIRMWARE, pfa.owner(10 * MIB));
        assertEquals(FrameState.RESERVED, pfa.state(10 * MIB));
        assertEquals(Owner.NONE, pfa.owner(8 * MIB), "a hole has no owner");
        assertEquals(FrameState.RESERVED, pfa.state(8 * MIB));
        assertEquals(Owner.NONE, pfa.owner(0x5000), "free");
    }

    @Test
    void doubleFreeIsRefusedAndChangesNothing() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        long pa = pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.HEAP);
        pfa.freeFrame(pa);
        assertRefused(ram, pfa, pa, "already free", p -> p.freeFrame(pa));
    }

    @Test
    void freeOfANeverAllocatedFrameIsRefusedAndChangesNothing() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x300000, "never allocated", p -> p.freeFrame(0x300000));
    }

    @Test
    void freeOfReservedFramesIsRefusedSayingWhyAndChangesNothing() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x9f000, "reserved (firmware)", p -> p.freeFrame(0x9f000));
        assertRefused(ram, pfa, 8 * MIB, "reserved (no usable RAM there)", p -> p.freeFrame(8 * MIB));
        long meta = metadataBase(pfa);
        assertRefused(ram, pfa, meta, "reserved (allocator metadata)", p -> p.freeFrame(meta));
    }

    @Test
    void misalignedAndOutOfRangeAddressesAreRefusedAndChangeNothing() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        pfa.allocFrame(Owner.HEAP);
        pfa.allocFrame(Owner.HEAP);
        assertRefused(ram, pfa, 0x1008, "not aligned", p -> p.freeFrame(0x1008));
        assertRefused(ram, pfa, 0xa01000, "out of range", p -> p.freeFrame(0xa01000));
        assertRefused(ram, pfa, 0xa3f000, "out of range", p -> p.freeFrame(0xa3f000)); // past the last frame, within its word
        assertRefused(ram, pfa, 0x7000000000L, "out of range", p -> p.freeFrame(0x7000000000L));
        assertRefused(ram, pfa, -FRAME_SIZE, "out of range", p -> p.freeFrame(-FRAME_SIZE));
        assertThrows(FrameException.class, () -> pfa.state(0x1001));
        assertThrows(FrameException.class, () -> pfa.owner(0xa01000));
    }

    @Test
    void freeContiguousRefusesReservedFramesRunsThatDoNotFitAndAFreedRun() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        long run = pfa.allocContiguous(4, 1, Owner.USER);
        assertRefused(ram, pfa, 0x9f000, "reserved", p -> p.freeContiguous(0x9f000, 1));
        assertRefused(ram, pfa, 0xa00000, "does not fit", p -> p.freeContiguous(0xa00000, 2));
        assertRefused(ram, pfa, run, "does not fit", p -> p.freeContiguous(run, 0));
        pfa.freeContiguous(run, 4);
        assertEquals(FrameState.FREE, pfa.state(run + 3 * FRAME_SIZE));
        assertRefused(ram, pfa, run, "already free", p -> p.freeContiguous(run, 4));
    }

    @Test
    void allocContiguousRefusesABadCountOrAlignmentNamingTheValue() {
        FrameAllocator pfa = create(new SparseMemory(smallPc()));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> pfa.allocContiguous(0, 1, Owner.USER));
        assertTrue(count.getMessage().contains("was 0"), count.getMessage());
        IllegalArgumentException align = assertThrows(IllegalArgumentException.class,
                () -> pfa.allocContiguous(4, 12, Owner.USER));
        assertTrue(align.getMessage().contains("was 12"), align.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pfa.allocContiguous(4, 0, Owner.USER));
        assertEquals(0, pfa.version());
    }

    @Test
    void anUnknownOptionIsRefusedNamingItAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(ram, KERNEL, null, Map.of("serch", "next-fit")));
        assertTrue(e.getMessage().contains("'serch'"), e.getMessage());
        assertEquals(0, ram.touchedBytes(), "nothing written");
    }

    @Test
    void statsCountEveryStateAndTheLargestFreeRunAndVersionCountsChanges() {
        FrameAllocator pfa = create(new SparseMemory(smallPc()));
        FrameStats fresh = pfa.stats();
        assertEquals(new FrameStats(0xa01, 0x9f + 0x800 - 1, 0, 0xa01 - (0x9f + 0x800 - 1), 0x600), fresh,
                "largest run: 1-8 MiB less the metadata frame at 2 MiB - 4 KiB is 0xff frames below and 0x600 above");
        long v = pfa.version();
        long a = pfa.allocFrame(Owner.HEAP);
        pfa.allocContiguous(4, 1, Owner.HEAP);
        assertEquals(v + 2, pfa.version());
        FrameStats s = pfa.stats();
        assertEquals(5, s.allocated());
        assertEquals(fresh.free() - 5, s.free());
        assertEquals(fresh.reserved(), s.reserved());
        pfa.freeFrame(a);
        assertEquals(v + 3, pfa.version());
        assertEquals(4, pfa.stats().allocated());
    }

    @Test
    void exportedRunsCoverEveryFrameInOrderAsStateAndOwnerSay() {
        FrameAllocator pfa = makeBusy(create(new SparseMemory(smallPc())));
        AllocationState state = pfa.exportState();
        assertEquals(pfa.frameCount(), state.frameCount());
        long next = 0;
        for (FrameRun run : state.runs()) {
            assertEquals(next, run.firstFrame());
            for (long f = run.firstFrame(); f < run.firstFrame() + run.count(); f++) {
                assertEquals(pfa.state(f * FRAME_SIZE), run.state(), "frame " + f);
                assertEquals(pfa.owner(f * FRAME_SIZE), run.owner(), "frame " + f);
            }
            next += run.count();
        }
        assertEquals(pfa.frameCount(), next);
        assertEquals(new FrameRun(0xa00, 1, FrameState.RESERVED, Owner.FIRMWARE), state.runs().get(state.runs().size() - 1));
    }

    @Test
    void metadataInRamSaysWhatStateSaysForEveryFrame() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = create(ram);
        assertMetadataMatchesStates(ram, pfa);
        makeBusy(pfa);
        assertMetadataMatchesStates(ram, pfa);
    }

    @Test
    void adoptingItsOwnExportKeepsEveryFrameAndOwnerAndReleasesTheOldMetadata() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator old = makeBusy(create(ram));
        long oldMeta = metadataBase(old);
        AllocationState before = old.exportState();
        FrameAllocator now = create(ram, KERNEL, before, null);
        assertEquals(oldMeta - FRAME_SIZE, metadataBase(now), "the highest frame below the kernel that was free before");
        assertSameFrames(before, oldMeta, now);
        assertMetadataMatchesStates(ram, now);
    }

    @Test
    void swappingBackAndForthReusesTheFramesEachOldMetadataReleased() {
        SparseMemory ram = new SparseMemory(smallPc());
        FrameAllocator a = makeBusy(create(ram));
        AllocationState fromA = a.exportState();
        FrameStats statsA = a.stats();
        FrameAllocator b = create(ram, KERNEL, fromA, null);
        FrameAllocator c = create(ram, KERNEL, b.exportState(), null);
        assertEquals(metadataBase(a), metadataBase(c));
        assertEquals(FrameState.FREE, c.state(metadataBase(b)));
        assertEquals(statsA, c.stats());
        assertEquals(fromA, c.exportState());
    }

    @Test
    void aBootStateWithTheKernelImageAndGdtReservedKeepsThemReservedWithTheirOwners() {
        SparseMemory ram = new SparseMemory(smallPc());
        long frames = SMALL_FRAMES;
        long kernel = KERNEL / FRAME_SIZE;
        AllocationState boot = new AllocationState(frames, List.of(
                new FrameRun(0, kernel, FrameState.FREE, Owner.NONE),
                new FrameRun(kernel, KERNEL_FRAMES, FrameState.RESERVED, Owner.KERNEL),
                new FrameRun(kernel + KERNEL_FRAMES, 1, FrameState.RESERVED, Owner.GDT),
                new FrameRun(kernel + KERNEL_FRAMES + 1, frames - kernel - KERNEL_FRAMES - 1, FrameState.FREE, Owner.NONE)));
        FrameAllocator pfa = create(ram, KERNEL, boot, null);
        assertEquals(KERNEL - FRAME_SIZE, metadataBase(pfa));
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
        AllocationState onlyKernel = new AllocationState(SMALL_FRAMES,
                List.of(new FrameRun(kernel, KERNEL_FRAMES, FrameState.RESERVED, Owner.KERNEL)));
        FrameAllocator pfa = create(ram, KERNEL, onlyKernel, null);
        assertEquals(Owner.KERNEL, pfa.owner(KERNEL));
        assertEquals(FrameState.FREE, pfa.state(4 * MIB));
        assertEquals(FrameState.RESERVED, pfa.state(0x9f000));
    }

    @Test
    void badAdoptedStatesAreRefusedNamingTheProblemAndNothingIsWritten() {
        SparseMemory ram = new SparseMemory(smallPc());
        AllocationState other = new AllocationState(0x800, List.of(new FrameRun(0, 0x800, FrameState.FREE, Owner.NONE)));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> create(ram, KERNEL, other, null));
        assertTrue(count.getMessage().contains("2048") && count.getMessage().contains("2561"), count.getMessage());
        AllocationState hole = new AllocationState(SMALL_FRAMES,
                List.of(new FrameRun(0x800, 1, FrameState.ALLOCATED, Owner.HEAP)));
        IllegalArgumentException noRam = assertThrows(IllegalArgumentException.class,
                () -> create(ram, KERNEL, hole, null));
        assertTrue(noRam.getMessage().contains("0x800000"), noRam.getMessage());
        AllocationState overlap = new AllocationState(SMALL_FRAMES, List.of(
                new FrameRun(0, 4, FrameState.ALLOCATED, Owner.HEAP),
                new FrameRun(3, 1, FrameState.ALLOCATED, Owner.HEAP)));
        IllegalArgumentException run = assertThrows(IllegalArgumentException.class,
                () -> create(ram, KERNEL, overlap, null));
        assertTrue(run.getMessage().contains("run 1"), run.getMessage());
        AllocationState past = new AllocationState(SMALL_FRAMES,
                List.of(new FrameRun(0xa00, 2, FrameState.FREE, Owner.NONE)));
        assertThrows(IllegalArgumentException.class, () -> create(ram, KERNEL, past, null));
        assertEquals(0, ram.touchedBytes());
    }

    @Test
    void whenTheOnlyRoomIsTheOldMetadataTheSwapIsRefusedAndTheOldStateStands() {
        SparseMemory ram = new SparseMemory(smallPc());
        // Every frame is allocated and the old metadata's frame cannot hold the new one while it is in use.
        FrameAllocator old = create(ram, 0x9f000, null, null);
        while (old.allocFrame(Owner.USER) != NO_FRAME) {
            // drain every other frame
        }
        byte[] before = metadataBytes(ram, old);
        AllocationState state = old.exportState();
        assertThrows(FrameException.class, () -> create(ram, 0x9f000, state, null));
        assertArrayEquals(before, metadataBytes(ram, old));
    }
}
