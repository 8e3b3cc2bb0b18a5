package memwb.paging;

import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PAT_LARGE;
import static memwb.api.paging.EntryBits.PS;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;
import static memwb.paging.Paging32Test.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** 4-level and 5-level entries, bit for bit, from SDM tables 4-14 to 4-20. */
class LongModePagingTest {
    private final Paging4Level four = new Paging4Level();
    private final Paging5Level five = new Paging5Level();

    @Test
    void shapes() {
        assertEquals("4-level", four.name());
        assertEquals("5-level", five.name());
        assertEquals(48, four.linearAddressBits());
        assertEquals(57, five.linearAddressBits());
        assertArrayEquals(new long[] {0x1000, 0x200000, 0x40000000}, four.pageSizes());
        assertEquals("PML5", five.levelName(5));
        assertEquals("PML4", four.levelName(4));
        assertEquals(0, four.leafSize(4));
        assertEquals(48, five.indexShift(5));
    }

    @Test
    void canonicalMeansBits63To47EqualFor4LevelAnd63To56For5Level() {
        assertTrue(four.isCanonical(0x00007fffffffffffL));
        assertFalse(four.isCanonical(0x0000800000000000L));
        assertTrue(four.isCanonical(0xffff800000000000L));
        assertFalse(four.isCanonical(0xfffeffffffffffffL));
        assertTrue(five.isCanonical(0x0000800000000000L));
        assertTrue(five.isCanonical(0x00ffffffffffffffL));
        assertFalse(five.isCanonical(0x0100000000000000L));
        assertTrue(five.isCanonical(0xff00000000000000L));
    }

    @Test
    void indexesAreNineBitsPerLevel() {
        long va = 0xffffffff80201000L;
        assertEquals(511, four.index(va, 4));
        assertEquals(510, four.index(va, 3));
        assertEquals(1, four.index(va, 2));
        assertEquals(1, four.index(va, 1));
        assertEquals(256, five.index(0xff00000000000000L, 5));
    }

    @Test
    void tableEntriesAndLeavesOfEverySize() {
        assertEquals(0x2007L, four.encodeTable(4, 0x2000L, P | RW | US));
        long gib = four.encodeLeaf(3, 0x40000000L, P | RW | G);
        assertEquals(0x0000000040000183L, gib);
        assertEquals(0x40000000L, four.address(gib, 3, false));
        long mib = four.encodeLeaf(2, 0x200000L, P | RW | XD);
        assertEquals(0x8000000000200083L, mib);
        assertTrue(four.isLeaf(mib, 2, false));
        assertEquals(0x000ffffffffff001L, four.encodeLeaf(1, 0x000ffffffffff000L, P));
        // PAT of a 2 MiB page is bit 12, below the address.
        long pat = four.encodeLeaf(2, 0x400000L, P | PAT_LARGE);
        assertEquals(0x401081L, pat);
        assertEquals(0x400000L, four.address(pat, 2, false));
    }

    @Test
    void reservedBits() {
        assertEquals(PS, four.reservedBits(0x2087L, 4, false, true));
        assertEquals(PS, five.reservedBits(0x2087L, 5, false, true));
        assertEquals(0x2000L, four.reservedBits(0x40002083L, 3, false, true));
        assertEquals(0x20000000L, four.reservedBits(0x60000083L, 3, false, true));
        assertEquals(0x1fe000L, four.reservedBits(0x3fe083L, 2, false, true));
        assertEquals(XD, four.reservedBits(0x8000000000001001L, 1, false, false));
        // MAXPHYADDR 52 leaves no reserved address bits; 58:52 are ignored, 62:59 protection key.
        assertEquals(0, four.reservedBits(0x7ff0000000001001L, 1, false, true));
        LongModePaging narrow = new LongModePaging(4, 40);
        assertEquals(1L << 40, narrow.reservedBits(0x0000010000001001L, 1, false, true));
        assertEquals(1L << 40, narrow.physicalLimit());
    }

    @Test
    void largePagesMustBeAlignedToTheirSize() {
        assertMessage("0x200000 is not 1 GiB aligned", () -> four.encodeLeaf(3, 0x200000L, P));
        assertMessage("PML4 entries cannot map pages", () -> four.encodeLeaf(4, 0, P));
        assertMessage("beyond 4 PiB", () -> four.encodeLeaf(1, 1L << 52, P));
    }

    @Test
    void cr3HoldsTheRootInBits51To12() {
        assertEquals(0x1000L, four.rootTable(0x1018L));
        assertEquals(0x1000L, four.rootTable(0xfff0000000001000L));
        assertMessage("not 4 KiB aligned", () -> five.cr3For(0x1800L));
    }

    @Test
    void everyModeIsAComponentWithItsPagingName() throws IOException {
        for (String[] c : new String[][] {{"Paging32Component", "32-bit"}, {"PagingPaeComponent", "pae"},
                {"Paging4LevelComponent", "4-level"}, {"Paging5LevelComponent", "5-level"}}) {
            try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/memwb.paging." + c[0] + ".xml")) {
                assertTrue(in != null, "bnd wrote the component XML for " + c[0]);
                String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(xml.contains("name=\"paging.name\"") && xml.contains("value=\"" + c[1] + "\""), xml);
                assertTrue(xml.contains("memwb.api.paging.PagingMode"), xml);
            }
        }
    }
}
