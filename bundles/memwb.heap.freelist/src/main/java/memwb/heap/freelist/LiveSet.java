package memwb.heap.freelist;

/**
 * The payload addresses of the live blocks, as an open-addressing hash set of longs (no boxing):
 * free and realloc ask it whether a pointer is exactly a block malloc returned, so user bytes that
 * happen to look like a header can never pass for one. check() verifies it against the headers in RAM.
 */
final class LiveSet {
    private static final int INITIAL_SLOTS = 1024;
    /** Fibonacci hashing multiplier (2^64 / golden ratio). */
    private static final long MIX = 0x9E3779B97F4A7C15L;
    /** 0 marks an empty slot; no payload is ever 0 (the control page comes first). */
    private static final long EMPTY = 0;

    private long[] slots = new long[INITIAL_SLOTS];
    private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
    private int size;

    int size() {
        return size;
    }

    boolean contains(long key) {
        int mask = slots.length - 1;
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = slots[i];
            if (k == key) {
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
        }
    }

    /** Adds {@code key} (not present yet). */
    void add(long key) {
        if (2 * (size + 1) > slots.length) {
            resize(slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = slot(key);
        while (slots[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        slots[i] = key;
        size++;
    }

    /** Removes {@code key} if present, shifting later entries of its probe run back (no tombstones). */
    void remove(long key) {
        int mask = slots.length - 1;
        int i = slot(key);
        while (slots[i] != key) {
            if (slots[i] == EMPTY) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        for (int j = (i + 1) & mask; slots[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(slots[j]);
            // Move slots[j] into the hole at i unless its home lies cyclically in (i, j].
            boolean homeBetween = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!homeBetween) {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = EMPTY;
    }

    void clear() {
        java.util.Arrays.fill(slots, EMPTY);
        size = 0;
    }

    private int slot(long key) {
        return (int) (((key >>> 4) * MIX) >>> shift);
    }

    private void resize(int newLength) {
        long[] old = slots;
        slots = new long[newLength];
        shift = 64 - Integer.numberOfTrailingZeros(newLength);
        size = 0;
        for (long k : old) {
            if (k != EMPTY) {
                add(k);
            }
        }
    }
}
