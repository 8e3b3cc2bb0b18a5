package memwb.vmm;

/**
 * A host-side count of present entries per paging structure, keyed by the table's frame, so "this
 * table just became empty" is one lookup instead of a scan of its 512 (or 1024) entries. A table not
 * in the map is unknown: its count is taken by a scan the first time it is asked for (so a space
 * attached to tables already in RAM needs no rebuild pass), and kept up to date from then on by every
 * entry write of the space's transactions.
 *
 * <p>Open addressing with linear probing over long keys, no boxing: an operation of a kernel heap
 * asks for one or two counts and must not allocate.
 */
final class PresentCounts {
    /** Unknown count. */
    static final int UNKNOWN = -1;
    private static final int INITIAL_SLOTS = 64;
    /** Empty slot marker; table frames are 4 KiB aligned, so a stored key has bit 0 set. */
    private static final long EMPTY = 0;
    private static final long OCCUPIED = 1;

    private long[] keys = new long[INITIAL_SLOTS];
    private int[] counts = new int[INITIAL_SLOTS];
    private int size;

    /** The present-entry count of {@code table}, or {@link #UNKNOWN}. */
    int get(long table) {
        int s = find(table | OCCUPIED);
        return s < 0 ? UNKNOWN : counts[s];
    }

    /** Records that {@code table} has {@code count} present entries. */
    void put(long table, int count) {
        long key = table | OCCUPIED;
        int s = find(key);
        if (s >= 0) {
            counts[s] = count;
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key, count);
        size++;
    }

    /** Adds {@code delta} to a known count; an unknown table stays unknown (it is scanned when asked). */
    void add(long table, int delta) {
        int s = find(table | OCCUPIED);
        if (s >= 0) {
            counts[s] += delta;
        }
    }

    /** Forgets {@code table} (it was freed). */
    void remove(long table) {
        int s = find(table | OCCUPIED);
        if (s < 0) {
            return;
        }
        size--;
        // backward-shift deletion keeps every probe chain unbroken without tombstones
        int mask = keys.length - 1;
        int hole = s;
        for (int j = (s + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                counts[hole] = counts[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
    }

    /** Tables with a known count. */
    int size() {
        return size;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        for (int s = slot(key); ; s = (s + 1) & mask) {
            long k = keys[s];
            if (k == key) {
                return s;
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    private void insert(long key, int count) {
        int mask = keys.length - 1;
        int s = slot(key);
        while (keys[s] != EMPTY) {
            s = (s + 1) & mask;
        }
        keys[s] = key;
        counts[s] = count;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldCounts[i]);
            }
        }
    }

    private int slot(long key) {
        long h = (key >>> 12) * 0x9E3779B97F4A7C15L; // Fibonacci hashing of the frame number
        return (int) (h >>> 32) & (keys.length - 1);
    }
}
