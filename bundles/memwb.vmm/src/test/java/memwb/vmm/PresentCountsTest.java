package memwb.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import memwb.api.paging.EntryBits;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Mapping;
import memwb.api.vmm.Rights;
import memwb.api.vmm.VmmException;

/** The host's present-entry counts always equal a scan of RAM, and empty tables still go back. */
class PresentCountsTest {
    private static final long PAGE = 4096;
    private static final Rights RW = Rights.parse("w");
    /** Pages in the window the random sequences work in: four 2 MiB page tables' worth. */
    private static final int WINDOW_PAGES = 2048;

    @ParameterizedTest
    @ValueSource(strings = {"32-bit", "pae", "4-level", "5-level"})
    void randomAllocFreeMapUnmapKeepsEveryCountEqualToAScan(String name) {
        Rig rig = Rig.of(name);
        PagingAddressSpace k = (PagingAddressSpace) rig.kernel;
        long base = Rig.kernelVa(rig.mode);
        long freeAtStart = rig.free();
        Random random = new Random(name.hashCode());
        TreeSet<Long> allocated = new TreeSet<>();
        for (int step = 0; step < 1500; step++) {
            int page = random.nextInt(WINDOW_PAGES - 8);
            long va = base + page * PAGE;
            int pages = 1 + random.nextInt(random.nextInt(10) == 0 ? 8 : 2);
            List<Mapping> before = k.mappings();
            long freeBefore = rig.free();
            try {
                switch (random.nextInt(5)) {
                    case 0, 1 -> {
                        k.allocPages(va, pages, RW, Owner.HEAP);
                        for (int i = 0; i < pages; i++) {
                            allocated.add(va + i * PAGE);
                        }
                    }
                    case 2, 3 -> {
                        Long any = allocated.ceiling(va);
                        long at = any == null ? va : any;
                        k.freePages(at, pages);
                        for (int i = 0; i < pages; i++) {
                            allocated.remove(at + i * PAGE);
                        }
                    }
                    default -> {
                        // identity-ish frames far above the allocator's, mapped then partly unmapped
                        k.map(va, 0x3000000L + page * PAGE, pages * PAGE, RW, MapOptions.DEFAULT.withOverwrite(false));
                        k.unmap(va, PAGE);
                        before = k.mappings();
                        freeBefore = rig.free();
                        k.unmap(va + PAGE, (pages - 1) * PAGE);
                    }
                }
            } catch (VmmException e) {
                assertEquals(before, k.mappings(), "a refusal changes no mapping: " + e.getMessage());
                assertEquals(freeBefore, rig.free(), "a refusal takes or gives no frame: " + e.getMessage());
            }
            assertCountsMatchRam(rig, k);
        }
        for (long va : allocated) {
            k.freePages(va, 1);
            assertCountsMatchRam(rig, k);
        }
        assertEquals(freeAtStart, rig.free(), "every data frame and every table below the root went back");
        assertEquals(1, k.tableFrames().length);
    }

    @Test
    void splittingALargePageAndUnmappingItPieceByPieceKeepsCountsAndFreesThePageTable() {
        Rig rig = Rig.of("4-level");
        PagingAddressSpace k = (PagingAddressSpace) rig.kernel;
        long va = Rig.kernelVa(rig.mode);
        long free = rig.free();
        k.map(va, 0x400000, 2 * Rig.MIB, RW, MapOptions.DEFAULT.withPageSize(2 * Rig.MIB));
        for (long off = 0; off < 2 * Rig.MIB; off += 64 * PAGE) {
            k.unmap(va + off, 64 * PAGE);
            assertCountsMatchRam(rig, k);
        }
        assertEquals(free, rig.free());
        assertEquals(1, k.tableFrames().length);
    }

    @Test
    void outOfFramesInsideOneTableLeavesTablesCountsAndAllocatorAsTheyWere() {
        Rig rig = Rig.of("4-level");
        PagingAddressSpace k = (PagingAddressSpace) rig.kernel;
        long va = Rig.kernelVa(rig.mode);
        k.allocPages(va, 1, RW, Owner.HEAP);
        List<Long> taken = new ArrayList<>();
        for (long f; rig.free() > 2 && (f = rig.frames.allocFrame(Owner.KERNEL_DATA)) != FrameAllocator.NO_FRAME;) {
            taken.add(f);
        }
        List<Mapping> before = k.mappings();
        long freeBefore = rig.free();
        long version = k.version();
        VmmException e = assertThrows(VmmException.class, () -> k.allocPages(va + PAGE, 4, RW, Owner.HEAP));
        assertTrue(e.getMessage().contains("out of frames") && e.getMessage().contains("got 2 of 4 pages"),
                e.getMessage());
        assertEquals(String.format("0x%x", va + 3 * PAGE), String.format("0x%x", e.address()), "names the page it lacked");
        assertEquals(before, k.mappings());
        assertEquals(freeBefore, rig.free());
        assertEquals(version, k.version(), "a refused change is no new version");
        assertCountsMatchRam(rig, k);
        taken.forEach(rig.frames::freeFrame);
    }

