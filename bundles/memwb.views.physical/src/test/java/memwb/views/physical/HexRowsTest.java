package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

class HexRowsTest {
    /** 64 KiB of RAM, a 64 KiB hole, then 64 KiB more. */
    private final SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x10000, RegionType.USABLE),
            new MemoryRegion(0x20000, 0x10000, RegionType.USABLE))));
    private final HexRows rows = new HexRows(new PhysicalSource(ram), 0);

    @Test
    void rowsCoverTheSpaceSixteenBytesEachAndFormatHexAndAscii() {
        assertEquals(0x30000 / 16, rows.rowCount());
        ram.write(0x1010, "Hi!\n".getBytes(), 0, 4);
        HexRows.Row row = rows.row(rows.rowOf(0x1013));
        assertEquals(0x1010, row.address());
        assertEquals("0x0000000000001010", row.addressText());
        assertEquals(List.of("48", "69", "21", "0a"), List.of(row.hex()).subList(0, 4));
        assertEquals("Hi!.", row.ascii().substring(0, 4));
        assertNull(row.problem());
    }

    @Test
    void bytesInAHoleShowAsDashesWithTheReason() {
        HexRows.Row row = rows.row(rows.rowOf(0x10000));
        assertEquals("--", row.hex()[0]);
        assertEquals("0x10000 is not installed RAM (a hole in the memory map)", row.problem());
    }

    @Test
    void onlyBytesChangedSinceTheLastRefreshAreMarked() {
        rows.row(0);
        ram.write8(3, 0x7f);
        assertFalse(rows.row(0).changed()[3], "no refresh yet: nothing to compare with");
        rows.refresh();
        ram.write8(5, 0x01);
        HexRows.Row after = rows.row(0);
        assertTrue(after.changed()[5]);
        assertFalse(after.changed()[3], "changed before the last refresh");
        rows.refresh();
        assertFalse(rows.row(0).changed()[5], "the next refresh starts afresh");
    }

    @Test
    void editingParsesHexBytesAndRefusesAnythingElseNamingTheAddress() {
        assertArrayEquals(new byte[] { (byte) 0xde, (byte) 0xad, 0x0f }, HexRows.parseBytes(" de ad f ", 0x100));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HexRows.parseBytes("de zz", 0x100));
        assertEquals("at 0x101: \"zz\" is not a byte (one or two hex digits 0-9 a-f)", bad.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> HexRows.parseBytes("123", 0x2000));
        assertEquals("at 0x2000: \"123\" is not a byte (one or two hex digits 0-9 a-f)", wide.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HexRows.parseBytes("  ", 0x2000));
    }

    @Test
    void aWriteReachingIntoAHoleIsRefusedWithTheAddressAndWritesNothing() {
        PhysicalSource source = new PhysicalSource(ram);
        long before = ram.version();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> source.write(0xfffe, new byte[] { 1, 2, 3 }));
        assertEquals("cannot write at 0x10000: not installed RAM (a hole in the memory map); nothing written", e.getMessage());
        assertEquals(0, ram.read8(0xfffe));
        assertEquals(before, ram.version());
        source.write(0xfffe, new byte[] { 1, 2 });
        assertEquals(0x0201, ram.read16(0xfffe));
    }

    @Test
    void aVirtualSpaceUpTo2To64KeepsKernelAddressesInItsRows() {
        ByteSource top = new ByteSource() {
            public long end() {
                return 0; // 2^64
            }

            public String space() {
                return "virtual";
            }

            public String read(long address, byte[] dst, boolean[] readable) {
                return null;
            }

            public void write(long address, byte[] bytes) {
            }
        };
        long kernel = 0xffffffff80000000L;
        HexRows r = new HexRows(top, HexRows.windowBase(kernel, 0));
        assertEquals(HexRows.MAX_ROWS, r.rowCount());
        int row = r.rowOf(kernel + 0x21);
        assertEquals(kernel + 0x20, r.addressOf(row));
        assertEquals(-1, r.rowOf(0x1000), "low addresses are outside this window");
    }

    @Test
    void aSlidWindowKeepsHighlightingWhatChangedSinceTheLastRefresh() {
        HexRows low = new HexRows(new PhysicalSource(ram), 0);
        int row = low.rowOf(0x8000);
        low.row(row);
        low.refresh();
        ram.write8(0x8002, 0x5a);
        HexRows slid = low.at(0x4000);
        HexRows.Row after = slid.row(slid.rowOf(0x8000));
        assertEquals(0x8000, after.address());
        assertTrue(after.changed()[2], "the byte written after the refresh is still marked after the slide");
        assertFalse(after.changed()[1]);
        assertEquals(0x4000, slid.base());
    }
}
