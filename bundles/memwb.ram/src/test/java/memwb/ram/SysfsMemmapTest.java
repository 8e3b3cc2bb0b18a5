package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

class SysfsMemmapTest {
    private final MemoryMaps maps = new MemoryMaps();
    @TempDir
    Path tmp;

    private static MemoryRegion r(long base, long end, RegionType type) {
        return new MemoryRegion(base, end - base, type);
    }

    private Path entry(int n, String start, String end, String type) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("memmap").resolve(Integer.toString(n)));
        Files.writeString(dir.resolve("start"), start + "\n");
        Files.writeString(dir.resolve("end"), end + "\n");
        Files.writeString(dir.resolve("type"), type + "\n");
        return dir;
    }

    @Test
    void readsLinuxsLayoutInNumericOrderWithLinuxsTypeNames() throws IOException {
        entry(0, "0x0", "0x9fbff", "System RAM");
        entry(1, "0x9fc00", "0x9ffff", "Reserved");
        entry(2, "0x100000", "0x7ffdffff", "System RAM");
        entry(10, "0xfed00000", "0xfed003ff", "Persistent Memory (legacy)");
        entry(3, "0x7ffe0000", "0x7ffeffff", "ACPI Tables");
        entry(4, "0x7fff0000", "0x7fffefff", "ACPI Non-volatile Storage");
        entry(5, "0x7ffff000", "0x7fffffff", "Unusable memory");
        Files.writeString(tmp.resolve("memmap").resolve("README"), "not a region");
        MemoryMap map = maps.parseSysfs(tmp.resolve("memmap"));
        assertEquals(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.RESERVED),
                r(0x100000, 0x7ffe0000, RegionType.USABLE),
                r(0x7ffe0000, 0x7fff0000, RegionType.ACPI_RECLAIMABLE),
                r(0x7fff0000, 0x7ffff000, RegionType.ACPI_NVS),
                r(0x7ffff000, 0x80000000L, RegionType.BAD),
                r(0xfed00000L, 0xfed01000L, RegionType.RESERVED)), map.regions());
    }

    @Test
    void writeSysfsWritesWhatLinuxWrites() throws IOException {
        MemoryMap map = new MemoryMap(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.ACPI_NVS)));
        Path dir = tmp.resolve("out");
        maps.writeSysfs(map, dir);
        assertEquals("0x0\n", Files.readString(dir.resolve("0/start")));
        assertEquals("0x9efff\n", Files.readString(dir.resolve("0/end")));
        assertEquals("System RAM\n", Files.readString(dir.resolve("0/type")));
        assertEquals("ACPI Non-volatile Storage\n", Files.readString(dir.resolve("1/type")));
        assertEquals(map, maps.parseSysfs(dir));
    }

    @Test
    void writingIntoADirectoryThatIsNotEmptyIsRefusedAndWritesNothing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("notes"), "keep");
        MemoryMap map = new MemoryMap(List.of(r(0x0, 0x1000, RegionType.USABLE)));
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.writeSysfs(map, dir));
        assertEquals(dir + ": not empty; a memory map is written only into an empty directory", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aMissingFileIsRefusedNamingIt() throws IOException {
        entry(0, "0x0", "0xfffff", "System RAM");
        Path second = entry(1, "0x100000", "0x1fffff", "System RAM");
        Files.delete(second.resolve("end"));
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parseSysfs(tmp.resolve("memmap")));
        assertEquals(second.resolve("end") + ": missing", e.getMessage());
    }

    @Test
    void aBadNumberIsRefusedNamingTheFile() throws IOException {
        entry(0, "0x0", "0xfffff", "System RAM");
        Path bad = entry(1, "0x10000q", "0x1fffff", "System RAM");
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parseSysfs(tmp.resolve("memmap")));
        assertEquals(bad.resolve("start") + ":1: bad hex number '0x10000q'", e.getMessage());
    }

    @Test
    void anEndBelowItsStartIsRefusedNamingTheEntry() throws IOException {
        Path bad = entry(0, "0x100000", "0xfffff", "System RAM");
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.parseSysfs(tmp.resolve("memmap")));
        assertTrue(e.getMessage().startsWith(bad + ": end 0xfffff is below start 0x100000"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutRegionsOrAFileIsRefused() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        MemoryMapException none = assertThrows(MemoryMapException.class, () -> maps.parseSysfs(empty));
        assertTrue(none.getMessage().startsWith(empty + ": no numbered region directories"), none.getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        MemoryMapException notDir = assertThrows(MemoryMapException.class, () -> maps.parseSysfs(file));
        assertEquals(file + ": not a directory", notDir.getMessage());
    }
}
