package memwb.api.vmm;

/**
 * TLB counters since creation or the last reset: lookups that hit and missed, entries filled and
 * evicted (LRU), INVLPGs, whole flushes (CR3 loads and others), and how many entries are valid now.
 */
public record TlbStats(long hits, long misses, long fills, long evictions, long invlpgs, long flushes, int used4k,
        int usedLarge) {
    /** Hits / (hits + misses), or 0 before any lookup. */
    public double hitRate() {
        long all = hits + misses;
        return all == 0 ? 0 : (double) hits / all;
    }
}
