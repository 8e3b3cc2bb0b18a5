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

    /** A set of keys in {@code [starts[i], ends[i])}; each start 16-byte aligned, as an arena's is. */
    LiveSet(long[] starts, long[] ends) {
        this.starts = starts.clone();
        this.sizes = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            if ((starts[i] & ((1 << GRANULE_SHIFT) - 1)) != 0) {
                throw new IllegalArgumentException(String.format("range start 0x%x is not 16-byte aligned", starts[i]));
            }
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
        long[] words = leafOf(key);
        return words != null && (words[word(key)] & bit(key)) != 0;
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
        int leaf = (int) ((key - starts[r]) >>> LEAF_SHIFT);
        long[][] l = leaves[r];
        if (leaf >= l.length) {
            l = leaves[r] = Arrays.copyOf(l, Math.max(leaf + 1, 2 * l.length));
        }
        long[] words = l[leaf];
        if (words == null) {
            words = l[leaf] = new long[LEAF_WORDS];
        }
        if ((words[word(key)] & bit(key)) == 0) {
            words[word(key)] |= bit(key);
            size++;
        }
    }

    /** Removes {@code key}; true if it was present. */
    boolean remove(long key) {
        long[] words = leafOf(key);
        if (words == null || (words[word(key)] & bit(key)) == 0) {
            return false;
        }
        words[word(key)] &= ~bit(key);
        size--;
        return true;
    }

    /** The leaf that holds {@code key}'s bit, or null if the key is no payload address or its leaf was never made. */
    private long[] leafOf(long key) {
        int r = range(key);
        if (r < 0) {
            return null;
        }
        long leaf = (key - starts[r]) >>> LEAF_SHIFT;
        long[][] l = leaves[r];
        return leaf < l.length ? l[(int) leaf] : null;
    }

    /**
     * Where a key's bit is in its leaf: its granule number's low bits. Ranges start 16-byte aligned,
     * so the 4096 granules of one leaf take 4096 different bits whatever the range's start.
     */
    private static int word(long key) {
        return (int) (key >>> (GRANULE_SHIFT + 6)) & (LEAF_WORDS - 1);
    }

    private static long bit(long key) {
        return 1L << (key >>> GRANULE_SHIFT);
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
