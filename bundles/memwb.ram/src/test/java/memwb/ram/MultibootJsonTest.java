package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

class MultibootJsonTest {
    private final MemoryMaps maps = new MemoryMaps();

    private static MemoryRegion r(long base, long end, RegionType type) {
        return new MemoryRegion(base, end - base, type);
    }

    @Test
    void readsHexStringsDecimalStringsAndNumbersAndIgnoresOtherFields() {
        MemoryMap map = maps.parseMultibootJson("""
                [
                  {"size": 20, "base_addr": "0x0", "length": "0x9fc00", "type": 1},
                  {"base_addr": 654336, "length": "1024", "type": "2"},
                  {"base_addr": "0x100000", "length": 2146304000, "type": 1},
                  {"base_addr": "0x7ffe0000", "length": "0x20000", "type": 3},
                  {"base_addr": "0xfffc0000", "length": "0x40000", "type": 7}
                ]
                """, "mb.json");
        assertEquals(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.RESERVED),
                r(0x100000, 0x7ffe0000, RegionType.USABLE),
                r(0x7ffe0000, 0x80000000L, RegionType.ACPI_RECLAIMABLE),
                r(0xfffc0000L, 0x100000000L, RegionType.RESERVED)), map.regions());
    }

    @Test
    void formatWritesHexStringsAndTypeNumbersThatReadBack() {
        MemoryMap map = new MemoryMap(List.of(
                r(0x0, 0x9f000, RegionType.USABLE),
                r(0x9f000, 0xa0000, RegionType.BAD)));
        String json = maps.formatMultibootJson(map);
        assertTrue(json.contains("\"base_addr\": \"0x9f000\"") && json.contains("\"length\": \"0x1000\"")
                && json.contains("\"type\": 5"), json);
        assertEquals(map, maps.parseMultibootJson(json, "back"));
    }

    static Stream<Arguments> badJson() {
        return Stream.of(
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1},\n {\"base_addr\": \"0x100000\" \"length\": 5}",
                        "mb.json:2: malformed JSON"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1}",
                        "mb.json:1: malformed JSON"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1},]",
                        "mb.json:1: malformed JSON"),
                Arguments.of("{\"base_addr\": \"0x0\"}",
                        "mb.json:1: expected a JSON array of regions, found BEGIN_OBJECT"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1}] []",
                        "mb.json:1: unexpected content after the array"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1},\n\n 5]",
                        "mb.json:3: entry [1]: expected an object"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1},\n {\"base_addr\": \"0x100000\", \"type\": 1}]",
                        "mb.json:2: entry [1]: missing field \"length\""),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x1g0000\", \"type\": 1}]",
                        "mb.json:1: entry [0] field \"length\": '0x1g0000' is not a non-negative integer"),
                Arguments.of("[{\"base_addr\": -4096, \"length\": \"0x100000\", \"type\": 1}]",
                        "entry [0] field \"base_addr\": '-4096' is not a non-negative integer"),
                Arguments.of("[{\"base_addr\": 1.5, \"length\": \"0x100000\", \"type\": 1}]",
                        "entry [0] field \"base_addr\": '1.5' is not"),
                Arguments.of("[{\"base_addr\": true, \"length\": \"0x100000\", \"type\": 1}]",
                        "entry [0] field \"base_addr\": expected a number or a \"0x..\" string, found BOOLEAN"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 0}]",
                        "entry [0] field \"type\": 0 is not a memory type"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1, \"type\": 2}]",
                        "entry [0] field \"type\" appears twice"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x100000\", \"type\": 1},{\"base_addr\": \"0x1000\", \"length\": 0, \"type\": 1}]",
                        "entry [1]: zero-length region at 0x1000"),
                Arguments.of("[{\"base_addr\": \"0xffffffffffffff00\", \"length\": \"0x1000\", \"type\": 2}]",
                        "entry [0]: region 0xffffffffffffff00 + 0x1000 overflows 64 bits"),
                Arguments.of("[{\"base_addr\": \"0x0\", \"length\": \"0x10000000000000000\", \"type\": 1}]",
                        "entry [0] field \"length\": '0x10000000000000000' is not a non-negative integer below 2^64"),
                Arguments.of("[{\"base_addr\": \"0xfffffffff000\", \"length\": \"0x10000000000000\", \"type\": 2}]",
                        "entry [0]: region 0xfffffffff000 + 0x10000000000000 reaches past the 2^52-byte"),
                Arguments.of("[]",
                        "mb.json: no usable memory: the map is empty"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void badJsonIsRefusedNamingTheSourceEntryAndField(String json, String expected) {
        MemoryMapException e = assertThrows(MemoryMapException.class,
                () -> maps.parseMultibootJson(json, "mb.json"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals("mb.json", e.source());
    }
}
