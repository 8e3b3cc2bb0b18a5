package memwb.views.paging;

import java.util.List;
import java.util.Optional;

import memwb.api.machine.Machine;
import memwb.api.machine.NamedSpace;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.paging.Paging4Level;
import memwb.pfa.bytemap.BytemapFrameAllocator;
import memwb.ram.SparseMemory;
import memwb.views.support.FakeMachine;
import memwb.vmm.Vmms;

/** A 64 MiB machine in 4-level paging with an empty kernel space loaded in CR3, for the views' models. */
final class Rig {
    static final long MIB = 1L << 20;
    static final long KERNEL_PHYS = 2 * MIB;
    static final long KERNEL_VA = 0xffffffff80000000L;

    final SparseMemory ram = new SparseMemory(new MemoryMap(List.of(
            new MemoryRegion(0, 0x9f000, RegionType.USABLE),
            new MemoryRegion(0x9f000, 0x61000, RegionType.RESERVED),
            new MemoryRegion(MIB, 63 * MIB, RegionType.USABLE))));
    final FrameAllocator frames = BytemapFrameAllocator.create(ram, KERNEL_PHYS, null, null);
    final ControlRegisters regs = ControlRegisters.forMode("4-level");
    final Mmu mmu = new Vmms().createMmu(ram, new Paging4Level(), regs, TlbConfig.DEFAULT);
    final AddressSpace kernel = new Vmms().createKernelSpace(mmu, frames);
    /** A user space (a process) sharing the kernel half; CR3 stays on the kernel space until a test loads it. */
    final AddressSpace user = kernel.createUserSpace();

    /** The rig behind a Machine: its paging unit, kernel space and RAM, version from both. */
    final Machine machine = FakeMachine.of("rig", method -> switch (method) {
        case "mmu" -> Optional.of(mmu);
        case "kernelSpace" -> Optional.of(kernel);
        case "currentSpace" -> current();
        case "ram" -> ram;
        case "heap" -> Optional.empty();
        case "pagingMode" -> "4-level";
        case "version" -> mmu.version() + kernel.version() + user.version();
        case "name" -> "rig";
        default -> null;
    });

    Rig() {
        mmu.setCr3(kernel.cr3());
    }

    /** The space CR3 points at, as the machine names it: "kernel" or "p1" (the user space). */
    private Optional<NamedSpace> current() {
        long root = regs.cr3() & ~0xfffL;
        return root == kernel.root() ? Optional.of(new NamedSpace(Machine.KERNEL_SPACE, kernel))
                : root == user.root() ? Optional.of(new NamedSpace("p1", user)) : Optional.empty();
    }

    PageTableReader reader() {
        return new PageTableReader(kernel.mode(), ram, regs.pse());
    }
}
