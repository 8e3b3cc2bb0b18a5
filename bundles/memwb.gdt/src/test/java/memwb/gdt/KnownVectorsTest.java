package memwb.gdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.gdt.SegmentDescriptor;

/** The twelve known vectors of shared/reference/x86-memory.md, bit for bit. */
class KnownVectorsTest {
    private static final long GDT_BASE = 0x1000;
    private final GdtCodec codec = new GdtCodec();

    /** name, access/flags word, base, limit, u64, bytes in memory: copied from the reference table. */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("flat 32-bit kernel code (OSDev)", 0xc09a, 0L, 0xfffff, 0x00cf9a000000ffffL, "ff ff 00 00 00 9a cf 00"),
                Arguments.of("flat 32-bit kernel data (OSDev)", 0xc092, 0L, 0xfffff, 0x00cf92000000ffffL, "ff ff 00 00 00 92 cf 00"),
                Arguments.of("flat 32-bit user code", 0xc0fa, 0L, 0xfffff, 0x00cffa000000ffffL, "ff ff 00 00 00 fa cf 00"),
                Arguments.of("flat 32-bit user data", 0xc0f2, 0L, 0xfffff, 0x00cff2000000ffffL, "ff ff 00 00 00 f2 cf 00"),
                Arguments.of("Linux KERNEL32_CS", 0xc09b, 0L, 0xfffff, 0x00cf9b000000ffffL, "ff ff 00 00 00 9b cf 00"),
                Arguments.of("Linux KERNEL_CS (64-bit)", 0xa09b, 0L, 0xfffff, 0x00af9b000000ffffL, "ff ff 00 00 00 9b af 00"),
                Arguments.of("Linux KERNEL_DS", 0xc093, 0L, 0xfffff, 0x00cf93000000ffffL, "ff ff 00 00 00 93 cf 00"),
                Arguments.of("Linux USER32_CS", 0xc0fb, 0L, 0xfffff, 0x00cffb000000ffffL, "ff ff 00 00 00 fb cf 00"),
                Arguments.of("Linux USER_DS", 0xc0f3, 0L, 0xfffff, 0x00cff3000000ffffL, "ff ff 00 00 00 f3 cf 00"),
                Arguments.of("Linux USER_CS (64-bit)", 0xa0fb, 0L, 0xfffff, 0x00affb000000ffffL, "ff ff 00 00 00 fb af 00"),
                Arguments.of("Linux boot TSS (pm.c)", 0x0089, 0x1000L, 0x67, 0x0000890010000067L, "67 00 00 10 00 89 00 00"),
                Arguments.of("16-bit data, byte granular", 0x0092, 0x12345678L, 0xabcde, 0x120a92345678bcdeL, "de bc 78 56 34 92 0a 12"));
    }

    private static SegmentDescriptor fromWord(int word, long base, int limit) {
        return new SegmentDescriptor(base, limit, word & 0xff, (word >>> 12) & 0xf);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesToExactlyTheReferenceU64(String name, int word, long base, int limit, long u64, String bytes) {
        SegmentDescriptor d = fromWord(word, base, limit);
        assertEquals(word, d.accessFlagsWord(), "access/flags word");
        assertEquals(u64, codec.encode(d), () -> String.format("%s: got 0x%016x", name, codec.encode(d)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void liesInRamAsTheReferenceLittleEndianBytes(String name, int word, long base, int limit, long u64, String bytes) {
        ByteArrayMemory ram = new ByteArrayMemory(0x4000);
        Gdtr gdtr = codec.write(ram, GDT_BASE, List.of(SegmentDescriptor.NULL, fromWord(word, base, limit)), false);
        assertEquals(new Gdtr(GDT_BASE, 15), gdtr);
        byte[] inRam = new byte[8];
        ram.read(GDT_BASE + 8, inRam, 0, 8);
        assertArrayEquals(HexFormat.ofDelimiter(" ").parseHex(bytes), inRam, name);
        assertEquals(u64, ram.read64(GDT_BASE + 8), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesBackToTheSameFields(String name, int word, long base, int limit, long u64, String bytes) {
        SegmentDescriptor d = codec.decode(u64);
        assertEquals(base, d.base(), name + " base");
        assertEquals(limit, d.limit(), name + " limit");
        assertEquals(word & 0xff, d.access(), name + " access");
        assertEquals(word >>> 12, d.flags(), name + " flags");
        assertEquals(word, d.accessFlagsWord(), name + " word");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void readsBackFromRamAsTheSameDescriptor(String name, int word, long base, int limit, long u64, String bytes) {
        ByteArrayMemory ram = new ByteArrayMemory(0x4000);
        ram.write64(GDT_BASE + 8, u64);
        List<GdtEntry> entries = codec.read(ram, new Gdtr(GDT_BASE, 15), false);
        assertEquals(List.of(new GdtEntry(0, SegmentDescriptor.NULL, false),
                new GdtEntry(1, fromWord(word, base, limit), false)), entries, name);
    }
}
