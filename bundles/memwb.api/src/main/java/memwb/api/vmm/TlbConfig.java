package memwb.api.vmm;

/**
 * TLB geometry: a set-associative array for 4 KiB translations and one for large pages
 * (2 MiB / 4 MiB / 1 GiB), each {@code entries} big with {@code ways} per set, LRU within a set.
 * {@code entries} 0 means no TLB of that kind (every access walks).
 */
public record TlbConfig(int entries4k, int ways4k, int entriesLarge, int waysLarge) {
    /** Like a recent Intel core's L1 data TLB: 64 entries 4-way for 4 KiB, 32 entries 4-way for large pages. */
    public static final TlbConfig DEFAULT = new TlbConfig(64, 4, 32, 4);
    /** No TLB at all: every translation is a walk. */
    public static final TlbConfig NONE = new TlbConfig(0, 1, 0, 1);

    public TlbConfig {
        check("4 KiB", entries4k, ways4k);
        check("large-page", entriesLarge, waysLarge);
    }

    private static void check(String which, int entries, int ways) {
        if (ways < 1 || entries < 0 || entries % ways != 0) {
            throw new IllegalArgumentException(which + " TLB: " + entries + " entries in " + ways
                    + " ways; entries must be a multiple of ways >= 1");
        }
        int sets = entries / ways;
        if (sets != 0 && Integer.bitCount(sets) != 1) {
            throw new IllegalArgumentException(which + " TLB: " + entries + "/" + ways + " = " + sets
                    + " sets; the set count must be a power of two");
        }
    }
}
