package memwb.heap.tlsf;

import java.util.Arrays;

/**
 * The payload addresses of the live blocks, host-side, so free and realloc refuse a pointer that is
 * no block in O(1) instead of trusting bytes the caller may have scribbled over. One bit per 16-byte
 * granule of each arena (payloads are 16-byte aligned), in leaves of 64 KiB of heap made on first
 * use: a test, an add and a remove are each one word next to the block's neighbours' bits, where a
 * hash set's probes landed anywhere in a table and its deletions shifted chains (a third of the
 * heap's own time on the synthetic traces). The bitmaps grow with what the arenas use, not with
 * their ranges. It is derived data: adoption rebuilds it from the headers in RAM.
 */
final class LiveSet {
    private static final int GRANULE_SHIFT = 4;
    private static final int LEAF_SHIFT = 16;
    private static final int LEAF_WORDS = 1 << (LEAF_SHIFT - GRANULE_SHIFT - 6);
    private static final int INITIAL_LEAVES = 16;

    /** The ranges the keys may lie in (the arenas): a key anywhere else is not live. */
    private final long[] starts;
    private final long[] sizes;
    /** Per range, leaf index (offset / 64 KiB) to its bitmap, null until a key in it is added. */
    private final long[][][] leaves;
    private int size;

    /** A set of keys in {@code [starts[i], ends[i])}. */
    LiveSet(long[] starts, long[] ends) {
        this.starts = starts.clone();
        this.sizes = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            sizes[i] = ends[i] - starts[i];
        }
        this.leaves = new long[starts.length][][];
        clear();
    }

    /** A set over the arenas' ranges. */
    static LiveSet of(Arena[] arenas) {
        long[] starts = new long[arenas.length];
        long[] ends = new long[arenas.length];
        for (int i = 0; i < arenas.length; i++) {
            starts[i] = arenas[i].start;
            ends[i] = arenas[i].end;
        }
        return new LiveSet(starts, ends);
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        int r = range(key);
        if (r < 0) {
            return false;
        }
        long off = key - starts[r];
        long[][] l = leaves[r];
        long leaf = off >>> LEAF_SHIFT;
        if (leaf >= l.length || l[(int) leaf] == null) {
            return false;
        }
        int bit = (int) (off >>> GRANULE_SHIFT);
        return (l[(int) leaf][(bit >>> 6) & (LEAF_WORDS - 1)] & 1L << bit) != 0;
    }

    /**
     * Adds {@code key} (not present).
     *
     * @throws IllegalArgumentException if the key is not 16-byte aligned inside a range (a heap bug)
     */
    void add(long key) {
        int r = range(key);
        if (r < 0) {
            throw new IllegalArgumentException(String.format("0x%x: not a 16-byte aligned address in the arenas", key));
        }
        long off = key - starts[r];
        int leaf = (int) (off >>> LEAF_SHIFT);
        long[][] l = leaves[r];
        if (leaf >= l.length) {
            l = leaves[r] = Arrays.copyOf(l, Math.max(leaf + 1, 2 * l.length));
        }
        long[] words = l[leaf];
        if (words == null) {
            words = l[leaf] = new long[LEAF_WORDS];
        }
        int bit = (int) (off >>> GRANULE_SHIFT);
        int w = (bit >>> 6) & (LEAF_WORDS - 1);
        if ((words[w] & 1L << bit) == 0) {
            words[w] |= 1L << bit;
            size++;
        }
    }

    /** Removes {@code key}; true if it was present. */
    boolean remove(long key) {
        int r = range(key);
        if (r < 0) {
            return false;
        }
        long off = key - starts[r];
        long[][] l = leaves[r];
        long leaf = off >>> LEAF_SHIFT;
        if (leaf >= l.length || l[(int) leaf] == null) {
            return false;
        }
        long[] words = l[(int) leaf];
        int bit = (int) (off >>> GRANULE_SHIFT);
        int w = (bit >>> 6) & (LEAF_WORDS - 1);
        if ((words[w] & 1L << bit) == 0) {
            return false;
        }
        words[w] &= ~(1L << bit);
        size--;
        return true;
    }

    void clear() {
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = new long[INITIAL_LEAVES][];
        }
        size = 0;
    }

    /** The range holding {@code key} if it is 16-byte aligned, or -1 (unsigned: a heap may sit in the top half). */
    private int range(long key) {
        if ((key & ((1 << GRANULE_SHIFT) - 1)) != 0) {
            return -1;
        }
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(key - starts[i], sizes[i]) < 0) {
                return i;
            }
        }
        return -1;
    }
}
