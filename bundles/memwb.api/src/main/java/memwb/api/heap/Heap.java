package memwb.api.heap;

import java.util.List;

/**
 * A kernel heap carving blocks out of pages the VMM maps (the notes' last step). Addresses are
 * virtual addresses in the kernel address space; 0 is C's NULL. Block headers and the heap's own
 * control data are bytes in emulated RAM, reached through {@link HeapMemory}, so a view or a
 * snapshot sees exactly what the heap sees.
 *
 * <p>Misuse never corrupts the heap: a refused call throws {@link HeapException} naming the address
 * and changes nothing. One thread uses a heap at a time.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Heap {
    /** The implementation's name, e.g. "freelist": what users type in {@code use heap NAME}. */
    String name();

    /** A 16-byte aligned block of at least {@code size} bytes, or 0 when memory runs out (after giving back what it took). */
    long malloc(long size);

    /** Frees a block; {@code free(0)} does nothing, as in C. @throws HeapException naming the address on a double free or a pointer that is no block */
    void free(long va);

    /**
     * C's realloc: {@code realloc(0, n)} is malloc, {@code realloc(p, 0)} frees and returns 0; the
     * first min(old, new) bytes are kept. Returns 0 (leaving the old block intact) when memory runs out.
     *
     * @throws HeapException naming the address if {@code va} is not a live block (freed, foreign)
     */
    long realloc(long va, long size);

    /** A zeroed block of {@code count * size} bytes, or 0 when memory runs out or the product overflows. */
    long calloc(long count, long size);

    /** A block whose payload is a multiple of {@code alignment} (a power of two), or 0 when memory runs out. @throws HeapException if the alignment is not a power of two */
    long alignedAlloc(long alignment, long size);

    /** The bytes the caller may use in the live block at {@code va} (malloc_usable_size). @throws HeapException if {@code va} is not a live block */
    long usableSize(long va);

    /** Every block (and, in a heap with slab pages, every slot and piece of slab metadata) in address order, as RAM says. */
    List<HeapBlock> blocks();

    /** The heap's free lists (bins) as RAM links them, for views. */
    List<FreeList> freeLists();

    /**
     * malloc-lab style consistency check: every block's size and alignment, every free block on the
     * right list, no two adjacent free blocks, footers equal headers, everything inside the mapped
     * region. Empty if sound, else one line per problem, the first broken block named first.
     */
    List<String> check();

    HeapStats stats();

    /** The live blocks, for another heap to adopt (hot swap, snapshot). */
    HeapState exportState();

    /** Gives every page back to the VMM; the heap must not be used afterwards. */
    void destroy();

    /** A few lines for {@code heap info}: algorithm, options, region, where the control block is. */
    String describe();

    /** Counts every change, so views redraw only on change. */
    long version();
}
