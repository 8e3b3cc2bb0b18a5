package memwb.heap.freelist;

import java.util.Arrays;

/**
 * Which payload addresses are live blocks, one bit per 16-byte slot of the block area (a 64th of a
 * bit per byte: 1 MiB of host memory per 128 MiB of heap). free and realloc ask it whether a pointer
 * is exactly a block malloc returned, so user bytes that happen to look like a header can never pass
 * for one; neighbouring blocks share words, so it stays in the host's cache. check() verifies it
 * against the headers in RAM.
 */
final class LiveBits {
    private static final int INITIAL_WORDS = 64;
    private static final int SLOT_SHIFT = 4;

    /** The lowest payload address the area can hold. */
    private final long origin;
    private long[] words = new long[INITIAL_WORDS];
    private long size;

    LiveBits(long origin) {
        this.origin = origin;
    }

    long size() {
        return size;
    }

    /** True if {@code payload} (16-aligned, at or above the origin) is live. */
    boolean contains(long payload) {
        long slot = (payload - origin) >>> SLOT_SHIFT;
        long w = slot >>> 6;
        return w < words.length && (words[(int) w] >>> slot & 1) != 0;
    }

    /** Marks {@code payload} live (it was not). */
    void add(long payload) {
        long slot = (payload - origin) >>> SLOT_SHIFT;
        int w = (int) (slot >>> 6);
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        words[w] |= 1L << slot;
        size++;
    }

    /** Marks {@code payload} not live (it was). */
    void remove(long payload) {
        long slot = (payload - origin) >>> SLOT_SHIFT;
        words[(int) (slot >>> 6)] &= ~(1L << slot);
        size--;
    }

    void clear() {
        words = new long[INITIAL_WORDS];
        size = 0;
    }
}