    @Test
    void refusalsInsideOneTableNameTheAddressAndChangeNothing() {
        Rig rig = Rig.of("4-level");
        PagingAddressSpace k = (PagingAddressSpace) rig.kernel;
        long va = Rig.kernelVa(rig.mode);
        k.allocPages(va, 2, RW, Owner.HEAP);
        k.map(va + 4 * PAGE, 0x800000, PAGE, RW); // a frame the allocator never gave out
        List<Mapping> before = k.mappings();
        long free = rig.free();

        VmmException mapped = assertThrows(VmmException.class, () -> k.allocPages(va, 1, RW, Owner.HEAP));
        assertTrue(mapped.getMessage().contains(String.format("VA 0x%x is already mapped", va)), mapped.getMessage());
        VmmException hole = assertThrows(VmmException.class, () -> k.freePages(va, 3));
        assertTrue(hole.getMessage().contains(String.format("VA 0x%x is not mapped", va + 2 * PAGE)), hole.getMessage());
        VmmException notOurs = assertThrows(VmmException.class, () -> k.freePages(va + 4 * PAGE, 1));
        assertTrue(notOurs.getMessage().contains("0x800000"), notOurs.getMessage());

        assertEquals(before, k.mappings());
        assertEquals(free, rig.free());
        assertCountsMatchRam(rig, k);
    }

    @Test
    void aTableTheCountCallsEmptyIsCheckedAgainstRamAndKeptIfSomethingWasWrittenBehindTheVmmsBack() {
        Rig rig = Rig.of("4-level");
        PagingAddressSpace k = (PagingAddressSpace) rig.kernel;
        PagingMode mode = rig.mode;
        long va = Rig.kernelVa(mode);
        k.allocPages(va, 1, RW, Owner.HEAP);
        long pt = k.root();
        for (int level = mode.levels(); level > 1; level--) {
            long e = mode.readEntry(rig.ram, pt + (long) mode.index(va & ((1L << 48) - 1), level) * mode.entrySize());
            pt = mode.address(e, level, false);
        }
        assertEquals(1, k.presentCount(pt));
        long other = pt + (long) (mode.index(va & ((1L << 48) - 1), 1) + 1) * mode.entrySize();
        mode.writeEntry(rig.ram, other, mode.encodeLeaf(1, 0x900000, EntryBits.P | EntryBits.RW));

        k.freePages(va, 1);

        assertTrue(k.lookup(va + PAGE).isPresent(), "the entry written directly still maps its page");
        long table = pt;
        assertTrue(java.util.Arrays.stream(k.tableFrames()).anyMatch(f -> f == table), "its page table was kept");
        assertEquals(1, k.presentCount(pt), "the count was taken again from RAM");
        assertCountsMatchRam(rig, k);
    }

    @Test
    void theMapAgreesWithAHashMapUnderRandomPutAddRemove() {
        PresentCounts counts = new PresentCounts();
        Map<Long, Integer> model = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            long table = (long) random.nextInt(3000) * PAGE;
            switch (random.nextInt(4)) {
                case 0 -> {
                    int n = random.nextInt(513);
                    counts.put(table, n);
                    model.put(table, n);
                }
                case 1 -> {
                    counts.add(table, 1);
                    model.computeIfPresent(table, (t, n) -> n + 1);
                }
                case 2 -> {
                    counts.remove(table);
                    model.remove(table);
                }
                default -> assertEquals(model.getOrDefault(table, PresentCounts.UNKNOWN), counts.get(table));
            }
        }
        assertEquals(model.size(), counts.size());
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), counts.get(e.getKey()));
        }
    }

    /** Every table below the root: its count is unknown or equals a scan, and it is not empty. */
    private static void assertCountsMatchRam(Rig rig, PagingAddressSpace k) {
        walk(rig, k, k.root(), rig.mode.levels());
    }

    private static void walk(Rig rig, PagingAddressSpace k, long table, int level) {
        PagingMode mode = rig.mode;
        int present = 0;
        for (int i = 0; i < mode.entriesPerTable(level); i++) {
            long e = mode.readEntry(rig.ram, table + (long) i * mode.entrySize());
            if ((e & EntryBits.P) == 0) {
                continue;
            }
            present++;
            if (level > 1 && !mode.isLeaf(e, level, rig.regs.pse())) {
                walk(rig, k, mode.address(e, level, rig.regs.pse()), level - 1);
            }
        }
        if (table == k.root()) {
            return;
        }
        assertNotEquals(0, present, String.format("table 0x%x (level %d) is empty but was kept", table, level));
        int counted = k.presentCount(table);
        if (counted != PresentCounts.UNKNOWN) {
            assertEquals(present, counted, String.format("present entries of table 0x%x (level %d)", table, level));
        }
    }
}
