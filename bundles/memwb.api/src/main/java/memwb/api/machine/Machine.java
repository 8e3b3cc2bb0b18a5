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

    /** The name {@link #spaces()} gives the kernel space; no user space can take it. */
    String KERNEL_SPACE = "kernel";

    /**
     * The kernel space first, then every user space in creation order; empty with paging off. The
     * objects change with a paging-mode swap or a snapshot: ask each time.
     */
    List<NamedSpace> spaces();

    /**
     * The space CR3 points at now; empty with paging off, or after CR3 was loaded with a root that is
     * no space of this machine.
     */
    Optional<NamedSpace> currentSpace();

    /**
     * The space a map, unmap or protect at {@code va} changes when made from the current space: the
     * kernel space for a kernel-half address (its tables are shared, so every space sees the change),
     * else the current space.
     *
     * @throws MachineException with paging off, or when CR3 points at no space of this machine
     */
    AddressSpace spaceFor(long va);

    /**
     * A new, empty user space (a process) named {@code name}: a root table of its own whose kernel
     * half is the kernel space's. CR3 does not change.
     *
     * @throws MachineException naming the name if it is empty, not a word of letters, digits, '-',
     *         '_' or '.', "kernel" or already taken; with paging off; or when no frame is free for its
     *         root (nothing is left behind then)
     */
    NamedSpace createSpace(String name);

    /**
     * Loads CR3 with space {@code name}'s root ({@link #KERNEL_SPACE} for the kernel's), as a MOV to
     * CR3 does: non-global TLB entries are dropped, global kernel pages survive.
     *
     * @throws MachineException naming an unknown space (and listing the known ones), or with paging off
     */
    NamedSpace useSpace(String name);

    /**
     * Destroys user space {@code name}: its own (user-half) page tables go back to the frame
     * allocator; the frames its leaves map and the shared kernel tables stay.
     *
     * @throws MachineException for the kernel space, the current space (switch away first) or an
     *         unknown name; nothing changes then
     */
    void dropSpace(String name);

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
