package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;

/** Tables live in RAM: write puts real bytes there, read decodes whatever is there now. */
class GdtMemoryTest {
    private static final long BASE = 0x800;
    private static final long TSS_BASE = 0xffff_8000_0020_3000L;
    private final GdtCodec codec = new GdtCodec();
    private final ByteArrayMemory ram = new ByteArrayMemory(0x20000);

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "message \"" + message + "\" should mention \"" + p + "\"");
        }
    }

    @Test
    void flatTableWritesFiveSlotsAndReturnsGdtrWithLimit39() {
        Gdtr gdtr = codec.write(ram, BASE, codec.flatProtectedMode(), false);
        assertEquals(new Gdtr(BASE, 39), gdtr);
        assertEquals(5, gdtr.slots());
        assertEquals(0L, ram.read64(BASE));
        assertEquals(0x00cf9a000000ffffL, ram.read64(BASE + 8));
        assertEquals(0x00cff2000000ffffL, ram.read64(BASE + 32));
    }

    @Test
    void flatTableReadsBackEntryForEntry() {
        Gdtr gdtr = codec.write(ram, BASE, codec.flatProtectedMode(), false);
        List<GdtEntry> entries = codec.read(ram, gdtr, false);
        assertEquals(5, entries.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(new GdtEntry(i, codec.flatProtectedMode().get(i), false), entries.get(i));
        }
    }

    @Test
    void longModeTssTakesTwoSlotsInRamAndReadsBackAsOneWideEntry() {
        Gdtr gdtr = codec.write(ram, BASE, codec.longMode(TSS_BASE, 0x67), true);
        assertEquals(new Gdtr(BASE, 7 * 8 - 1), gdtr);
        assertEquals(0x0000892030000067L, ram.read64(BASE + 40));
        assertEquals(0x00000000ffff8000L, ram.read64(BASE + 48));
        byte[] tssBytes = new byte[16];
        ram.read(BASE + 40, tssBytes, 0, 16);
        assertArrayEquals(new byte[] {0x67, 0, 0, 0x30, 0x20, (byte) 0x89, 0, 0, 0, (byte) 0x80, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0},
                tssBytes);
        List<GdtEntry> entries = codec.read(ram, gdtr, true);
        assertEquals(6, entries.size());
        assertEquals(new GdtEntry(5, new SegmentDescriptor(TSS_BASE, 0x67, 0x89, 0), true), entries.get(5));
        assertEquals(0x28, entries.get(5).selector());
    }

    @Test
    void readingALongModeTableOutsideLongModeShowsTheTssHalvesAsTwoSlots() {
        Gdtr gdtr = codec.write(ram, BASE, codec.longMode(0x3000, 0x67), true);
        List<GdtEntry> entries = codec.read(ram, gdtr, false);
        assertEquals(7, entries.size());
        assertFalse(entries.get(5).wide());
        assertEquals(SegmentDescriptor.NULL, entries.get(6).descriptor());
    }

    @Test
    void pokingTheAccessByteInRamChangesTheNextRead() {
        Gdtr gdtr = codec.write(ram, BASE, codec.flatProtectedMode(), false);
        assertEquals(0x9a, codec.read(ram, gdtr, false).get(1).descriptor().access());
        ram.write8(BASE + 8 + 5, 0x9b); // the CPU sets the accessed bit when it loads CS
        SegmentDescriptor after = codec.read(ram, gdtr, false).get(1).descriptor();
        assertEquals(0x9b, after.access());
        assertEquals(0x00cf9b000000ffffL, codec.encode(after));
    }

    @Test
    void pokingAReservedByteOfAWideTssIsReportedWithItsSlotAndAddress() {
        Gdtr gdtr = codec.write(ram, BASE, codec.longMode(TSS_BASE, 0x67), true);
        ram.write8(BASE + 40 + 13, 0x1);
        String m = assertThrows(DescriptorException.class, () -> codec.read(ram, gdtr, true)).getMessage();
        assertMentions(m, "slot 5", "0x828", "bytes 12-15");
    }

    @Test
    void wideTssCutByTheGdtrLimitIsReported() {
        codec.write(ram, BASE, codec.longMode(TSS_BASE, 0x67), true);
        String m = assertThrows(DescriptorException.class, () -> codec.read(ram, new Gdtr(BASE, 47), true)).getMessage();
        assertMentions(m, "slot 5", "limit 47");
    }

    @Test
    void gdtrLimitThatIsNot8nMinus1IsRefused() {
        assertMentions(assertThrows(DescriptorException.class, () -> codec.read(ram, new Gdtr(BASE, 40), false)).getMessage(),
                "GDTR limit 40", "8n-1");
        assertMentions(assertThrows(DescriptorException.class, () -> codec.read(ram, new Gdtr(BASE, 0x10000), false)).getMessage(),
                "GDTR limit 65536", "16-bit");
        assertMentions(assertThrows(DescriptorException.class, () -> codec.read(ram, new Gdtr(BASE, -1), false)).getMessage(),
                "GDTR limit -1");
    }

    @Test
    void tableLargerThan65536BytesIsRefusedAndRamIsUnchanged() {
        List<SegmentDescriptor> big = new ArrayList<>(Collections.nCopies(8193, codec.flatProtectedMode().get(2)));
        byte[] before = ram.snapshot();
        String m = assertThrows(DescriptorException.class, () -> codec.write(ram, 0, big, false)).getMessage();
        assertMentions(m, "8193 slots", "65544 bytes", "65536");
        assertArrayEquals(before, ram.snapshot());
    }

    @Test
    void tableOfExactly65536BytesIsAccepted() {
        List<SegmentDescriptor> full = new ArrayList<>(Collections.nCopies(8192, codec.flatProtectedMode().get(2)));
        assertEquals(new Gdtr(0, 0xffff), codec.write(ram, 0, full, false));
        assertEquals(8192, codec.read(ram, new Gdtr(0, 0xffff), false).size());
    }

    @Test
    void wideTssInLongModeCountsTwoSlotsTowardsTheMaximum() {
        List<SegmentDescriptor> table = new ArrayList<>(Collections.nCopies(8191, SegmentDescriptor.NULL));
        table.add(new SegmentDescriptor(0x1000, 0x67, 0x89, 0));
        assertEquals(new Gdtr(0, 0xffff), codec.write(ram, 0, table, false));
        String m = assertThrows(DescriptorException.class, () -> codec.write(ram, 0, table, true)).getMessage();
        assertMentions(m, "8193 slots");
    }

    @Test
    void invalidEntryIsNamedByIndexAndSelectorAndNothingIsWritten() {
        List<SegmentDescriptor> table = new ArrayList<>(codec.flatProtectedMode());
        table.add(new SegmentDescriptor(0, 0xfffff, 0x9a, 0xe));
        byte[] before = ram.snapshot();
        String m = assertThrows(DescriptorException.class, () -> codec.write(ram, BASE, table, false)).getMessage();
        assertMentions(m, "GDT entry 5", "selector 0x0028", "L and D both set");
        assertArrayEquals(before, ram.snapshot());
    }

    @Test
    void tableRunningPastInstalledRamIsRefusedAndNothingIsWritten() {
        byte[] before = ram.snapshot();
        String m = assertThrows(DescriptorException.class,
                () -> codec.write(ram, 0x20000 - 16, codec.flatProtectedMode(), false)).getMessage();
        assertMentions(m, "0x20000", "not all installed RAM");
        assertArrayEquals(before, ram.snapshot());
    }

    @Test
    void readingPastInstalledRamIsRefusedNamingTheAddress() {
        String m = assertThrows(DescriptorException.class, () -> codec.read(ram, new Gdtr(0x1fff8, 15), false)).getMessage();
        assertMentions(m, "0x20000");
    }

    @Test
    void protectedModeGdtAbove4GiBIsRefused() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.write(ram, 0xffff_fff0L, codec.flatProtectedMode(), false)).getMessage();
        assertMentions(m, "0xfffffff0", "4 GiB");
    }

    @Test
    void emptyTableIsRefused() {
        assertMentions(assertThrows(DescriptorException.class, () -> codec.write(ram, BASE, List.of(), false)).getMessage(),
                "empty");
    }

    @Test
    void wideTssWrittenOutsideLongModeNeedsA32BitBase() {
        String m = assertThrows(DescriptorException.class,
                () -> codec.write(ram, BASE, codec.longMode(TSS_BASE, 0x67), false)).getMessage();
        assertMentions(m, "GDT entry 5", "base 0xffff800000203000", "encodeWide");
    }
}
