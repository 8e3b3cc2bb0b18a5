package memwb.heap.tlsf;

/**
 * The payload addresses of the live blocks, host-side, so free and realloc refuse a pointer that is
 * no block in O(1) instead of trusting bytes the caller may have scribbled over. Open addressing with
 * linear probing over a long array (no boxing on the hot path); 0 marks an empty slot, which no
 * payload can be. It is derived data: adoption rebuilds it from the headers in RAM.
 */
final class LiveSet {
    private static final int INITIAL_SLOTS = 1024;
    private long[] slots = new long[INITIAL_SLOTS];
    private int size;

    int size() {
        return size;
    }

    boolean contains(long key) {
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = slot(key, mask);; i = (i + 1) & mask) {
            long k = s[i];
            if (k == key) {
                return true;
            }
            if (k == 0) {
                return false;
            }
        }
    }

    /** Adds {@code key} (non-zero, not present). */
    void add(long key) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        insert(slots, key);
        size++;
    }

    /** Removes {@code key}; true if it was present. Backward-shift deletion keeps probe chains intact without tombstones. */
    boolean remove(long key) {
        long[] s = slots;
        int mask = s.length - 1;
        int i = slot(key, mask);
        while (s[i] != key) {
            if (s[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; s[j] != 0; j = (j + 1) & mask) {
            int home = slot(s[j], mask);
            // s[j] may move into the hole if its home is not cyclically within (hole, j].
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = 0;
        size--;
        return true;
    }

    void clear() {
        slots = new long[INITIAL_SLOTS];
        size = 0;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long k : old) {
            if (k != 0) {
                insert(slots, k);
            }
        }
    }

    private static void insert(long[] s, long key) {
        int mask = s.length - 1;
        int i = slot(key, mask);
        while (s[i] != 0) {
            i = (i + 1) & mask;
        }
        s[i] = key;
    }

    private static int slot(long key, int mask) {
        long h = (key >>> 4) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
