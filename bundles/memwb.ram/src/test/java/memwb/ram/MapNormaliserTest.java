package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

class MapNormaliserTest {
    private final MemoryMaps maps = new MemoryMaps();

    private static MemoryRegion r(long base, long end, RegionType type) {
        return new MemoryRegion(base, end - base, type);
    }

    private MemoryMap normalise(MemoryRegion... raw) {
        return maps.normalise(Arrays.asList(raw), "test");
    }

    @Test
    void regionsAreSortedAndTouchingRegionsOfOneTypeMerge() {
        MemoryMap map = normalise(
                r(0x200000, 0x300000, RegionType.USABLE),
                r(0x100000, 0x200000, RegionType.USABLE),
                r(0x0, 0x1000, RegionType.RESERVED),
                r(0x1000, 0x9f000, RegionType.USABLE));
        assertEquals(List.of(
                r(0x0, 0x1000, RegionType.RESERVED),
                r(0x1000, 0x9f000, RegionType.USABLE),
                r(0x100000, 0x300000, RegionType.USABLE)), map.regions());
    }

    @Test
    void overlapsGoToTheStricterType() {
        MemoryMap map = normalise(
                r(0x0, 0x100000, RegionType.USABLE),
                r(0x40000, 0x60000, RegionType.ACPI_RECLAIMABLE),
                r(0x50000, 0x70000, RegionType.ACPI_NVS),
                r(0x68000, 0x69000, RegionType.BAD),
                r(0x80000, 0x90000, RegionType.RESERVED),
                r(0x88000, 0x98000, RegionType.USABLE));
        assertEquals(List.of(
                r(0x0, 0x40000, RegionType.USABLE),
                r(0x40000, 0x50000, RegionType.ACPI_RECLAIMABLE),
                r(0x50000, 0x68000, RegionType.ACPI_NVS),
                r(0x68000, 0x69000, RegionType.BAD),
                r(0x69000, 0x70000, RegionType.ACPI_NVS),
                r(0x70000, 0x80000, RegionType.USABLE),
                r(0x80000, 0x90000, RegionType.RESERVED),
                r(0x90000, 0x100000, RegionType.USABLE)), map.regions());
    }

    @Test
    void usableRoundsInwardOthersOutwardAndTheStricterTypeWinsThePagesTheyShare() {
        MemoryMap map = normalise(
                r(0x0, 0x9fc00, RegionType.USABLE),
                r(0x9fc00, 0xa0000, RegionType.RESERVED),
                r(0x100000, 0x200000, RegionType.USABLE),
                r(0x150100, 0x150200, RegionType.ACPI_NVS),
                r(0x300123, 0x400000, RegionType.USABLE));
        assertEquals(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.RESERVED),
                r(0x100000, 0x150000, RegionType.USABLE),
                r(0x150000, 0x151000, RegionType.ACPI_NVS),
                r(0x151000, 0x200000, RegionType.USABLE),
                r(0x301000, 0x400000, RegionType.USABLE)), map.regions());
        for (MemoryRegion region : map.regions()) {
            assertEquals(0, region.base() % 4096, region.toString());
            assertEquals(0, region.length() % 4096, region.toString());
        }
    }

    @Test
    void reservedRegionsGrownToPagesThatNowOverlapMergeOrGoToTheStricter() {
        MemoryMap map = normalise(
                r(0x0, 0x10000, RegionType.USABLE),
                r(0x20010, 0x20020, RegionType.RESERVED),
                r(0x20f00, 0x21010, RegionType.BAD),
                r(0x21f00, 0x22000, RegionType.BAD));
        assertEquals(List.of(
                r(0x0, 0x10000, RegionType.USABLE),
                r(0x20000, 0x22000, RegionType.BAD)), map.regions());
    }

    @Test
    void usableRegionsSmallerThanAPageVanish() {
        MemoryMap map = normalise(
                r(0x0, 0x1000, RegionType.USABLE),
                r(0x1800, 0x2700, RegionType.USABLE),
                r(0x3001, 0x4fff, RegionType.USABLE));
        assertEquals(List.of(r(0x0, 0x1000, RegionType.USABLE)), map.regions());
    }

    @Test
    void normalisingANormalisedMapChangesNothing() {
        MemoryMap once = normalise(
                r(0x0, 0x9fc00, RegionType.USABLE),
                r(0x9fc00, 0xa0000, RegionType.RESERVED),
                r(0xf0000, 0x100000, RegionType.RESERVED),
                r(0x100000, 0x7ffe0000, RegionType.USABLE));
        assertEquals(once, maps.normalise(once.regions(), "again"));
    }

    @Test
    void aMapWithNoUsableMemoryIsRefused() {
        MemoryMapException reserved = assertThrows(MemoryMapException.class,
                () -> normalise(r(0x0, 0x100000, RegionType.RESERVED), r(0x100000, 0x200000, RegionType.ACPI_NVS)));
        assertTrue(reserved.getMessage().startsWith("test: no usable memory"), reserved.getMessage());
        MemoryMapException empty = assertThrows(MemoryMapException.class, () -> maps.normalise(List.of(), "empty.txt"));
        assertEquals("empty.txt: no usable memory: the map is empty", empty.getMessage());
        assertThrows(MemoryMapException.class, () -> normalise(r(0x100, 0xf00, RegionType.USABLE)),
                "a usable region smaller than a page leaves nothing");
        assertThrows(MemoryMapException.class, () -> normalise(
                r(0x0, 0x10000, RegionType.USABLE), r(0x0, 0x10000, RegionType.BAD)), "covered by a stricter type");
    }

    @Test
    void aRegionPastTheFiftyTwoBitLimitIsRefusedNamingTheEntry() {
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> normalise(
                r(0x0, 0x100000, RegionType.USABLE),
                r(0xffffffffff000L, 0x10000000000000L + 0x1000, RegionType.RESERVED)));
        assertTrue(e.getMessage().contains("entry [1]") && e.getMessage().contains("2^52"), e.getMessage());
        assertEquals("test", e.source());
    }

    @Test
    void aNullEntryIsRefusedNamingIt() {
        List<MemoryRegion> raw = new ArrayList<>();
        raw.add(r(0x0, 0x100000, RegionType.USABLE));
        raw.add(null);
        MemoryMapException e = assertThrows(MemoryMapException.class, () -> maps.normalise(raw, "test"));
        assertEquals("test: entry [1] is null", e.getMessage());
    }

    @Test
    void regionsMayReachTheTopOfTheFiftyTwoBitSpace() {
        long limit = AddressLimits.PHYSICAL_LIMIT;
        MemoryMap map = normalise(r(0x0, 0x1000, RegionType.USABLE), r(limit - 0x800, limit, RegionType.RESERVED));
        assertEquals(limit, map.limit());
        assertEquals(limit - 0x1000, map.regions().get(1).base());
    }
}
