package memwb.ram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapFormat;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.PhysicalMemoryFactory;

/** The DS components, used as their services would be. */
class ComponentsTest {
    @Test
    void theServicesReadAMapAndBuildSeparateZeroedRamForIt() {
        MemoryMapFormat format = new MemoryMapFormatComponent();
        MemoryMap map = format.parseE820("BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                + "BIOS-e820: [mem 0x0000000000100000-0x0000000000ffffff] usable\n", "components");
        PhysicalMemoryFactory factory = new SparseMemoryFactoryComponent();
        PhysicalMemory first = factory.create(map);
        PhysicalMemory second = factory.create(map);
        assertNotSame(first, second);
        first.write32(0x100000, 42);
        assertEquals(42, first.read32(0x100000));
        assertEquals(0, second.read32(0x100000), "each machine has its own RAM");
        assertEquals(map, first.memoryMap());
        assertEquals(0x1000000, first.limit());
        assertThrows(PhysicalAccessException.class, () -> first.read8(0x9f000));
    }
}
