package memwb.views.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.gdt.GdtCodec;
import memwb.ram.SparseMemory;

class GdtEditorTest {
    private static final long GDT = 0x9000;
    private final SparseMemory ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x100000, RegionType.USABLE))));
    private final GdtCodec codec = new GdtCodec();
    private final GdtEditor editor = new GdtEditor(codec);
    private Gdtr gdtr;

    @BeforeEach
    void writeTheFlatTable() {
        gdtr = codec.write(ram, GDT, codec.flatProtectedMode(), false);
    }

    private GdtEntry entry(int index) {
        return codec.read(ram, gdtr, false).get(index);
    }

    @Test
    void editingDplRewritesTheAccessByteInRam() {
        GdtEntry kernelData = entry(2);
        assertEquals("0", GdtField.DPL.text(kernelData.descriptor()));
        editor.edit(ram, GDT, kernelData, GdtField.DPL, "3");
        assertEquals(3, entry(2).descriptor().dpl());
        assertEquals(0xf2, ram.read8(GDT + 2 * 8 + 5), "access byte: P=1 DPL=3 S=1 type=2");
        assertTrue(GdtEditor.rawBytes(ram, GDT, entry(2)).startsWith("ff ff 00 00 00 f2 cf 00"), GdtEditor.rawBytes(ram, GDT, entry(2)));
    }

    @Test
    void aValueOutOfTheFieldsRangeIsRefusedNamingEntryFieldAndRangeAndRamIsUntouched() {
        long before = ram.read64(GDT + 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> editor.edit(ram, GDT, entry(1), GdtField.DPL, "4"));
        assertEquals("GDT entry 1 field DPL: 4 is out of range 0..0x3", e.getMessage());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> editor.edit(ram, GDT, entry(1), GdtField.LIMIT, "0x100000"));
        assertEquals("GDT entry 1 field limit: 0x100000 is out of range 0..0xfffff", limit.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> editor.edit(ram, GDT, entry(1), GdtField.BASE, "lots"));
        assertTrue(word.getMessage().startsWith("GDT entry 1 field base: \"lots\" is not a number"), word.getMessage());
        assertEquals(before, ram.read64(GDT + 8));
    }

    @Test
    void aCombinationTheCodecRefusesKeepsTheOldBytesAndSaysWhy() {
        long before = ram.read64(GDT + 8);
        GdtEntry code = entry(1); // 32-bit code: D=1, so L=1 is invalid
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> editor.edit(ram, GDT, code, GdtField.L, "1"));
        assertTrue(e.getMessage().startsWith("GDT entry 1 field L = 1 refused: "), e.getMessage());
        assertEquals(before, ram.read64(GDT + 8));
    }

    @Test
    void everyFieldReadsBackWhatItWrites() {
        SegmentDescriptor d = new SegmentDescriptor(0x1234, 0xabcd, 0x92, 0xc);
        for (GdtField f : GdtField.values()) {
            assertEquals(f.value(d), f.value(f.with(d, Long.toString(f.value(d)), 0, false)), f.label());
        }
        assertEquals(0x5678, GdtField.BASE.with(d, "0x5678", 0, false).base());
    }
}
