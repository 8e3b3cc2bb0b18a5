package memwb.pfa.buddy;

import static memwb.api.pfa.FrameAllocator.FRAME_SIZE;
import static memwb.api.pfa.FrameAllocator.NO_FRAME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.pfa.support.testing.FrameAllocatorContract;
import memwb.ram.SparseMemory;

/** The buddy's own behaviour: blocks, splits and merges, hot frames, zones, buddyinfo, run-shaped frees; the rest is the contract. */
class BuddyFrameAllocatorTest extends FrameAllocatorContract {

    @Override
    protected FrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options) {
        return BuddyFrameAllocator.create(ram, metadataBelow, adopt, options);
    }

    @Override
    protected String metadataName() {
        return "the buddy metadata";
    }

    /** Every frame's entry byte says what state() says: allocation start or continuation, reserved, or a free code. */
    @Override
    protected void assertMetadataMatchesStates(PhysicalMemory ram, FrameAllocator pfa) {
        long meta = metadataBase(pfa);
        for (long i = 0; i < pfa.frameCount(); i++) {
            int entry = ram.read8(meta + i);
            FrameState expected = entry == FreeAreas.ALLOC_HEAD || entry == FreeAreas.ALLOC_TAIL ? FrameState.ALLOCATED
                    : entry == FreeAreas.RESERVED ? FrameState.RESERVED : FrameState.FREE;
            assertEquals(expected, pfa.state(i * FRAME_SIZE), "entry 0x" + Integer.toHexString(entry) + " of frame " + i);
        }
    }

    static BuddyFrameAllocator buddy(PhysicalMemory ram) {
        return BuddyFrameAllocator.create(ram, KERNEL, null, Map.of());
    }

    /** Free blocks as "frame/order" strings sorted by frame: list order does not matter. */
    static List<String> blocks(BuddyFrameAllocator pfa) {
        List<long[]> blocks = new ArrayList<>(pfa.freeBlocks());
        blocks.sort(Comparator.comparingLong(b -> b[0]));
        List<String> out = new ArrayList<>();
        blocks.forEach(b -> out.add(Long.toHexString(b[0]) + "/" + b[1]));
        return out;
    }

    @Test
    void initialFreeRunsAreCutIntoMaximalNaturallyAlignedBlocks() {
        BuddyFrameAllocator pfa = buddy(new SparseMemory(smallPc()));
        // [0, 0x9f) | [0x100, 0x1ff) below the metadata frame | [0x200, 0x800) | [0x900, 0xa00).
        assertEquals(List.of("0/7", "80/4", "90/3", "98/2", "9c/1", "9e/0",
                "100/7", "180/6", "1c0/5", "1e0/4", "1f0/3", "1f8/2", "1fc/1", "1fe/0",
                "200/9", "400/a".replace("a", "10"), "900/8"), blocks(pfa));
        assertEquals(pfa.stats().free(), pfa.freeBlocks().stream().mapToLong(b -> 1L << b[1]).sum());
    }

    @Test
    void entriesInRamSayFreeHeadWithOrderAllocatedAndReserved() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator pfa = buddy(ram);
        long meta = metadataBase(pfa);
        assertEquals(0x40 | 10, ram.read8(meta + 0x400), "head of the order-10 block");
        assertEquals(0, ram.read8(meta + 0x401), "inside a free block");
        assertEquals(2, ram.read8(meta + 0x9f), "BIOS area reserved");
        assertEquals(2, ram.read8(meta + 0x800), "hole reserved");
        long pa = pfa.allocContiguous(3, 1, Owner.HEAP);
        assertEquals(1, ram.read8(meta + pa / FRAME_SIZE));
        assertEquals(3, ram.read8(meta + pa / FRAME_SIZE + 1), "allocation continues");
        assertEquals(3, ram.read8(meta + pa / FRAME_SIZE + 2));
    }

    @Test
    void allocFrameSplitsTheSmallestBlockAndFreeMergesItBack() {
        BuddyFrameAllocator pfa = buddy(new SparseMemory(smallPc()));
        List<String> initial = blocks(pfa);
        String info = pfa.buddyinfo();
        long pa = pfa.allocFrame(Owner.HEAP);
        assertEquals(0x9e * FRAME_SIZE, pa, "the order-0 list's block, no split needed");
        long second = pfa.allocFrame(Owner.HEAP);
        assertEquals(0x1fe * FRAME_SIZE, second);
        long split = pfa.allocFrame(Owner.HEAP);
        assertEquals(0x9c * FRAME_SIZE, split, "the order-1 block split, its upper half taken next");
        assertEquals(0x9d * FRAME_SIZE, pfa.allocFrame(Owner.HEAP));
        pfa.freeFrame(0x9d * FRAME_SIZE);
        pfa.freeFrame(split);
        pfa.freeFrame(pa);
        pfa.freeFrame(second);
        assertEquals(BuddyFrameAllocator.HOT_BATCH, pfa.hotFrames(), "one batch came off the lists as hot frames");
        pfa.drainHotFrames();
        assertEquals(0, pfa.hotFrames());
        assertEquals(initial, blocks(pfa));
        assertEquals(info, pfa.buddyinfo());
    }

    @Test
    void allocatingEveryFrameThenFreeingItAllReturnsTheInitialMaximalBlocks() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator pfa = buddy(ram);
        List<String> initial = blocks(pfa);
        byte[] entries = metadataBytes(ram, pfa);
        List<Long> got = new ArrayList<>();
        for (long pa = pfa.allocFrame(Owner.USER); pa != NO_FRAME; pa = pfa.allocFrame(Owner.USER)) {
            got.add(pa);
        }
        assertEquals(List.of(), pfa.freeBlocks());
        java.util.Collections.shuffle(got, new java.util.Random(7));
        got.forEach(pfa::freeFrame);
        assertTrue(pfa.hotFrames() <= BuddyFrameAllocator.HOT_HIGH, "frees above the high mark merged back");
        pfa.drainHotFrames();
        assertEquals(initial, blocks(pfa));
        byte[] after = metadataBytes(ram, pfa);
        // Entries and counts match; only list order (heads and links) may differ.
        assertArrayEquals(java.util.Arrays.copyOf(entries, 0xa01), java.util.Arrays.copyOf(after, 0xa01));
    }

    @Test
    void hotFramesServeAllocFrameAndGoBackToTheListsInBatchesAboveTheHighMark() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        BuddyFrameAllocator pfa = buddy(ram);
        long first = pfa.allocFrame(Owner.USER);
        assertEquals(BuddyFrameAllocator.HOT_BATCH - 1, pfa.hotFrames());
        long hot = metadataBase(pfa) + FreeAreas.bytes(pfa.frameCount()) - (1 + FreeAreas.HOT_SLOTS) * 8L;
        assertEquals(BuddyFrameAllocator.HOT_BATCH - 1, ram.read64(hot), "the hot count in RAM");
        long hotTop = ram.read64(hot + 8 * ram.read64(hot));
        assertEquals(4, ram.read8(metadataBase(pfa) + hotTop), "a hot frame's entry in RAM");
        assertEquals(FrameState.FREE, pfa.state(hotTop * FRAME_SIZE));
        pfa.freeFrame(first);
        assertEquals(first, pfa.allocFrame(Owner.USER), "last freed, first reused");
        List<Long> got = new ArrayList<>();
        for (int k = 0; k < BuddyFrameAllocator.HOT_HIGH + 10; k++) {
            got.add(pfa.allocFrame(Owner.USER));
        }
        got.forEach(pfa::freeFrame);
        // 15 hot, then 74 allocs: 15 from the stack and 59 in batches of 16 leave 5; 74 frees reach
        // 65 > HOT_HIGH after 60, one batch of 16 merges back (49), the last 14 make 63.
        assertEquals(63, pfa.hotFrames());
        assertTrue(pfa.hotFrames() <= BuddyFrameAllocator.HOT_HIGH);
        assertEquals(pfa.stats().free(), pfa.hotFrames() + pfa.freeBlocks().stream().mapToLong(b -> 1L << b[1]).sum());
    }

    @Test
    void aContiguousRequestThatFailsDrainsTheHotFramesAndTriesAgain() {
        BuddyFrameAllocator pfa = buddy(new SparseMemory(smallPc()));
        List<Long> all = new ArrayList<>();
        for (long pa = pfa.allocFrame(Owner.USER); pa != NO_FRAME; pa = pfa.allocFrame(Owner.USER)) {
            all.add(pa);
        }
        // Free 9-10 MiB frame by frame: the last frees stay hot and unmerged.
        all.stream().filter(pa -> pa >= 9 * MIB).forEach(pfa::freeFrame);
        assertTrue(pfa.hotFrames() > 0);
        assertEquals(9 * MIB, pfa.allocContiguous(256, 256, Owner.HEAP));
        assertEquals(0, pfa.hotFrames());
    }

    @Test
    void contiguousRunsAreNaturallyAlignedAndTheUnusedTailIsGivenBack() {
        BuddyFrameAllocator pfa = buddy(new SparseMemory(smallPc()));
        long free = pfa.stats().free();
        long pa = pfa.allocContiguous(5, 1, Owner.PAGE_TABLES);
        assertEquals(0, pa % (8 * FRAME_SIZE), "an order-3 block");
        assertEquals(free - 5, pfa.stats().free(), "3 tail frames given back");
        assertEquals(FrameState.FREE, pfa.state(pa + 5 * FRAME_SIZE));
        assertEquals(Owner.PAGE_TABLES, pfa.owner(pa + 4 * FRAME_SIZE));
        long aligned = pfa.allocContiguous(2, 16, Owner.HEAP);
        assertEquals(0, aligned % (16 * FRAME_SIZE));
        pfa.freeContiguous(pa, 5);
        pfa.freeContiguous(aligned, 2);
        assertEquals(free, pfa.stats().free());
    }

    @Test
    void twoMibAlignedRunsComeFromOrderNineBlocks() {
        BuddyFrameAllocator pfa = buddy(new SparseMemory(smallPc()));
        List<String> initial = blocks(pfa);
        long a = pfa.allocContiguous(512, 512, Owner.USER);
        long b = pfa.allocContiguous(512, 512, Owner.USER);
        long c = pfa.allocContiguous(512, 512, Owner.USER);
        assertEquals(List.of(2 * MIB, 4 * MIB, 6 * MIB), List.of(a, b, c));
        assertEquals(NO_FRAME, pfa.allocContiguous(512, 512, Owner.USER), "0-2 MiB holds the metadata, 9-10 MiB is 1 MiB");
        pfa.freeContiguous(b, 512);
        pfa.freeContiguous(a, 512);
        pfa.freeContiguous(c, 512);
        assertEquals(initial, blocks(pfa));
    }

    @Test
    void oneGibAlignedRunsComeFromOrderEighteenBlocks() {
        // 3 GiB of usable RAM from 1 MiB, sparse: only the metadata is backed.
        PhysicalMemory ram = new SparseMemory(new MemoryMap(List.of(
                new MemoryRegion(MIB, 3 * 1024 * MIB - MIB, RegionType.USABLE))));
        BuddyFrameAllocator pfa = BuddyFrameAllocator.create(ram, 16 * MIB, null, null);
        long giB = 1024 * MIB;
        long a = pfa.allocContiguous(262144, 262144, Owner.USER);
        long b = pfa.allocContiguous(262144, 262144, Owner.USER);
        assertEquals(List.of(giB, 2 * giB), List.of(a, b));
        assertEquals(NO_FRAME, pfa.allocContiguous(262144, 262144, Owner.USER));
        assertEquals(Owner.USER, pfa.owner(2 * giB - FRAME_SIZE));
        pfa.freeContiguous(a, 262144);
        assertEquals(giB, pfa.allocContiguous(262144, 262144, Owner.HEAP));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pfa.allocContiguous(262145, 1, Owner.USER));
        assertTrue(e.getMessage().contains("262144"), e.getMessage());
    }

    @Test
    void buddyinfoPrintsOneLineInLinuxFormatPerPopulatedZone() {
        BuddyFrameAllocator pfa = buddy(new SparseMemory(smallPc()));
        assertEquals("Node 0, zone      DMA "
                + "     2      2      2      2      2      1      1      2      1      1      1 "
                + "     0      0      0      0      0      0      0      0 \n", pfa.buddyinfo());
        assertTrue(pfa.describe().contains(pfa.buddyinfo()));
    }

    @Test
    void buddyinfoCountsBlocksInTheirZoneAndNoBlockStraddlesAZoneBoundary() {
        long giB = 1024 * MIB;
        PhysicalMemory ram = new SparseMemory(new MemoryMap(List.of(
                new MemoryRegion(0, 3 * giB, RegionType.USABLE),
                new MemoryRegion(4 * giB, giB, RegionType.USABLE))));
        BuddyFrameAllocator pfa = BuddyFrameAllocator.create(ram, 32 * MIB, null, null);
        String[] lines = pfa.buddyinfo().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("Node 0, zone      DMA      0 "), lines[0]);
        assertTrue(lines[1].startsWith("Node 0, zone    DMA32 "), lines[1]);
        assertTrue(lines[2].startsWith("Node 0, zone   Normal "), lines[2]);
        assertTrue(lines[2].endsWith("     1 "), "one 1 GiB block above 4 GiB: " + lines[2]);
        assertTrue(blocks(pfa).contains("0/12"), "0-16 MiB is one DMA block, not part of a 1 GiB one");
        for (long[] b : pfa.freeBlocks()) {
            assertEquals(Zone.ofFrame(b[0]), Zone.ofFrame(b[0] + (1L << b[1]) - 1));
        }
    }

    @Test
    void freesThatDoNotMatchWholeAllocationsAreRefusedNamingTheAddressAndChangeNothing() {
        PhysicalMemory ram = new SparseMemory(smallPc());
        FrameAllocator pfa = buddy(ram);
        long run = pfa.allocContiguous(512, 512, Owner.USER);
        assertRefused(ram, pfa, 9 * MIB, "already free", p -> p.freeFrame(9 * MIB));
        assertRefused(ram, pfa, run + FRAME_SIZE, String.format("starts at 0x%x", run), p -> p.freeFrame(run + FRAME_SIZE));
        assertRefused(ram, pfa, run, "freeContiguous", p -> p.freeFrame(run));
        assertRefused(ram, pfa, run + 8 * FRAME_SIZE, "inside", p -> p.freeContiguous(run + 8 * FRAME_SIZE, 8));
        assertRefused(ram, pfa, run, "continues", p -> p.freeContiguous(run, 256));
        assertRefused(ram, pfa, run + 512 * FRAME_SIZE, "already free", p -> p.freeContiguous(run, 513));
        assertRefused(ram, pfa, run, "does not fit", p -> p.freeContiguous(run, 0x1000));
        pfa.freeContiguous(run, 512);
        assertRefused(ram, pfa, run, "already free", p -> p.freeContiguous(run, 512));
    }
}
