package memwb.api.machine;

import java.util.List;
import java.util.Optional;

import memwb.api.gdt.GdtEntry;
import memwb.api.gdt.Gdtr;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.AddressSpace;
import memwb.api.vmm.Mmu;

/**
 * A booted machine: its RAM, memory map, GDT and frame allocator, plus what was placed where. The
 * implementations behind it can change while it runs (hot swap); always ask, never cache.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Machine {
    /** The spec's name (or file name). */
    String name();

    PhysicalMemory ram();

    MemoryMap memoryMap();

    /** The kernel image's sections, by ascending physical address. */
    List<KernelSection> kernelSections();

    /** What the workbench placed in RAM: kernel image, allocator metadata, GDT, ... */
    List<OwnedRange> ownedRanges();

    Gdtr gdtr();

    boolean longMode();

    /** The GDT decoded from RAM now, so poked bytes show. */
    List<GdtEntry> gdt();

    /** The active frame allocator. */
    FrameAllocator frames();

    /** The paging mode's name ("32-bit", "pae", "4-level", "5-level"), or "off". */
    String pagingMode();

    /** The CPU's paging unit (control registers, TLB, walks); empty with paging off. */
    Optional<Mmu> mmu();

    /** The kernel's address space (CR3 points at its root after boot); empty with paging off. */
    Optional<AddressSpace> kernelSpace();

    /** The linear address the kernel image's first section is mapped at (its physical address with paging off). */
    long kernelVirtualBase();

    /**
     * The kernel heap (malloc and free in the kernel address space), or empty with paging off or no
     * heap implementation installed. The implementation behind it can change (hot swap): ask each time.
     */
    Optional<memwb.api.heap.Heap> heap();

    /** Counts every change of the machine (RAM, allocator, swaps): poll it to refresh. */
    long version();

    /** Events from {@code fromSequence} on (at most the last few thousand are kept). */
    List<MachineEvent> events(long fromSequence);

    /** Records an event (commands and views record what they do through the machine). */
    void record(String kind, long address, String message);
}
