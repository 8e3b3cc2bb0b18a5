package memwb.heap.freelist;

import memwb.api.heap.HeapMemory;

/**
 * Segregated size classes: one doubly linked list of free blocks per bin, the links inside the free
 * blocks in RAM, the heads and a bitmap of non-empty bins in the control block. Exact bins of 16
 * bytes below 1 KiB; above, four bins per power of two (TLSF's second level), so a bin's blocks
 * differ by at most a quarter. Finding a bin that holds a block is a scan of the bitmap: a few
 * words, however many blocks there are.
 *
 * <p>The heads and bitmap are kept on the host too (written through to RAM on every change), so
 * the hot path reads RAM only for the links it follows; check() compares both.
 */
final class Bins {
    static final long SMALL_LIMIT = 1024;
    static final int SMALL_BINS = (int) (SMALL_LIMIT / Tags.ALIGN) - 2;
    static final int SUB_BITS = 2;
    static final int SUBS = 1 << SUB_BITS;
    static final int SMALL_LOG2 = 10;
    static final int COUNT = SMALL_BINS + (64 - SMALL_LOG2) * SUBS;
    static final int WORDS = (COUNT + 63) / 64;
    /** Control block layout, offsets from HeapMemory.base(). */
    static final long MAGIC_OFFSET = 0;
    static final long END_OFFSET = 8;
    static final long TRIM_OFFSET = 16;
    static final long BITMAP_OFFSET = 24;
    static final long HEADS_OFFSET = BITMAP_OFFSET + WORDS * Tags.WORD;
    static final long CONTROL_USED = HEADS_OFFSET + COUNT * Tags.WORD;
    /**
     * How many blocks of the request's own bin first fit looks at before taking the next non-empty
     * bin (whose every block fits): keeps malloc O(bins), not O(blocks), in a bin of mixed sizes.
     */
    static final int MAX_BIN_SCAN = 8;

    private final HeapMemory mem;
    private final long control;
    final long[] heads = new long[COUNT];
    final long[] bitmap = new long[WORDS];
    /** The size of the block {@link #find} returned last (saves a read and an allocation). */
    long foundSize;

    Bins(HeapMemory mem) {
        this.mem = mem;
        this.control = mem.base();
    }

