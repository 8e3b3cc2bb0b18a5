package memwb.paging;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PAT;
import static memwb.api.paging.EntryBits.PAT_LARGE;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** 32-bit paging entries, bit for bit, computed by hand from SDM tables 4-4 to 4-6. */
class Paging32Test {
    private final Paging32 mode = new Paging32();

    @Test
    void shapeIsTwoLevelsOf1024FourByteEntriesWith4KiBAnd4MiBPages() {
        assertEquals("32-bit", mode.name());
        assertEquals(2, mode.levels());
        assertEquals(4, mode.entrySize());
        assertEquals(1024, mode.entriesPerTable(1));
        assertEquals(1024, mode.entriesPerTable(2));
        assertArrayEquals(new long[] {0x1000, 0x400000}, mode.pageSizes());
        assertEquals(2, mode.levelOfPageSize(0x400000));
        assertEquals(0, mode.levelOfPageSize(0x200000));
        assertFalse(mode.hasExecuteDisable());
        assertEquals("PD", mode.levelName(2));
        assertEquals("PT", mode.levelName(1));
    }

    @Test
    void indexesSplitBits31To22And21To12() {
        // 0xc0101234: PD index 0x300 (768), PT index 0x101, offset 0x234.
        assertEquals(0x300, mode.index(0xc0101234L, 2));
        assertEquals(0x101, mode.index(0xc0101234L, 1));
        assertEquals(22, mode.indexShift(2));
    }

    @Test
    void onlyAddressesBelow4GiBAreLinearAddresses() {
        assertTrue(mode.isCanonical(0xffffffffL));
        assertFalse(mode.isCanonical(0x100000000L));
        assertFalse(mode.isCanonical(-1L));
    }

    @Test
    void pteKeepsTheFrameInBits31To12AndFlagsBelow() {
        long pte = mode.encodeLeaf(1, 0x00123000L, P | RW | US);
        assertEquals(0x00123007L, pte);
        assertEquals(0x00123000L, mode.address(pte, 1, true));
        assertEquals(0xfedcb000L | P | A | D | PAT | G, mode.encodeLeaf(1, 0xfedcb000L, P | A | D | PAT | G));
        assertEquals(0xfedcb1e1L, mode.encodeLeaf(1, 0xfedcb000L, P | A | D | PAT | G));
    }

    @Test
    void pdePointingAtAPageTableHasPsClear() {
        long pde = mode.encodeTable(2, 0x00400000L, P | RW | US);
        assertEquals(0x00400007L, pde);
        assertFalse(mode.isLeaf(pde, 2, true));
        assertEquals(0x00400000L, mode.address(pde, 2, true));
    }

    @Test
    void fourMiBPdeCarriesPse36AddressBits39To32InBits20To13() {
        // PA 0x1_23c0_0000: bits 31:22 = 0x23c00000 in place, bits 39:32 = 0x01 at bit 13 (0x2000), PS 0x80.
        long pde = mode.encodeLeaf(2, 0x123c00000L, P | RW);
        assertEquals(0x23c02083L, pde);
        assertTrue(mode.isLeaf(pde, 2, true));
        assertEquals(0x123c00000L, mode.address(pde, 2, true));
        // The highest 4 MiB page PSE-36 reaches: bits 39:32 = 0xff -> 0x1fe000.
        long top = mode.encodeLeaf(2, 0xffffc00000L, P | RW);
        assertEquals(0xffdfe083L, top);
        assertEquals(0xffffc00000L, mode.address(top, 2, true));
        // Global and the large PAT bit (12).
        assertEquals(0x00c01183L, mode.encodeLeaf(2, 0x00c00000L, P | RW | G | PAT_LARGE));
    }

    @Test
    void withoutCr4PsePsIsIgnoredAndThePdePointsAtATable() {
        long pde = 0x23c02083L;
        assertFalse(mode.isLeaf(pde, 2, false));
        assertEquals(0x23c02000L, mode.address(pde, 2, false));
        assertEquals(0, mode.reservedBits(pde, 2, false, false));
    }

    @Test
    void bit21IsTheOnlyReservedBitOfA4MiBPde() {
        assertEquals(0x200000L, mode.reservedBits(0x00200083L, 2, true, false));
        assertEquals(0, mode.reservedBits(0xffdfe083L, 2, true, false));
        assertEquals(0, mode.reservedBits(0xffffffffL, 1, true, false));
    }

    @Test
    void smallerMaxPhysAddrReservesThePse36BitsItCannotUse() {
        Paging32 narrow = new Paging32(36);
        // Only bits 16:13 carry address bits 35:32; bits 21:17 are reserved.
        assertEquals(0x3e0000L, narrow.reservedBits(0x003fe083L, 2, true, false));
        assertEquals(1L << 36, narrow.physicalLimit());
    }

    @Test
    void reachIs4GiBForPtesAndTablesAnd1TiBFor4MiBPages() {
        assertEquals(1L << 32, mode.leafPhysicalLimit(1));
        assertEquals(1L << 40, mode.leafPhysicalLimit(2));
        assertEquals(1L << 40, mode.physicalLimit());
        assertEquals(1L << 32, mode.tablePhysicalLimit());
    }

    @Test
    void badEncodingsNameTheValue() {
        assertMessage("physical address 0x100000000 is beyond 4 GiB",
                () -> mode.encodeLeaf(1, 0x100000000L, P));
        assertMessage("physical address 0x10000000000 is beyond 1 TiB",
                () -> mode.encodeLeaf(2, 0x10000000000L, P));
        assertMessage("physical address 0x200000 is not 4 MiB aligned", () -> mode.encodeLeaf(2, 0x200000L, P));
        assertMessage("physical address 0x1234 is not 4 KiB aligned", () -> mode.encodeLeaf(1, 0x1234L, P));
        assertMessage("bits 0x8000000000000000", () -> mode.encodeLeaf(1, 0x1000L, P | XD));
        assertMessage("page table 0x100000000 is beyond 4 GiB", () -> mode.encodeTable(2, 0x100000000L, P));
        assertMessage("levels 1..2, not 3", () -> mode.encodeLeaf(3, 0, P));
    }

    @Test
    void cr3HoldsThePageDirectoryInBits31To12() {
        assertEquals(0x00105000L, mode.rootTable(0x00105018L));
        assertEquals(0x00105000L, mode.cr3For(0x00105000L));
        assertMessage("not 4 KiB aligned", () -> mode.cr3For(0x00105020L));
    }

    @Test
    void describeNamesTheFlagsThatAreSet() {
        assertEquals("P RW PS", mode.describe(0x23c02083L, 2, true));
        assertEquals("P RW US A D PAT G", mode.describe(0x001231e7L, 1, true));
        assertEquals("not present", mode.describe(0x00123006L, 1, true));
        assertEquals("P RW PS RSVD=0x200000", mode.describe(0x00200083L, 2, true));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }
}
