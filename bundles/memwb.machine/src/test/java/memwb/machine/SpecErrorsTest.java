package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import memwb.api.machine.MachineException;

/** Every bad spec is refused with the file, the line and the field, and the current machine stays. */
class SpecErrorsTest {
    private final MachineManager manager = Machines.manager();

    private String refused(String json) {
        MachineException e = assertThrows(MachineException.class, () -> manager.bootSpec(json, "bad.json", Machines.SCENARIOS));
        return e.getMessage();
    }

    @Test
    void anUnknownFieldIsNamedWithItsLineAndTheKnownFields() {
        String msg = refused("{\n  \"ram\": \"64M\",\n  \"kernel\": {\n    \"physStrat\": \"0x1000000\"\n  }\n}");
        assertTrue(msg.startsWith("bad.json:4: unknown field \"physStrat\" at $.kernel; known fields: physStart, sections"), msg);
    }

    @Test
    void malformedJsonNamesTheLine() {
        String msg = refused("{\n  \"ram\": \"64M\"\n  \"gdt\": \"flat32\"\n}");
        assertTrue(msg.startsWith("bad.json: malformed JSON") && msg.contains("line 3"), msg);
    }

    @Test
    void aValueOfTheWrongKindNamesTheFieldAndLine() {
        String msg = refused("{\n  \"ram\": \"64M\",\n  \"allocatorOptions\": [1, 2]\n}");
        assertTrue(msg.startsWith("bad.json:3: field $.allocatorOptions"), msg);
    }

    @Test
    void ramThatIsNotAMultipleOf4KiBIsRefused() {
        assertEquals("bad.json:1: field ram: 0x1000001 is not a multiple of 4 KiB", refused("{\"ram\": \"0x1000001\"}"));
    }

    @Test
    void aNumberThatIsNotANumberNamesTheField() {
        assertEquals("bad.json:1: field ram: \"lots\" is not a number (use 0x1000, 4096, 128M or 4G)", refused("{\"ram\": \"lots\"}"));
    }

    @Test
    void aKernelOutsideRamIsRefusedWithTheUsableRanges() {
        String msg = refused("{\"ram\": \"64M\",\n \"kernel\": {\"physStart\": \"0x8000000\"}}");
        assertTrue(msg.startsWith("bad.json:2: field kernel.physStart: section .text at 0x8000000-0x80fffff is not inside usable RAM"), msg);
        assertTrue(msg.contains("usable RAM is 0x0-0x9efff, 0x100000-0x3fdffff"), msg);
    }

    @Test
    void aKernelOverTheBiosHoleIsRefused() {
        String msg = refused("{\"ram\": \"64M\", \"kernel\": {\"physStart\": \"0xf0000\"}}");
        assertTrue(msg.contains("section .text at 0xf0000-0x1effff is not inside usable RAM"), msg);
    }

    @Test
    void aMapWithNoUsableMemoryIsRefused() {
        String msg = refused("{\"memoryMap\": [{\"base\": \"0\", \"length\": \"1M\", \"type\": \"reserved\"}]}");
        assertTrue(msg.toLowerCase().contains("no usable"), msg);
    }

    @Test
    void anUnknownRegionTypeNamesTheEntry() {
        String msg = refused("{\"memoryMap\": [\n {\"base\": \"0\", \"length\": \"64M\", \"type\": \"fast\"}]}");
        assertTrue(msg.startsWith("bad.json:2: field memoryMap[0].type: \"fast\" is not a region type"), msg);
    }

    @Test
    void twoMemorySourcesAreRefused() {
        assertTrue(refused("{\"ram\": \"64M\", \"memoryMapFile\": \"x.txt\"}").contains("give exactly one of the fields ram, memoryMap, memoryMapFile (found 2)"));
    }

    @Test
    void anUnknownAllocatorListsTheInstalledOnes() {
        String msg = refused("{\"ram\": \"64M\", \"allocator\": \"slab\"}");
        assertEquals("bad.json: field allocator: no frame allocator named \"slab\"; installed: bytemap", msg);
    }

    @Test
    void anUnknownAllocatorOptionIsRefused() {
        String msg = refused("{\"ram\": \"64M\", \"allocatorOptions\": {\"search\": \"best-fit\"}}");
        assertTrue(msg.contains("best-fit"), msg);
    }

    @Test
    void aFailedBootLeavesTheCurrentMachineInPlace(@TempDir Path dir) throws Exception {
        BootedMachine first = manager.boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        Path bad = Files.writeString(dir.resolve("garbage.txt"), "BIOS-e820: [mem 0xZZZ-0x1000] usable\n");
        assertThrows(MachineException.class, () -> manager.boot(bad));
        assertThrows(MachineException.class, () -> manager.boot(dir.resolve("missing.json")));
        assertEquals(first, manager.current().orElseThrow());
    }
}
