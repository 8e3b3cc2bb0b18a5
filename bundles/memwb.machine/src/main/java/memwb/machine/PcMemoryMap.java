package memwb.machine;

import java.util.ArrayList;
import java.util.List;

import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/**
 * The memory map QEMU's {@code pc} machine with SeaBIOS reports for a given RAM size (compare
 * shared/memmaps/qemu-seabios-pc-2g.txt): low RAM up to the EBDA at 0x9fc00, the BIOS area
 * 0xf0000-0xfffff, RAM from 1 MiB up to the last 128 KiB below the low-memory top (SeaBIOS keeps
 * those), the BIOS ROM alias below 4 GiB, and RAM above 4 GiB when there is more than fits below.
 */
final class PcMemoryMap {
    static final long EBDA = 0x9fc00;
    static final long LOW_RAM_END = 0xa0000;
    static final long BIOS_AREA = 0xf0000;
    static final long ONE_MIB = 0x100000;
    static final long SEABIOS_RESERVED = 0x20000;
    static final long BIOS_ROM = 0xfffc0000L;
    static final long FOUR_GIB = 0x1_0000_0000L;
    /** i440fx puts at most this much RAM below 4 GiB once the machine has 3.5 GiB or more. */
    static final long LOWMEM_SPLIT = 0xe0000000L;
    static final long LOWMEM_WHEN_SPLIT = 0xc0000000L;
    static final long MIN_RAM = 2 * ONE_MIB;

    private PcMemoryMap() {
    }

    static List<MemoryRegion> forRam(long ram) {
        long low = ram >= LOWMEM_SPLIT ? LOWMEM_WHEN_SPLIT : ram;
        long high = ram - low;
        List<MemoryRegion> regions = new ArrayList<>();
        regions.add(new MemoryRegion(0, EBDA, RegionType.USABLE));
        regions.add(new MemoryRegion(EBDA, LOW_RAM_END - EBDA, RegionType.RESERVED));
        regions.add(new MemoryRegion(BIOS_AREA, ONE_MIB - BIOS_AREA, RegionType.RESERVED));
        regions.add(new MemoryRegion(ONE_MIB, low - SEABIOS_RESERVED - ONE_MIB, RegionType.USABLE));
        regions.add(new MemoryRegion(low - SEABIOS_RESERVED, SEABIOS_RESERVED, RegionType.RESERVED));
        regions.add(new MemoryRegion(BIOS_ROM, FOUR_GIB - BIOS_ROM, RegionType.RESERVED));
        if (high > 0) {
            regions.add(new MemoryRegion(FOUR_GIB, high, RegionType.USABLE));
        }
        return regions;
    }
}
