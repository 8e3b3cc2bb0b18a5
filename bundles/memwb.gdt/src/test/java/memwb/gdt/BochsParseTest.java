package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;

/** Bochs text parses back to the descriptors it shows; what Bochs does not print is documented in BochsVisible. */
class BochsParseTest {
    private final GdtCodec codec = new GdtCodec();
    private final ByteArrayMemory ram = new ByteArrayMemory(0x10000);

    private static List<GdtEntry> visible(List<GdtEntry> entries) {
        return entries.stream().map(BochsVisible::of).toList();
    }

    @Test
    void flatTableRoundTripsThroughInfoGdt() {
        Gdtr gdtr = codec.write(ram, 0x800, codec.flatProtectedMode(), false);
        List<GdtEntry> entries = codec.read(ram, gdtr, false);
        List<GdtEntry> parsed = codec.parseBochs(codec.infoGdt(gdtr, entries));
        assertEquals(visible(entries), parsed);
        // Kernel segments come back bit for bit; user segments lose only their DPL, which Bochs does not print.
        assertEquals(entries.subList(0, 3), parsed.subList(0, 3));
        assertEquals(0xfa, entries.get(3).descriptor().access());
        assertEquals(0x9a, parsed.get(3).descriptor().access());
        assertEquals(0x00cf9a000000ffffL, codec.encode(parsed.get(3).descriptor()));
    }

    @Test
    void longModeTableRoundTripsThroughInfoGdtExceptTheTssBaseAndLimit() {
        Gdtr gdtr = codec.write(ram, 0x1000, codec.longMode(0xffff_8000_0000_3000L, 0x67), true);
        List<GdtEntry> entries = codec.read(ram, gdtr, true);
        List<GdtEntry> parsed = codec.parseBochs(codec.infoGdt(gdtr, entries));
        assertEquals(visible(entries), parsed);
        assertEquals(entries.subList(0, 3), parsed.subList(0, 3));
        GdtEntry tss = parsed.get(5);
        assertEquals(5, tss.index());
        assertTrue(tss.wide());
        assertEquals(new SegmentDescriptor(0, 0, 0x89, 0), tss.descriptor());
    }

    @Test
    void protectedModeTssKeepsItsBaseAndLength() {
        List<GdtEntry> parsed = codec.parseBochs("gdt[0x0020]=32-Bit TSS (Busy) at 0x00001000, length 0x00067\n");
        assertEquals(List.of(new GdtEntry(4, new SegmentDescriptor(0x1000, 0x67, 0x8b, 0), false)), parsed);
    }

    @Test
    void olderBochsOutputByIndexIsParsed() {
        String old = String.join("\n",
                "<bochs:16> info gdt",
                "Global Descriptor Table (base=0x0000000000013c50, limit=39):",
                "GDT[0x00]=??? descriptor hi=0x00000000, lo=0x00000000",
                "GDT[0x01]=??? descriptor hi=0x00000000, lo=0x00000000",
                "GDT[0x02]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, Accessed, 32-bit",
                "GDT[0x03]=Data segment, base=0x00000000, limit=0xffffffff, Read/Write, Accessed",
                "GDT[0x04]=32-Bit TSS (Busy) at 0x00001000, length 0x00067",
                "You can list individual entries with 'info gdt [NUM]' or groups with 'info gdt [NUM] [NUM]'",
                "");
        List<GdtEntry> parsed = codec.parseBochs(old);
        assertEquals(5, parsed.size());
        assertEquals(new GdtEntry(0, SegmentDescriptor.NULL, false), parsed.get(0));
        assertEquals(new GdtEntry(1, SegmentDescriptor.NULL, false), parsed.get(1));
        assertEquals(new GdtEntry(2, codec.decode(0x00cf9b000000ffffL), false), parsed.get(2));
        assertEquals(new GdtEntry(3, codec.decode(0x00cf93000000ffffL), false), parsed.get(3));
        assertEquals(new GdtEntry(4, codec.decode(0x00008b0010000067L), false), parsed.get(4));
    }

    @Test
    void bochs26OutputWithFourDigitSelectorsIsReadBySelector() {
        String text = "Global Descriptor Table (base=0x00000000000f9ad7, limit=48):\n"
                + "GDT[0x0010]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, Accessed, 32-bit\n"
                + "GDT[0x0020]=Code segment, base=0x000f0000, limit=0x0000ffff, Execute/Read, Non-Conforming, 16-bit\n";
        List<GdtEntry> parsed = codec.parseBochs(text);
        assertEquals(2, parsed.get(0).index());
        assertEquals(4, parsed.get(1).index());
        assertEquals(new SegmentDescriptor(0xf0000, 0xffff, 0x9a, 0), parsed.get(1).descriptor());
    }

