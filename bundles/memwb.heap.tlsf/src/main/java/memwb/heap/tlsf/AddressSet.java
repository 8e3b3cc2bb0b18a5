package memwb.heap.tlsf;

import java.util.Arrays;

/**
 * A set of aligned addresses in the arenas, host-side: the payloads of the live blocks and slots (a
 * 16-byte granule), so free and realloc refuse a pointer that is no allocation in O(1) instead of
 * trusting bytes the caller may have scribbled over, and the slab pages (a 4 KiB granule), so free
 * tells a slot from a block. One bit per granule of each arena, in leaves of 4096 granules made on
 * first use: a test, an add and a remove are each one word next to the neighbours' bits, where a
 * hash set's probes landed anywhere in a table and its deletions shifted chains (a third of the
 * heap's own time on the synthetic traces). The bitmaps grow with what the arenas use, not with
 * their ranges. It is derived data: adoption rebuilds it from RAM.
 */
final class AddressSet {
    /** Payloads are 16-byte aligned. */
    static final int PAYLOADS = 4;
    /** Slab pages are 4 KiB pages. */
    static final int PAGES = 12;
    /** A leaf holds 2^12 granules: 64 words. */
    private static final int LEAF_GRANULES_LOG = 12;
    private static final int LEAF_WORDS = 1 << (LEAF_GRANULES_LOG - 6);
    private static final int INITIAL_LEAVES = 16;

    /** log2 of the granule: keys are multiples of it. */
    private final int shift;
    private final int leafShift;

    /** The ranges the keys may lie in (the arenas): a key anywhere else is not live. */
    private final long[] starts;
    private final long[] sizes;
    /** Per range, leaf index (offset / 64 KiB) to its bitmap, null until a key in it is added. */
    private final long[][][] leaves;
    private int size;

    /** A set of keys, multiples of {@code 1 << shift}, in {@code [starts[i], ends[i])}; each start such a multiple, as an arena's is. */
    AddressSet(int shift, long[] starts, long[] ends) {
        this.shift = shift;
        this.leafShift = shift + LEAF_GRANULES_LOG;
        this.starts = starts.clone();
        this.sizes = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            if ((starts[i] & ((1L << shift) - 1)) != 0) {
                throw new IllegalArgumentException(String.format("range start 0x%x is not %d-byte aligned", starts[i], 1L << shift));
            }
            sizes[i] = ends[i] - starts[i];
        }
        this.leaves = new long[starts.length][][];
        clear();
    }

    /** A set of multiples of {@code 1 << shift} over the arenas' ranges. */
    static AddressSet of(int shift, Arena[] arenas) {
        long[] starts = new long[arenas.length];
        long[] ends = new long[arenas.length];
        for (int i = 0; i < arenas.length; i++) {
            starts[i] = arenas[i].start;
            ends[i] = arenas[i].end;
        }
        return new AddressSet(shift, starts, ends);
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
     * @throws IllegalArgumentException if the key is not a granule-aligned address inside a range (a heap bug)
     */
    void add(long key) {
        int r = range(key);
        if (r < 0) {
            throw new IllegalArgumentException(String.format("0x%x: not a %d-byte aligned address in the arenas", key, 1L << shift));
        }
        int leaf = (int) ((key - starts[r]) >>> leafShift);
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

    /** The leaf that holds {@code key}'s bit, or null if the key cannot be in the set or its leaf was never made. */
    private long[] leafOf(long key) {
        int r = range(key);
        if (r < 0) {
            return null;
        }
        long leaf = (key - starts[r]) >>> leafShift;
        long[][] l = leaves[r];
        return leaf < l.length ? l[(int) leaf] : null;
    }

    /**
     * Where a key's bit is in its leaf: its granule number's low bits. Ranges start granule aligned,
     * so the 4096 granules of one leaf take 4096 different bits whatever the range's start.
     */
    private int word(long key) {
        return (int) (key >>> (shift + 6)) & (LEAF_WORDS - 1);
    }

    private long bit(long key) {
        return 1L << (key >>> shift);
    }

    void clear() {
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = new long[INITIAL_LEAVES][];
        }
        size = 0;
    }

    /** The range holding {@code key} if it is granule aligned, or -1 (unsigned: a heap may sit in the top half). */
    private int range(long key) {
        if ((key & ((1L << shift) - 1)) != 0) {
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
