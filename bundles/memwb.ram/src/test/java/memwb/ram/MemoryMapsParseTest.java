package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.RegionType;

/** parse(Path) picks the format from the content and names the file in every error. */
class MemoryMapsParseTest {
    private final MemoryMaps maps = new MemoryMaps();
    @TempDir
    Path tmp;

    @Test
    void theTableFormatIsReadWhenNothingElseMatches() throws IOException {
        Path file = Files.writeString(tmp.resolve("m.txt"), "# comment\n0x0 0xfffff usable\n");
        assertEquals(0x100000, maps.parse(file).usableBytes());
    }

    @Test
    void jsonIsRecognisedByItsOpeningBracketEvenAfterAByteOrderMark() throws IOException {
        Path file = Files.writeString(tmp.resolve("m.json"),
                "\uFEFF  [{\"base_addr\": \"0x0\", \"length\": \"0x2000\", \"type\": 1}]");
        MemoryMap map = maps.parse(file);
        assertEquals(RegionType.USABLE, map.regionAt(0x1fff).orElseThrow().type());
    }

    @Test
    void malformedJsonInAFileNamesTheFileAndLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("m.json"), "[\n{\"base_addr\": \"0x0\",\n\"length\": }]");
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parse(file));
        assertTrue(e.getMessage().startsWith(file + ":3: malformed JSON"), e.getMessage());
    }

    @Test
    void aGarbledE820LineInAFileNamesTheFileAndLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("dmesg"), "[    0.000000] Command line: quiet\n"
                + "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                + "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000ZZZZZZZZ] usable\n");
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parse(file));
        assertEquals(file.toString(), e.source());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad hex number '0x00000000ZZZZZZZZ'"), e.getMessage());
    }

    @Test
    void aMissingFileIsAMemoryMapExceptionNamingIt() {
        Path missing = tmp.resolve("nope.txt");
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parse(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read: "), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchFileException"), e.getMessage());
    }

    @Test
    void aFileThatIsNotTextIsAMemoryMapExceptionNamingIt() throws IOException {
        Path binary = Files.write(tmp.resolve("image.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parse(binary));
        assertTrue(e.getMessage().startsWith(binary + ": cannot read: "), e.getMessage());
    }
}