    @Test
    void ldtInALongModeListingIsWideAndInAProtectedModeListingIsNot() {
        String longMode = "gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 64-bit\n"
                + "gdt[0x0010]=LDT \n";
        assertTrue(codec.parseBochs(longMode).get(1).wide());
        assertFalse(codec.parseBochs("gdt[0x0010]=LDT \n").get(0).wide());
    }

    @Test
    void ldtFollowedByTheNextSlotIsEightBytesEvenInALongModeListing() {
        String text = "gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 64-bit\n"
                + "gdt[0x0010]=LDT \n"
                + "gdt[0x0018]=<null entry>\n";
        assertFalse(codec.parseBochs(text).get(1).wide());
    }

    @Test
    void ldtInTheLastSlotTheHeaderAllowsIsEightBytes() {
        String text = "gdt (base=0x0000000000001000, limit=23):\n"
                + "gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 64-bit\n"
                + "gdt[0x0010]=LDT \n";
        assertFalse(codec.parseBochs(text).get(1).wide());
    }

    @Test
    void headerLimitOver16BitsIsRefused() {
        assertMentions(refusedParse("gdt (base=0x0000000000001000, limit=65536):\n"), "line 1", "GDTR limit 65536");
    }

    @Test
    void gatesParseBackToTheirRawWordsExceptTheParameterCount() {
        long callGate = 0xc010ec03_00088ec4L; // 3 parameters: Bochs does not print them
        List<GdtEntry> parsed = codec.parseBochs(codec.infoGdt(new Gdtr(0, 15),
                List.of(new GdtEntry(1, codec.decode(callGate), false))));
        assertEquals(0xc010ec00_00088ec4L, DescriptorBits.pack(parsed.get(0).descriptor()));
    }

    @Test
    void randomDescriptorsRoundTripToWhatBochsShows() {
        Random random = new Random(20240229);
        List<GdtEntry> entries = new ArrayList<>();
        for (int i = 1; i < 4000; i++) {
            long raw = random.nextLong();
            if (i % 3 == 0) {
                raw &= ~(0x1FL << 40); // S=0 and type 0: undefined system types, gates, TSS, LDT appear
                raw |= (long) random.nextInt(16) << 40;
            }
            entries.add(new GdtEntry(i, codec.decode(raw), false));
        }
        List<GdtEntry> parsed = codec.parseBochs(codec.infoGdt(new Gdtr(0, 4000 * 8 - 1), entries));
        assertEquals(visible(entries), parsed);
    }

    private String refusedParse(String text) {
        return assertThrows(DescriptorException.class, () -> codec.parseBochs(text)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "message \"" + message + "\" should mention \"" + p + "\"");
        }
    }

    @Test
    void aLineThatIsNotBochsOutputNamesItsLineNumberAndText() {
        String m = refusedParse("gdt (base=0x0000000000000800, limit=39):\ngdt[0x0000]=<null entry>\nhello world\n");
        assertMentions(m, "line 3", "\"hello world\"");
    }

    @Test
    void unknownDescriptorWordsAreRefused() {
        assertMentions(refusedParse("gdt[0x0008]=Code segment, base=0x00000000\n"), "line 1", "Code segment, base=0x00000000");
        assertMentions(refusedParse("gdt[0x0008]=48-Bit TSS (Available) at 0x00001000, length 0x00067\n"),
                "line 1", "48-Bit TSS");
    }

    @Test
    void selectorThatIsNotAMultipleOf8IsRefused() {
        assertMentions(refusedParse("gdt[0x000c]=<null entry>\n"), "line 1", "selector 0xc");
    }

    @Test
    void limitWithNoDescriptorFormIsRefused() {
        assertMentions(refusedParse("gdt[0x0008]=Data segment, base=0x00000000, limit=0x00123456, Read/Write\n"),
                "line 1", "limit 0x123456");
    }

    @Test
    void baseOver32BitsIsRefused() {
        assertMentions(refusedParse("\ngdt[0x0008]=Data segment, base=0x100000000, limit=0x0000ffff, Read/Write\n"),
                "line 2", "base 0x100000000");
    }

    @Test
    void entriesOutOfOrderOrOverlappingAreRefused() {
        assertMentions(refusedParse("gdt[0x0010]=<null entry>\ngdt[0x0008]=<null entry>\n"), "line 2", "index 1");
        assertMentions(refusedParse("gdt[0x0028]=64-Bit TSS (Available) \ngdt[0x0030]=<null entry>\n"), "line 2", "index 6");
    }

    @Test
    void emptyTextParsesToNoEntries() {
        assertEquals(List.of(), codec.parseBochs(""));
    }
}
