package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.DescriptorException;
import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;

/** info gdt prints what current Bochs prints (bx_debug/dbg_main.cc), word for word. */
class BochsInfoGdtTest {
    private static final String TRAILER =
            "You can list individual entries with 'info gdt [NUM]' or groups with 'info gdt [NUM] [NUM]'\n";
    private final GdtCodec codec = new GdtCodec();
    private final ByteArrayMemory ram = new ByteArrayMemory(0x10000);

    private String line(SegmentDescriptor d) {
        String text = codec.infoGdt(new Gdtr(0, 15), List.of(new GdtEntry(1, d, false)));
        return text.split("\n")[1];
    }

    @Test
    void flatTableIsPrintedAsBochsPrintsIt() {
        Gdtr gdtr = codec.write(ram, 0x800, codec.flatProtectedMode(), false);
        assertEquals("gdt (base=0x0000000000000800, limit=39):\n"
                + "gdt[0x0000]=<null entry>\n"
                + "gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 32-bit\n"
                + "gdt[0x0010]=Data segment, base=0x00000000, limit=0xffffffff, Read/Write\n"
                + "gdt[0x0018]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 32-bit\n"
                + "gdt[0x0020]=Data segment, base=0x00000000, limit=0xffffffff, Read/Write\n"
                + TRAILER,
                codec.infoGdt(gdtr, codec.read(ram, gdtr, false)));
    }

    @Test
    void longModeTableShows64BitCodeAndATssWithoutBase() {
        Gdtr gdtr = codec.write(ram, 0x1000, codec.longMode(0xffff_8000_0000_3000L, 0x67), true);
        assertEquals("gdt (base=0x0000000000001000, limit=55):\n"
                + "gdt[0x0000]=<null entry>\n"
                + "gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 64-bit\n"
                + "gdt[0x0010]=Data segment, base=0x00000000, limit=0xffffffff, Read/Write\n"
                + "gdt[0x0018]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, 64-bit\n"
                + "gdt[0x0020]=Data segment, base=0x00000000, limit=0xffffffff, Read/Write\n"
                + "gdt[0x0028]=64-Bit TSS (Available) \n"
                + TRAILER,
                codec.infoGdt(gdtr, codec.read(ram, gdtr, true)));
    }

    @Test
    void accessedConformingAndExecuteOnlyWordsFollowTheTypeBits() {
        assertEquals("gdt[0x0008]=Code segment, base=0x00000000, limit=0xffffffff, Execute/Read, Non-Conforming, Accessed, 64-bit",
                line(codec.decode(0x00af9b000000ffffL)));
        assertEquals("gdt[0x0008]=Code segment, base=0x00010000, limit=0x0000ffff, Execute-Only, Conforming, 16-bit",
                line(new SegmentDescriptor(0x10000, 0xffff, 0x9c, 0)));
        assertEquals("gdt[0x0008]=Data segment, base=0x00000000, limit=0xffffffff, Read/Write, Accessed",
                line(codec.decode(0x00cf93000000ffffL)));
        assertEquals("gdt[0x0008]=Data segment, base=0x000b8000, limit=0x00007fff, Read-Only, Expand-down",
                line(new SegmentDescriptor(0xb8000, 0x7fff, 0x94, 0)));
    }

    @Test
    void byteGranular16BitDataVectorPrintsItsRawLimit() {
        assertEquals("gdt[0x0008]=Data segment, base=0x12345678, limit=0x000abcde, Read/Write",
                line(codec.decode(0x120a92345678bcdeL)));
    }

    @Test
    void codeWithLAndDBothSetPrintsAs32BitLikeBochs() {
        // Bochs: "64-bit" only for L && !D; otherwise D decides. Such a descriptor can only come from RAM.
        assertTrue(line(codec.decode(0x00ef9a000000ffffL)).endsWith(", 32-bit"));
    }

    @Test
    void protectedModeSystemDescriptorsUseBochsTypeNames() {
        assertEquals("gdt[0x0008]=32-Bit TSS (Available) at 0x00001000, length 0x00067",
                line(codec.decode(0x0000890010000067L)));
        assertEquals("gdt[0x0008]=32-Bit TSS (Busy) at 0x00001000, length 0x00067",
                line(new SegmentDescriptor(0x1000, 0x67, 0x8b, 0)));
        assertEquals("gdt[0x0008]=16-Bit TSS (available) at 0x00001000, length 0x0002b",
                line(new SegmentDescriptor(0x1000, 0x2b, 0x81, 0)));
        assertEquals("gdt[0x0008]=LDT ", line(new SegmentDescriptor(0x2000, 0xfff, 0x82, 0)));
    }

    @Test
    void gatesAndUndefinedTypesArePrintedFromTheRawWords() {
        long callGate = 0xc010ec00_00088ec4L; // selector 0x0008, offset 0xc0108ec4, P, DPL 3, type 0xc
        assertEquals("gdt[0x0008]=32-Bit Call Gate target=0x0008:0xc0108ec4, DPL=3", line(codec.decode(callGate)));
        assertEquals("gdt[0x0008]=??? descriptor hi=0x00008800, lo=0x00000000", line(codec.decode(0x00008800_00000000L)));
    }

    @Test
    void nonPresentDescriptorsPrintLikePresentOnesBecauseBochsIgnoresP() {
        assertEquals(line(codec.decode(0x00cf9a000000ffffL)), line(codec.decode(0x00cf1a000000ffffL)));
    }

    @Test
    void entriesPastTheGdtrLimitAreRefused() {
        String m = assertThrows(DescriptorException.class, () -> codec.infoGdt(new Gdtr(0, 15),
                List.of(new GdtEntry(2, SegmentDescriptor.NULL, false)))).getMessage();
        assertTrue(m.contains("index 2") && m.contains("limit 15"), m);
    }

    @Test
    void overlappingEntriesAreRefused() {
        SegmentDescriptor tss = new SegmentDescriptor(0x1000, 0x67, 0x89, 0);
        String m = assertThrows(DescriptorException.class, () -> codec.infoGdt(new Gdtr(0, 31),
                List.of(new GdtEntry(1, tss, true), new GdtEntry(2, SegmentDescriptor.NULL, false)))).getMessage();
        assertTrue(m.contains("index 2"), m);
    }

    @Test
    void aWideEntryThatIsNotATssOrLdtIsRefused() {
        String m = assertThrows(DescriptorException.class, () -> codec.infoGdt(new Gdtr(0, 31),
                List.of(new GdtEntry(1, codec.decode(0x00af9a000000ffffL), true)))).getMessage();
        assertTrue(m.contains("index 1") && m.contains("code descriptor"), m);
    }

    @Test
    void badGdtrLimitIsRefused() {
        String m = assertThrows(DescriptorException.class, () -> codec.infoGdt(new Gdtr(0, 12), List.of())).getMessage();
        assertTrue(m.contains("GDTR limit 12"), m);
    }
}
