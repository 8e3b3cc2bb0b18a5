package memwb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.ram.SparseMemory;

/** Output must equal QEMU's memory_dump for the same bytes (expected lines derived from its printf formats). */
class MemoryDumpTest {
    private PhysicalMemory ram;

    @BeforeEach
    void ram() {
        ram = new SparseMemory(new MemoryMap(List.of(new MemoryRegion(0, 0x10000, RegionType.USABLE))));
        byte[] bytes = "Hello, x86!\n\u0001\u00ff'\\".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ram.write(0x1000, bytes, 0, bytes.length);
        ram.write64(0x2000, 0x00af9a000000ffffL);
        ram.write64(0x2008, -1L);
    }

    @Test
    void wordsInHexSixteenBytesALine() {
        assertEquals("0000000000002000: 0x0000ffff 0x00af9a00 0xffffffff 0xffffffff\n"
                + "0000000000002010: 0x00000000\n", new MemoryDump().xp(ram, "/5xw", 0x2000));
    }

    @Test
    void bytesInHexEightALine() {
        assertEquals("0000000000001000: 0x48 0x65 0x6c 0x6c 0x6f 0x2c 0x20 0x78\n"
                + "0000000000001008: 0x38 0x36\n", new MemoryDump().xp(ram, "/10xb", 0x1000));
    }

    @Test
    void giantsInUnsignedAndSignedDecimalArePaddedToTwentyDigits() {
        assertEquals("0000000000002000:    49427445715107839 18446744073709551615\n", new MemoryDump().xp(ram, "/2ug", 0x2000));
        assertEquals("0000000000002000:    49427445715107839                   -1\n", new MemoryDump().xp(ram, "/2dg", 0x2000));
    }

    @Test
    void halfwordsInOctal() {
        assertEquals("0000000000002000: 0177777      0\n", new MemoryDump().xp(ram, "/2oh", 0x2000));
    }

    @Test
    void charactersAreQuotedAndEscapedAsQemuDoes() {
        assertEquals("0000000000001008: '8' '6' '!' '\\n' '\\x01' '\\xff' '\\'' '\\\\'\n", new MemoryDump().xp(ram, "/8cb", 0x1008));
    }

    @Test
    void formatAndSizeStickToTheNextCommandAsInQemu() {
        MemoryDump dump = new MemoryDump();
        dump.xp(ram, "/1xg", 0x2000);
        assertEquals("0000000000002000: 0x00af9a000000ffff\n", dump.xp(ram, null, 0x2000));
    }

    @Test
    void aLineThatRunsIntoAHoleSaysCannotAccessMemoryAndTheDumpStops() {
        // QEMU reads a whole line at once: the second line touches the hole past 0x10000.
        assertEquals("000000000000fff0: 0x00000000 0x00000000 0x00000000 0x00000000\n"
                + "0000000000010000: Cannot access memory\n", new MemoryDump().xp(ram, "/8xw", 0xfff0));
        assertEquals("000000000000fff8: Cannot access memory\n", new MemoryDump().xp(ram, "/6xw", 0xfff8));
    }

    @Test
    void aBadFormatNamesTheCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryDump().xp(ram, "/4qw", 0));
        assertTrue(e.getMessage().contains("invalid char 'q'"), e.getMessage());
    }
}
