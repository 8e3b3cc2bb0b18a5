package memwb.heap.freelist;

/**
 * The block format, every field a 64-bit little-endian word in emulated RAM:
 *
 * <pre>
 *   header  h          size | ALLOC      size: the whole block, a multiple of 16
 *   payload h + 8      (16-byte aligned: headers sit at 8 mod 16)
 *     free blocks only:  h + 8  next free block's header in the bin (0 = none)
 *                        h + 16 previous free block's header (0 = this is the bin head)
 *   footer  h + size - 8   equal to the header (boundary tag: free() finds the left neighbour by it)
 * </pre>
 *
 * Adoption may add holes (see {@link #HOLE}). The block area starts with a prologue word (size 0, allocated) that stops coalescing at the left,
 * and ends with an epilogue header (size 0, allocated) in the last word of the last mapped page.
 */
final class Tags {
    static final long WORD = 8;
    static final long ALIGN = 16;
    /** Header plus footer. */
    static final long OVERHEAD = 2 * WORD;
    /** Header, two links, footer: the smallest block that can sit on a free list. */
    static final long MIN_BLOCK = 32;
    static final long ALLOC = 1;
    /**
     * With ALLOC: a hole, space another heap left unmapped that this heap adopted as is. Its header
     * and footer are mapped, the pages strictly between them are not; it is never freed or merged.
     */
    static final long HOLE = 2;
    static final long SIZE_MASK = ~(ALIGN - 1);
    /** The prologue and epilogue words: size 0, allocated. */
    static final long FENCE = ALLOC;
    static final long NEXT = WORD;
    static final long PREV = 2 * WORD;

    private Tags() {
    }

    /** The block size for a request of {@code n} bytes (n no larger than the heap range, so no overflow). */
    static long blockSize(long n) {
        return Math.max(MIN_BLOCK, (n + OVERHEAD + ALIGN - 1) & SIZE_MASK);
    }

    static long size(long tag) {
        return tag & SIZE_MASK;
    }

    static boolean hole(long tag) {
        return (tag & HOLE) != 0;
    }

    static boolean allocated(long tag) {
        return (tag & ALLOC) != 0;
    }
}
