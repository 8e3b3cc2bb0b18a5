package memwb.vmm;

import java.nio.file.Path;

import memwb.api.gdt.Gdtr;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.ImageHeader;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.Vmm;

/** The VMM as plain Java: the factory for paging units and address spaces, and image export/import. */
public class Vmms implements Vmm {
    @Override
    public Mmu createMmu(PhysicalMemory ram, PagingMode mode, ControlRegisters registers, TlbConfig tlb) {
        return new X86Mmu(ram, mode, registers, tlb);
    }

    @Override
    public AddressSpace createKernelSpace(Mmu mmu, FrameAllocator frames) {
        return PagingAddressSpace.createKernel(mmu, frames);
    }

    @Override
    public AddressSpace attachKernelSpace(Mmu mmu, FrameAllocator frames, long root) {
        return PagingAddressSpace.attachKernel(mmu, frames, root);
    }

    @Override
    public void exportImage(Path dir, PhysicalMemory ram, ControlRegisters registers, Gdtr gdtr, String mode) {
        ImageExport.export(dir, ram, registers, gdtr, mode);
    }

    @Override
    public ImageHeader readImageHeader(Path dir) {
        return ImageImport.readHeader(dir);
    }

    @Override
    public ImageHeader importImage(Path dir, PhysicalMemory ram, ControlRegisters registers) {
        return ImageImport.restore(dir, ram, registers);
    }
}