    /** The bin of a free block of {@code size} bytes (a multiple of 16, at least 32). */
    static int binOf(long size) {
        if (size < SMALL_LIMIT) {
            return (int) (size >>> 4) - 2;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(size);
        int sub = (int) (size >>> (log2 - SUB_BITS)) & (SUBS - 1);
        return SMALL_BINS + (log2 - SMALL_LOG2) * SUBS + sub;
    }

    /** The smallest block size in bin {@code bin}. */
    static long lowest(int bin) {
        if (bin < SMALL_BINS) {
            return (bin + 2L) * Tags.ALIGN;
        }
        int log2 = (bin - SMALL_BINS) / SUBS + SMALL_LOG2;
        int sub = (bin - SMALL_BINS) % SUBS;
        return (long) (SUBS + sub) << (log2 - SUB_BITS);
    }

    /** "48 bytes", "1024-1279 bytes", for views. */
    static String name(int bin) {
        if (bin < SMALL_BINS) {
            return lowest(bin) + " bytes";
        }
        long hi = bin + 1 < COUNT ? lowest(bin + 1) - 1 : Long.MAX_VALUE;
        return lowest(bin) + "-" + hi + " bytes";
    }

    /** Writes an empty control block (every bin empty). */
    void reset() {
        java.util.Arrays.fill(heads, 0);
        java.util.Arrays.fill(bitmap, 0);
        mem.fill(control + BITMAP_OFFSET, CONTROL_USED - BITMAP_OFFSET, (byte) 0);
    }

    /** Pushes the free block {@code h} of {@code size} bytes on its bin (links written in RAM). */
    void insert(long h, long size) {
        int bin = binOf(size);
        long old = heads[bin];
        mem.write64(h + Tags.NEXT, old);
        mem.write64(h + Tags.PREV, 0);
        if (old != 0) {
            mem.write64(old + Tags.PREV, h);
        } else {
            setBit(bin, true);
        }
        setHead(bin, h);
    }

    /** Takes the free block {@code h} of {@code size} bytes off its bin in O(1) (both links are in it). */
    void unlink(long h, long size) {
        int bin = binOf(size);
        long next = mem.read64(h + Tags.NEXT);
        long prev = heads[bin] == h ? 0 : mem.read64(h + Tags.PREV); // the head has no predecessor
        if (prev != 0) {
            mem.write64(prev + Tags.NEXT, next);
        } else {
            setHead(bin, next);
            if (next == 0) {
                setBit(bin, false);
            }
        }
        if (next != 0) {
            mem.write64(next + Tags.PREV, prev);
        }
    }

    /**
     * Puts the free block {@code r} of {@code rsize} bytes in the place of {@code h} ({@code size}
     * bytes) on its list, when both sizes belong to the same bin: what splitting a large block leaves
     * usually does, and one relink is cheaper than an unlink and an insert. False, changing nothing,
     * if the bins differ.
     */
    boolean replace(long h, long size, long r, long rsize) {
        int bin = binOf(size);
        if (binOf(rsize) != bin) {
            return false;
        }
        long next = mem.read64(h + Tags.NEXT);
        long prev = heads[bin] == h ? 0 : mem.read64(h + Tags.PREV);
        mem.write64(r + Tags.NEXT, next);
        mem.write64(r + Tags.PREV, prev);
        if (prev != 0) {
            mem.write64(prev + Tags.NEXT, r);
        } else {
            setHead(bin, r);
        }
        if (next != 0) {
            mem.write64(next + Tags.PREV, r);
        }
        return true;
    }

    /**
     * A free block of at least {@code size} bytes (still on its list; its size in {@link #foundSize}),
     * or 0: first fit among the first {@link #MAX_BIN_SCAN} blocks of the request's bin, else the head
     * of the next non-empty bin. The top block (the one ending at {@code topEnd}, the epilogue) is
     * taken only when nothing else fits, as dlmalloc keeps its "wilderness": carving small blocks
     * out of the top would box in a block that could otherwise grow in place, and fragment the heap.
     */
    long find(long size, long topEnd) {
        int bin = binOf(size);
        long top = 0;
        long topSize = 0;
        long h = heads[bin];
        for (int i = 0; h != 0 && i < MAX_BIN_SCAN; i++) {
            // An exact bin's blocks all have its size: no header to read.
            long s = bin < SMALL_BINS ? lowest(bin) : Tags.size(mem.read64(h));
            if (s >= size) {
                if (h + s != topEnd) {
                    foundSize = s;
                    return h;
                }
                top = h;
                topSize = s;
            }
            h = mem.read64(h + Tags.NEXT);
        }
        for (int b = nextNonEmpty(bin + 1); b >= 0; b = nextNonEmpty(b + 1)) {
            h = heads[b];
            long s = b < SMALL_BINS ? lowest(b) : Tags.size(mem.read64(h));
            if (h + s != topEnd) {
                foundSize = s;
                return h;
            }
            top = h;
            topSize = s;
            long next = mem.read64(h + Tags.NEXT);
            if (next != 0) {
                foundSize = b < SMALL_BINS ? lowest(b) : Tags.size(mem.read64(next));
                return next;
            }
        }
        foundSize = topSize;
        return top;
    }

    /** The first non-empty bin at or above {@code from}, or -1: a scan of at most {@link #WORDS} words. */
    int nextNonEmpty(int from) {
        if (from >= COUNT) {
            return -1;
        }
        int w = from >>> 6;
        long bits = bitmap[w] & (-1L << (from & 63));
        while (bits == 0) {
            if (++w == WORDS) {
                return -1;
            }
            bits = bitmap[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(bits);
    }

    /** The highest non-empty bin, or -1. */
    int highestNonEmpty() {
        for (int w = WORDS - 1; w >= 0; w--) {
            if (bitmap[w] != 0) {
                return (w << 6) + 63 - Long.numberOfLeadingZeros(bitmap[w]);
            }
        }
        return -1;
    }

    /** The bin head as RAM holds it (check and views read RAM, not the host copy). */
    long headInRam(int bin) {
        return mem.read64(control + HEADS_OFFSET + bin * Tags.WORD);
    }

    long bitmapInRam(int word) {
        return mem.read64(control + BITMAP_OFFSET + word * Tags.WORD);
    }

    private void setHead(int bin, long h) {
        heads[bin] = h;
        mem.write64(control + HEADS_OFFSET + bin * Tags.WORD, h);
    }

    private void setBit(int bin, boolean on) {
        int w = bin >>> 6;
        long bit = 1L << (bin & 63);
        bitmap[w] = on ? bitmap[w] | bit : bitmap[w] & ~bit;
        mem.write64(control + BITMAP_OFFSET + w * Tags.WORD, bitmap[w]);
    }
}
