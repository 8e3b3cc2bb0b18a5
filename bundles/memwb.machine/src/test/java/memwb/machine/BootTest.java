package memwb.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import memwb.api.gdt.GdtEntry;
import memwb.api.machine.KernelSection;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameState;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;

class BootTest {

    @Test
    void qemu128mBootsWithTheKernelReservedTheBytemapJustBelowItAndALongModeGdt() {
        BootedMachine m = Machines.manager().boot(Machines.SCENARIOS.resolve("qemu-128m.json"));

        assertEquals("qemu-128m", m.name());
        assertEquals(0x100000000L, m.memoryMap().limit(), "the BIOS ROM alias below 4 GiB is the top of the map");
        List<KernelSection> kernel = m.kernelSections();
        assertEquals(List.of(".text", ".rodata", ".data", ".bss"), kernel.stream().map(KernelSection::name).toList());
        assertEquals(0x1000000, kernel.get(0).physStart());
        assertEquals(0x1000000 + 0x100000, kernel.get(1).physStart(), "sections follow one another");

        FrameAllocator frames = m.frames();
        for (KernelSection s : kernel) {
            assertEquals(FrameState.RESERVED, frames.state(s.physStart()), s.name());
            assertEquals(Owner.KERNEL, frames.owner(s.physStart()), s.name());
        }
        assertEquals(FrameState.RESERVED, frames.state(0), "page 0 is NULL: never handed out");

        // The notes: the bytemap sits just below the kernel, one byte per frame up to the map's top.
        // The BIOS ROM alias ends at 4 GiB, so even 128 MiB of RAM needs 1 Mi entries (1 MiB).
        OwnedRange bytemap = frames.metadata().get(0);
        assertEquals(Owner.ALLOCATOR_METADATA, bytemap.owner());
        assertEquals(0x1000000, bytemap.end(), "the bytemap ends where the kernel begins");
        assertEquals(0x100000000L / 4096, frames.frameCount(), "one entry per frame up to the highest address");
        assertEquals(FrameState.RESERVED, frames.state(bytemap.base()));
        assertEquals(2, m.ram().read8(bytemap.base() + 0xfffc0000L / 4096), "the BIOS ROM frames are reserved (2) in RAM");
        assertEquals(2, m.ram().read8(bytemap.base() + 0x1000000 / 4096), "the kernel's frames are reserved (2) in RAM");

        // GDT: null, 64-bit kernel code, data, user code, user data, a 16-byte TSS; in its own frame.
        List<GdtEntry> gdt = m.gdt();
        assertEquals(6, gdt.size());
        assertEquals(0x00af9a000000ffffL, m.ram().read64(m.gdtr().base() + 8), "64-bit kernel code descriptor in RAM");
        assertTrue(gdt.get(5).wide(), "the TSS takes two slots in long mode");
        assertEquals(7 * 8 - 1, m.gdtr().limit());
        assertEquals(Owner.GDT, frames.owner(m.gdtr().base()));
        assertEquals(FrameState.ALLOCATED, frames.state(m.gdtr().base()));
    }

    @Test
    void flat32GdtIsTheOsdevTable() {
        String spec = "{\"ram\": \"64M\", \"gdt\": \"flat32\"}";
        BootedMachine m = Machines.manager().bootSpec(spec, "flat.json", Machines.SCENARIOS);
        long base = m.gdtr().base();
        assertEquals(0, m.ram().read64(base));
        assertEquals(0x00cf9a000000ffffL, m.ram().read64(base + 8));
        assertEquals(0x00cf92000000ffffL, m.ram().read64(base + 16));
        assertEquals(0x00cffa000000ffffL, m.ram().read64(base + 24));
        assertEquals(0x00cff2000000ffffL, m.ram().read64(base + 32));
        assertEquals(39, m.gdtr().limit());
    }

    @Test
    void aMachineOver4GiBWithHolesIndexesEveryFrameUpToTheTopAndReservesTheHoles() {
        BootedMachine m = Machines.manager().boot(Machines.SCENARIOS.resolve("pc-6g-holes.json"));
        FrameAllocator frames = m.frames();
        assertEquals(0x1c0000000L / 4096, frames.frameCount());
        assertEquals(FrameState.RESERVED, frames.state(0xc0000000L), "the PCI hole is reserved");
        assertEquals(FrameState.FREE, frames.state(0x100000000L), "RAM above 4 GiB is free");
        long usable = 0x9f000 /* 0x9fc00 rounded down */ + (0xbffe0000L - 0x100000) + (0x1c0000000L - 0x100000000L);
        assertEquals(usable, m.memoryMap().usableBytes());
        long pa = frames.allocContiguous(512, 512, Owner.KERNEL_DATA);
        assertEquals(0, pa % 0x200000, "a 2 MiB aligned run");
    }

    @Test
    void aBareE820ListingBootsWithDefaults() {
        BootedMachine m = Machines.manager().boot(Machines.resource("dmesg-64m.txt"));
        assertEquals(0x3fe0000L - 0x100000 + 0x9f000, m.memoryMap().usableBytes(),
                "usable regions rounded inward to 4 KiB: 0x9fbff becomes 0x9efff");
        assertEquals("bytemap", m.frames().name());
        assertEquals(0x1000000, m.kernelSections().get(0).physStart());
    }

    @Test
    void aRealUefiMapBootsAndItsAcpiRegionsAreReserved() {
        BootedMachine m = Machines.manager().boot(Machines.resource("real-uefi-pc-2g.txt"));
        assertEquals(FrameState.RESERVED, m.frames().state(0xdf69000L), "ACPI data");
        assertEquals(FrameState.RESERVED, m.frames().state(0xdf85000L), "ACPI NVS");
        assertEquals(FrameState.FREE, m.frames().state(0x20000000L));
    }

    @Test
    void eventsTellTheBootStory() {
        BootedMachine m = Machines.manager().boot(Machines.SCENARIOS.resolve("qemu-128m.json"));
        List<String> kinds = m.events(0).stream().map(e -> e.kind() + ": " + e.message()).toList();
        assertTrue(kinds.get(0).startsWith("boot: RAM: 6 regions"), kinds.toString());
        assertTrue(kinds.stream().anyMatch(k -> k.contains("bytemap metadata at 0xf00000-0xffffff (1024 KiB)")), kinds.toString());
        assertTrue(kinds.stream().anyMatch(k -> k.startsWith("pfa.alloc") && k.contains("descriptor tables")), kinds.toString());
    }
}
