package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

class E820TextTest {
    private static final String DMESG = String.join("\n",
            "[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)",
            "[    0.000000] BIOS-provided physical RAM map:",
            "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
            "[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
            "[    0.000000] BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
            "BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable",
            "[    0.000000] BIOS-e820: [mem 0x000000007ffe0000-0x000000007ffeffff] ACPI data",
            "[    0.000000] BIOS-e820: [mem 0x000000007fff0000-0x000000007fffefff] ACPI NVS",
            "[    0.000000] BIOS-e820: [mem 0x000000007ffff000-0x000000007fffffff] unusable",
            "[    0.000000] BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] type 12",
            "[    0.000000] e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
            "[    0.000000] NX (Execute Disable) protection: active");

    private final MemoryMaps maps = new MemoryMaps();

    private static MemoryRegion r(long base, long end, RegionType type) {
        return new MemoryRegion(base, end - base, type);
    }

    @Test
    void readsEveryE820LineOfAPastedDmesgAndIgnoresTheRest() {
        MemoryMap map = maps.parseE820(DMESG, "dmesg.txt");
        assertEquals(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.RESERVED),
                r(0xf0000, 0x100000, RegionType.RESERVED),
                r(0x100000, 0x7ffe0000, RegionType.USABLE),
                r(0x7ffe0000, 0x7fff0000, RegionType.ACPI_RECLAIMABLE),
                r(0x7fff0000, 0x7ffff000, RegionType.ACPI_NVS),
                r(0x7ffff000, 0x80000000L, RegionType.BAD),
                r(0xfffc0000L, 0x100000000L, RegionType.RESERVED)), map.regions());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "usable | USABLE", "reserved | RESERVED", "ACPI data | ACPI_RECLAIMABLE", "ACPI NVS | ACPI_NVS",
            "unusable | BAD", "type 3 | ACPI_RECLAIMABLE", "type 12 | RESERVED", "type 20 | RESERVED",
            "soft reserved | RESERVED", "persistent (type 7) | RESERVED"})
    void typeWordsAreReadAsLinuxPrintsThemAndUnknownNumbersAreReserved(String word, RegionType type) {
        MemoryMap map = maps.parseE820("BIOS-e820: [mem 0x0000000000000000-0x00000000000fffff] usable\n"
                + "BIOS-e820: [mem 0x0000000000100000-0x00000000001fffff] " + word + "\n", "t");
        assertEquals(type, map.regionAt(0x100000).orElseThrow().type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BIOS-e820: [mem 0x00000000000zz000-0x000000000009ffff] usable | bad hex number '0x00000000000zz000'",
            "BIOS-e820: [mem 0x000000000009ffff-0x0000000000000000] usable | end 0x0 is below start 0x9ffff",
            "BIOS-e820: [mem 0x0000000000000000 0x000000000009ffff] usable | malformed e820 line",
            "BIOS-e820: mem 0x0000000000000000-0x000000000009ffff usable | malformed e820 line",
            "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usabel | unknown region type 'usabel'",
            "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] | unknown region type ''",
            "BIOS-e820: [mem 0x0000000000000000-0x10000000000000000] usable | does not fit in 64 bits",
            "BIOS-e820: [mem 0x0010000000000000-0x0010000000000fff] reserved | reaches past the 2^52-byte"})
    void aGarbledE820LineIsRefusedNamingTheLineAndItsText(String bad, String expected) {
        String text = "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000001fffff] usable\n"
                + "[    0.000000] " + bad + "\n";
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parseE820(text, "boot.log"));
        assertTrue(e.getMessage().startsWith("boot.log:2: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("[    0.000000] " + bad), "the message quotes the line: " + e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void textWithoutE820LinesIsRefused() {
        MemoryMapException e = assertThrows(MemoryMapException.class,
                () -> maps.parseE820("[    0.000000] Linux version 6.1\n", "dmesg"));
        assertEquals("dmesg: no 'BIOS-e820:' lines found", e.getMessage());
    }

    @Test
    void overlappingE820LinesResolveToTheStricterType() {
        MemoryMap map = maps.parseE820(String.join("\n",
                "BIOS-e820: [mem 0x0000000000000000-0x00000000003fffff] usable",
                "BIOS-e820: [mem 0x0000000000200000-0x00000000002fffff] ACPI NVS"), "t");
        assertEquals(List.of(
                r(0x0, 0x200000, RegionType.USABLE),
                r(0x200000, 0x300000, RegionType.ACPI_NVS),
                r(0x300000, 0x400000, RegionType.USABLE)), map.regions());
    }

    @Test
    void formatE820WritesExactlyWhatLinuxPrints() {
        MemoryMap map = new MemoryMap(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.RESERVED),
                r(0x100000, 0x7ffe0000, RegionType.USABLE),
                r(0x7ffe0000, 0x7fff0000, RegionType.ACPI_RECLAIMABLE),
                r(0x7fff0000, 0x80000000L, RegionType.ACPI_NVS),
                r(0xfd00000000L, 0x10000000000L, RegionType.BAD)));
        String nl = System.lineSeparator();
        assertEquals("BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable" + nl
                + "BIOS-e820: [mem 0x000000000009f000-0x000000000009ffff] reserved" + nl
                + "BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable" + nl
                + "BIOS-e820: [mem 0x000000007ffe0000-0x000000007ffeffff] ACPI data" + nl
                + "BIOS-e820: [mem 0x000000007fff0000-0x000000007fffffff] ACPI NVS" + nl
                + "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] unusable" + nl, maps.formatE820(map));
    }

    @Test
    void theTableFormatReadsCommentsAndInclusiveEnds() {
        MemoryMap map = maps.parseTable(String.join("\n",
                "# a map",
                "0x0000000000000000 0x000000000009fbff usable   # low memory",
                "",
                "0x00000000000f0000 0x00000000000fffff reserved",
                "0x0000000000100000 0x000000000fffffff usable"), "map.txt");
        assertEquals(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0xf0000, 0x100000, RegionType.RESERVED),
                r(0x100000, 0x10000000, RegionType.USABLE)), map.regions());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0x100000 usable | malformed map line",
            "0x100000 0xfffff usable | end 0xfffff is below start 0x100000",
            "0x100000 0x1fffff free | unknown region type 'free'",
            "0x10g000 0x1fffff usable | bad hex number '0x10g000'"})
    void aBadTableLineIsRefusedNamingTheLine(String bad, String expected) {
        String text = "# map\n0x0 0xfffff usable\n" + bad + "\n";
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parseTable(text, "map.txt"));
        assertTrue(e.getMessage().startsWith("map.txt:3: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected) && e.getMessage().endsWith(bad), e.getMessage());
    }

    @Test
    void aTableWithNoRegionsIsRefused() {
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parseTable("# nothing\n\n", "m"));
        assertTrue(e.getMessage().startsWith("m: no regions found"), e.getMessage());
    }
}
