package memwb.paging;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PCD;
import static memwb.api.paging.EntryBits.PWT;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;
import static memwb.paging.Paging32Test.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PAE entries, bit for bit, from SDM tables 4-8 to 4-11. */
class PagingPaeTest {
    private final PagingPae mode = new PagingPae();

    @Test
    void shapeIsA4EntryPdptAbove512EntryTablesWith4KiBAnd2MiBPages() {
        assertEquals("pae", mode.name());
        assertEquals(3, mode.levels());
        assertEquals(8, mode.entrySize());
        assertEquals(4, mode.entriesPerTable(3));
        assertEquals(512, mode.entriesPerTable(2));
        assertArrayEquals(new long[] {0x1000, 0x200000}, mode.pageSizes());
        assertEquals(0, mode.leafSize(3));
        assertFalse(mode.controlsRights(3));
        assertTrue(mode.controlsRights(2));
    }

    @Test
    void indexesSplitBits31To30And29To21And20To12() {
        assertEquals(3, mode.index(0xc0201000L, 3));
        assertEquals(1, mode.index(0xc0201000L, 2));
        assertEquals(1, mode.index(0xc0201000L, 1));
        assertFalse(mode.isCanonical(0x100000000L));
    }

    @Test
    void pdpteHasOnlyPresentPwtPcdAndTheAddress() {
        assertEquals(0x5001L, mode.encodeTable(3, 0x5000L, P));
        assertEquals(0x5019L, mode.encodeTable(3, 0x5000L, P | PWT | PCD));
        assertMessage("bits 0x6", () -> mode.encodeTable(3, 0x5000L, P | RW | US));
    }

    @Test
    void pdpteReservedBitsAre1And2And5To8And63AndAboveMaxPhysAddr() {
        assertEquals(0x2L, mode.reservedBits(0x5003L, 3, false, true));
        assertEquals(0x1e0L, mode.reservedBits(0x51e1L, 3, false, true));
        // Bit 63 is reserved in a PDPTE even with EFER.NXE: PDPTEs have no XD.
        assertEquals(XD, mode.reservedBits(0x8000000000005001L, 3, false, true));
        assertEquals(1L << 52, mode.reservedBits(0x0010000000005001L, 3, false, true));
    }

    @Test
    void twoMiBPdeKeepsBits51To21AndXd() {
        long pde = mode.encodeLeaf(2, 0x123400000L, P | RW | US | XD);
        assertEquals(0x8000000123400087L, pde);
        assertTrue(mode.isLeaf(pde, 2, false));
        assertEquals(0x123400000L, mode.address(pde, 2, false));
        assertEquals(0x2000L, mode.reservedBits(0x0000000000202083L, 2, false, true));
    }

    @Test
    void pteKeepsBits51To12() {
        assertEquals(0x00000000fedcb063L, mode.encodeLeaf(1, 0xfedcb000L, P | RW | A | D));
        assertEquals(0x000ffffffffff001L, mode.encodeLeaf(1, 0x000ffffffffff000L, P));
    }

    @Test
    void bits62To52AreReservedInPaeUnlikeIn4LevelPaging() {
        long entry = 0x0010000000001001L;
        assertEquals(1L << 52, mode.reservedBits(entry, 1, false, true));
        assertEquals(0x7ff0000000000000L, mode.reservedBits(0x7ff0000000001001L, 1, false, true));
        assertEquals(0, new LongModePaging().reservedBits(entry, 1, false, true));
    }

    @Test
    void bit63IsReservedWithoutNxe() {
        assertEquals(XD, mode.reservedBits(0x8000000000001001L, 1, false, false));
        assertEquals(0, mode.reservedBits(0x8000000000001001L, 1, false, true));
    }

    @Test
    void cr3Holds32ByteAlignedPdptBelow4GiB() {
        assertEquals(0x12345fe0L, mode.rootTable(0x12345ff8L));
        assertEquals(0x1000020L, mode.cr3For(0x1000020L));
        assertMessage("0x1000010 is not 32 bytes aligned", () -> mode.cr3For(0x1000010L));
        assertMessage("0x100000000 is beyond 4 GiB", () -> mode.cr3For(0x100000000L));
    }

    @Test
    void noGibPagesAndNoHighAvailableBits() {
        assertMessage("no 1 GiB pages", () -> mode.encodeLeaf(3, 0x40000000L, P));
        assertMessage("bits 0x10000000000000", () -> mode.encodeLeaf(1, 0x1000L, P | (1L << 52)));
    }
}
