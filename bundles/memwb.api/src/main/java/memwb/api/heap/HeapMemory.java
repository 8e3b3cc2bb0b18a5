package memwb.api.heap;

/**
 * The part of the kernel address space a heap owns, {@code [base, limit)}, and the only way a heap
 * touches memory: every access goes through the MMU (translation, A and D bits, faults), and pages
 * come from the VMM, which takes frames from the frame allocator (the notes' steps 2 to 5). The
 * machine implements it over whatever paging mode and frame allocator are active, so those can be
 * swapped under a heap without the heap noticing.
 *
 * <p>By convention the first {@link #CONTROL_BYTES} of the range hold the active heap's control block
 * (bin heads and the like), so any heap can adopt another's blocks: payloads start at or above
 * {@code base + CONTROL_BYTES}. A heap may put the header of a block whose payload starts at
 * {@code base + CONTROL_BYTES} in the control page's last word (so a block of whole pages spans no
 * extra page), and the word before it may be a boundary marker, so a control block uses at most
 * {@link #CONTROL_BLOCK_MAX} bytes and a heap that adopts must accept a first header there (since 1.2).
 */
@org.osgi.annotation.versioning.ProviderType
public interface HeapMemory {
    /** Bytes at {@link #base()} reserved for the active heap's control block (one page). */
    long CONTROL_BYTES = 4096;
    long PAGE_SIZE = 4096;
    /** The most bytes a control block at {@link #base()} may use: the control page's last two words may belong to the first block (since 1.2). */
    long CONTROL_BLOCK_MAX = CONTROL_BYTES - 16;

    /** First address of the heap's range (page aligned). */
    long base();

    /** End of the heap's range, exclusive (page aligned). */
    long limit();

    /** Reads the 8 bytes at {@code va} (8-aligned). @throws HeapException naming the address if it is unmapped or outside the range */
    long read64(long va);

    /** Writes the 8 bytes at {@code va} (8-aligned). @throws HeapException naming the address if it is unmapped or outside the range */
    void write64(long va, long value);

    /** Reads {@code length} bytes from {@code va} (any alignment, may cross pages). */
    void read(long va, byte[] dst, int offset, int length);

    /** Writes {@code length} bytes at {@code va} (any alignment, may cross pages). */
    void write(long va, byte[] src, int offset, int length);

    /** Copies {@code length} bytes from {@code src} to {@code dst} (the ranges may overlap, as memmove). */
    void copy(long dst, long src, long length);

    /** Sets {@code length} bytes from {@code va} to {@code value} (memset). */
    void fill(long va, long length, byte value);

    /**
     * Maps {@code pages} fresh pages from {@code va} (read/write, supervisor, no-execute; frames owned
     * by the heap). Like Linux's vmalloc (not vzalloc), the pages are not cleared: they hold whatever
     * their frames held, so a heap writes every word before it reads it (calloc clears what it hands
     * out). Returns false, having taken nothing, when the frame allocator runs out.
     *
     * @throws HeapException naming the address if the pages leave the range or one is already mapped
     */
    boolean mapPages(long va, long pages);

    /** Unmaps {@code pages} pages from {@code va} and gives their frames back. @throws HeapException naming the first page that is not mapped */
    void unmapPages(long va, long pages);

    /** True if the page holding {@code va} is mapped. */
    boolean isMapped(long va);

    /** Pages of the range mapped now. */
    long mappedPages();
}
