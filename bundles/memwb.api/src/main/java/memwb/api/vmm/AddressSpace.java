package memwb.api.vmm;

import java.util.List;
import java.util.Optional;

import memwb.api.paging.PagingMode;
import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.Owner;

/**
 * A set of paging structures in RAM rooted at {@link #root()}: the kernel's, or a user space that
 * shares the kernel half with it. Tables come from the frame allocator (owner PAGE_TABLES), are
 * zeroed before use and go back when they become empty.
 *
 * <p>Every method validates everything before changing anything: a refused call (a
 * {@link VmmException} naming the value) leaves the tables and the allocator as they were; that
 * includes running out of frames half way through a large map. After a change the range is
 * invalidated in the TLB of the {@link Mmu} the space was made for, unless the options say not to.
 * Intermediate entries are created permissive (P, RW, US) so a leaf's rights are the effective rights.
 */
@org.osgi.annotation.versioning.ProviderType
public interface AddressSpace {
    PagingMode mode();

    /** Physical address of the root table (PD, PDPT, PML4 or PML5). */
    long root();

    /** The value to load into CR3 for this space. */
    long cr3();

    boolean isKernel();

    /**
     * First linear address of the kernel half, shared by every user space: 0xc0000000 (32-bit and
     * PAE, the 3 GiB/1 GiB split), 0xffff800000000000 (4-level), 0xff00000000000000 (5-level).
     */
    long kernelHalfStart();

    /** {@link #map(long, long, long, Rights, MapOptions)} with {@link MapOptions#DEFAULT}. */
    void map(long va, long pa, long length, Rights rights);

    /**
     * Maps {@code [va, va + length)} to {@code [pa, pa + length)} with {@code rights}.
     *
     * @throws VmmException for a misaligned VA or PA, a length that is not a page multiple, a
     *         non-canonical range, a PA beyond the mode's reach, rights the mode cannot express
     *         (no-execute without XD), an existing mapping (unless overwriting), or out of frames
     */
    void map(long va, long pa, long length, Rights rights, MapOptions options);

    /**
     * Removes the mappings of {@code [va, va + length)}, splitting a large page that is only partly
     * inside; tables left empty go back to the frame allocator.
     *
     * @throws VmmException naming the first page in the range that is not mapped
     */
    void unmap(long va, long length);

    /** {@link #unmap(long, long)}; only {@code options.flush()} matters. */
    void unmap(long va, long length, MapOptions options);

    /**
     * Changes the rights of every page in {@code [va, va + length)} (keeping A, D, caching bits).
     *
     * @throws VmmException naming the first page that is not mapped, or rights the mode cannot express
     */
    void protect(long va, long length, Rights rights);

    /** {@link #protect(long, long, Rights)}; only {@code options.flush()} matters. */
    void protect(long va, long length, Rights rights, MapOptions options);

    /**
     * The notes' steps 2 to 5: takes {@code pages} frames from the allocator for {@code owner} and
     * maps them, 4 KiB each, from {@code va}. Returns {@code va}.
     *
     * @throws VmmException as {@link #map}; out of frames gives every frame back
     */
    long allocPages(long va, long pages, Rights rights, Owner owner);

    /** Unmaps {@code pages} pages from {@code va} and frees the frames they mapped. */
    void freePages(long va, long pages);

    /** The leaf translating {@code va}, read from RAM (no A bits set), or empty. */
    Optional<Mapping> lookup(long va);

    /** Every present leaf in ascending linear order. */
    List<Mapping> mappings();

    /** Physical addresses of every paging structure of this space, root first, shared kernel tables included. */
    long[] tableFrames();

    /**
     * A new user address space whose kernel half is this kernel space's (its top-level entries
     * copied, and kept in step as the kernel space changes).
     *
     * @throws VmmException if this is not the kernel space, or out of frames
     */
    AddressSpace createUserSpace();

    /**
     * The user space whose root table is already in RAM at {@code root} (restored from a snapshot or
     * an image), taken under this kernel space: from now on its kernel half is kept in step as for
     * one {@link #createUserSpace} made. Its tables are used as they are; nothing is allocated or written.
     *
     * @throws VmmException if this is not the kernel space, {@code root} cannot be a root in this mode
     *         (alignment, reach), or is this space's root or a user space's already
     */
    AddressSpace attachUserSpace(long root);

    /** Frees a user space's own tables (not the frames its leaves map, not the shared kernel half). */
    void destroy();

    /** The allocator to take and return table frames from from now on (after a hot swap). */
    void useFrameAllocator(FrameAllocator frames);

    /** Counts every change of this space's tables. */
    long version();
}
