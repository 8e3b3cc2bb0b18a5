package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/** The three published firmware maps in src/test/resources/memmaps, read and written in every format. */
class RealMemoryMapsTest {
    private static final Pattern DERIVED = Pattern.compile("# derived: usable = ([0-9,]+) B .* in (\\d+) ranges");
    private final MemoryMaps maps = new MemoryMaps();

    /**
     * The usable total after normalisation is the one the map's comment states, less the bytes that
     * rounding usable ends down to 4 KiB drops (low memory ends at 0x9fbff in two of them).
     */
    @ParameterizedTest
    @CsvSource({"qemu-seabios-pc-2g.txt, 0xc00, 0x100000000", "xen-hvmloader-2g.txt, 0xc00, 0x100000000",
            "real-uefi-pc-2g.txt, 0, 0xffc2a000"})
    void usableTotalsMatchTheStatedTotalsLessRounding(String name, String roundingLoss, String limit)
            throws IOException, URISyntaxException {
        Path file = resource(name);
        Matcher derived = DERIVED.matcher(Files.readString(file));
        assertTrue(derived.find(), "the map states its usable total");
        long stated = Long.parseLong(derived.group(1).replace(",", ""));
        int ranges = Integer.parseInt(derived.group(2));

        MemoryMap map = maps.parse(file);
        assertEquals(stated - Long.decode(roundingLoss), map.usableBytes(), name);
        assertEquals(ranges, map.regions().stream().filter(r -> r.type() == RegionType.USABLE).count(), name);
        assertEquals(Long.decode(limit), map.limit(), name);
        for (MemoryRegion r : map.regions()) {
            assertEquals(0, r.base() % AddressLimits.PAGE_SIZE, r.toString());
            assertEquals(0, r.end() % AddressLimits.PAGE_SIZE, r.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"qemu-seabios-pc-2g.txt", "xen-hvmloader-2g.txt", "real-uefi-pc-2g.txt"})
    void everyFormatRoundTrips(String name, @TempDir Path tmp) throws Exception {
        MemoryMap map = maps.parse(resource(name));
        assertEquals(map, maps.parseE820(maps.formatE820(map), name + " as e820"));
        assertEquals(map, maps.parseMultibootJson(maps.formatMultibootJson(map), name + " as json"));
        Path sysfs = tmp.resolve("memmap");
        maps.writeSysfs(map, sysfs);
        assertEquals(map, maps.parseSysfs(sysfs));
        assertEquals(map, maps.parse(sysfs), "a directory is detected as sysfs");
        Path json = Files.writeString(tmp.resolve("map.json"), maps.formatMultibootJson(map));
        assertEquals(map, maps.parse(json), "JSON is detected");
        Path dmesg = Files.writeString(tmp.resolve("dmesg.txt"), "[    0.000000] Linux version 6.1\n"
                + maps.formatE820(map).replace("BIOS-e820", "[    0.000000] BIOS-e820"));
        assertEquals(map, maps.parse(dmesg), "dmesg is detected although it starts with '['");
    }

    @ParameterizedTest
    @CsvSource({"qemu-seabios-pc-2g.txt", "xen-hvmloader-2g.txt"})
    void lowMemoryEndingAt0x9fbffLosesItsPartialLastPage(String name) throws Exception {
        MemoryMap map = maps.parse(resource(name));
        assertTrue(map.isUsable(0x0, 0x9f000), name);
        assertEquals(RegionType.RESERVED, map.regionAt(0x9f000).orElseThrow().type(),
                "the page holding 0x9fc00 is reserved, as its stricter part says");
        assertTrue(map.regionAt(0xa0000).isEmpty(), "the legacy hole stays a hole");
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(RealMemoryMapsTest.class.getResource("/memmaps/" + name).toURI());
    }
}
