package memwb.api.vmm;

import java.nio.file.Path;

import memwb.api.gdt.Gdtr;
import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.PhysicalMemory;

/**
 * The virtual memory manager service: builds the paging unit and address spaces of a machine, and
 * exports or imports a machine image that QEMU can load.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Vmm {
    /** A paging unit over {@code ram} walking {@code mode}'s tables, using (not copying) {@code registers}. */
    Mmu createMmu(PhysicalMemory ram, PagingMode mode, ControlRegisters registers, TlbConfig tlb);

    /**
     * A new, empty kernel address space in {@code mmu}'s RAM and mode: one zeroed root table taken
     * from {@code frames}.
     *
     * @throws VmmException if no frame is free
     */
    AddressSpace createKernelSpace(Mmu mmu, FrameAllocator frames);

    /**
     * The kernel address space whose tables are already in RAM at {@code root} (after an import).
     *
     * @throws VmmException if {@code root} is not a valid root table address for the mode
     */
    AddressSpace attachKernelSpace(Mmu mmu, FrameAllocator frames, long root);

    /**
     * Writes {@code dir}/ram.bin (physical memory from 0 to the end of usable RAM, or to the RAM's
     * limit if anything beyond usable RAM holds data; sparse where untouched),
     * {@code dir}/registers.json and {@code dir}/qemu.txt (with qemu.gdb: the commands that load both
     * into qemu-system-x86_64 so its {@code info tlb} can be compared).
     *
     * @throws VmmException naming the file that could not be written
     */
    void exportImage(Path dir, PhysicalMemory ram, ControlRegisters registers, Gdtr gdtr, String mode);

    /**
     * Reads and validates registers.json and the size of ram.bin without changing anything.
     *
     * @throws VmmException naming the file and field that are missing or wrong
     */
    ImageHeader readImageHeader(Path dir);

    /**
     * Restores RAM and registers from an export: every installed byte of {@code ram} takes ram.bin's
     * value, and {@code registers} take registers.json's. Everything is validated first (files
     * present, JSON well formed, ram.bin as long as an export of this RAM can be, no data in holes, CR3
     * inside RAM, the mode matching the registers); a corrupt directory changes nothing.
     *
     * @throws VmmException naming the file and field
     */
    ImageHeader importImage(Path dir, PhysicalMemory ram, ControlRegisters registers);
}
