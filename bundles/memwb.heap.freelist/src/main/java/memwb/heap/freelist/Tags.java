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
 * Adoption may add holes (see {@link #HOLE}) and footerless blocks (see {@link #FOOTERLESS}): the
 * boundary-tag refinement of Knuth and dlmalloc, used only where another heap (TLSF) packed its blocks
 * one 8-byte header apart, leaving no room for a footer. The heap's own blocks keep the teaching
 * layout (header and footer on every block), so check() stays as strict for them as before. An
 * allocated block needs no footer as long as nobody reads it: only free() and realloc() look left,
 * and they read the left neighbour's footer only when the block's own header lacks
 * {@link #LEFT_FOOTERLESS}. Free blocks always have footers, so coalescing is unchanged.
 *
 * <p>The block area starts with a prologue word (size 0, allocated) that stops coalescing at the left,
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
    /**
     * With ALLOC: an adopted block with no footer. It runs from its header to the next header, all of
     * it payload but the header. Freeing it makes it an ordinary free block (its last word, now its
     * own, takes the footer); no other path creates one.
     */
    static final long FOOTERLESS = 4;
    /**
     * The block to the left (ending at this header) is footerless: the word before this header is its
     * payload, not a footer, so the left neighbour is allocated. Kept on headers, footers and the epilogue.
     */
    static final long LEFT_FOOTERLESS = 8;
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

    /** The footerless block for {@code n} bytes of payload: header and payload, rounded to 16, at least MIN_BLOCK. */
    static long footerlessSize(long n) {
        return Math.max(MIN_BLOCK, (n + WORD + ALIGN - 1) & SIZE_MASK);
    }

    /** The bytes of a block with this tag that are not payload: header and footer, or just the header. */
    static long overhead(long tag) {
        return footerless(tag) ? WORD : OVERHEAD;
    }

    static boolean footerless(long tag) {
        return (tag & FOOTERLESS) != 0;
    }

    static boolean leftFooterless(long tag) {
        return (tag & LEFT_FOOTERLESS) != 0;
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
