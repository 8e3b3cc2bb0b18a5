package memwb.vmm;

import java.util.List;

import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.paging.LongModePaging;
import memwb.paging.Paging32;
import memwb.paging.Paging4Level;
import memwb.paging.Paging5Level;
import memwb.paging.PagingPae;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;

/**
 * A small machine for tests: sparse RAM with a PC-like map (usable low memory, the BIOS hole
 * reserved, usable from 1 MiB), the notes' bytemap allocator with its bytemap just below 2 MiB, a
 * paging unit in the named mode with CR3 loaded, and an empty kernel address space.
 */
final class Rig {
    static final long KIB = 1024;
    static final long MIB = KIB * 1024;
    static final long GIB = MIB * 1024;
    static final long KERNEL_PHYS = 2 * MIB;

    final SparseMemory ram;
    final FrameAllocator frames;
    final PagingMode mode;
    final ControlRegisters regs;
    final Mmu mmu;
    final AddressSpace kernel;

    private Rig(String modeName, long ramBytes, TlbConfig tlb) {
        this.ram = new SparseMemory(pcMap(ramBytes));
        this.frames = BytemapFrameAllocator.create(ram, KERNEL_PHYS, null, null);
        this.mode = mode(modeName);
        this.regs = ControlRegisters.forMode(modeName);
        this.mmu = new Vmms().createMmu(ram, mode, regs, tlb);
        this.kernel = new Vmms().createKernelSpace(mmu, frames);
        mmu.setCr3(kernel.cr3());
    }

    static Rig of(String modeName) {
        return new Rig(modeName, 64 * MIB, TlbConfig.DEFAULT);
    }

    static Rig of(String modeName, long ramBytes, TlbConfig tlb) {
        return new Rig(modeName, ramBytes, tlb);
    }

    /** Where machines of more than 49 MiB have a 1 MiB hole with no RAM (as real maps have). */
    static final long HOLE = 48 * MIB;

    static MemoryMap pcMap(long ramBytes) {
        if (ramBytes <= HOLE + MIB) {
            return new MemoryMap(List.of(
                    new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                    new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                    new MemoryRegion(MIB, ramBytes - MIB, RegionType.USABLE)));
        }
        return new MemoryMap(List.of(
                new MemoryRegion(0, 0x9f000, RegionType.USABLE),
                new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
                new MemoryRegion(MIB, HOLE - MIB, RegionType.USABLE),
                new MemoryRegion(HOLE + MIB, ramBytes - HOLE - MIB, RegionType.USABLE)));
    }

    static PagingMode mode(String name) {
        return switch (name) {
            case "32-bit" -> new Paging32();
            case "pae" -> new PagingPae();
            case "4-level" -> new Paging4Level();
            case "5-level" -> new Paging5Level();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static final List<String> MODES = List.of("32-bit", "pae", "4-level", "5-level");

    /** A kernel-half address that suits every mode's linear width. */
    static long kernelVa(PagingMode mode) {
        return mode.linearAddressBits() == 32 ? 0xc0000000L : 0xffffffff80000000L;
    }

    /** Free frames now. */
    long free() {
        return frames.stats().free();
    }

    static LongModePaging narrow4Level(int bits) {
        return new LongModePaging(4, bits);
    }
}
