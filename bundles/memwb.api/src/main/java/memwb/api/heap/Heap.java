package memwb.api.heap;

import java.util.List;

/**
 * A kernel heap carving blocks out of pages the VMM maps (the notes' last step). Addresses are
 * virtual addresses in the kernel address space; 0 is C's NULL.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Heap {
    String name();

    /** A 16-byte aligned block of at least {@code size} bytes, or 0 when memory runs out. */
    long malloc(long size);

    /** @throws HeapException naming the address on a double free or a pointer that is no block */
    void free(long va);

    long realloc(long va, long size);

    long calloc(long count, long size);

    long alignedAlloc(long alignment, long size);

    /** Every block in address order, as headers in RAM say. */
    List<HeapBlock> blocks();

    /** malloc-lab style consistency check: empty if sound, else the first broken block named. */
    List<String> check();
}
