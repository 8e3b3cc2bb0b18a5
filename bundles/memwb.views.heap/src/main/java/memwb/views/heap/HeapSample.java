package memwb.views.heap;

import memwb.api.heap.HeapStats;

/**
 * The heap's figures at one machine version, as the plots draw them: its size (mapped bytes), live
 * payload, utilisation (live / mapped) and fragmentation (1 - largest free block / free bytes).
 */
record HeapSample(long version, long mappedBytes, long liveBytes, double utilisation, double fragmentation) {
    /** The sample for {@code stats} at machine {@code version}; a heap with nothing mapped or free counts as 0. */
    static HeapSample of(long version, HeapStats stats) {
        double utilisation = stats.mappedBytes() == 0 ? 0 : (double) stats.liveBytes() / stats.mappedBytes();
        double fragmentation = stats.freeBytes() == 0 ? 0 : 1 - (double) stats.largestFree() / stats.freeBytes();
        return new HeapSample(version, stats.mappedBytes(), stats.liveBytes(), utilisation, fragmentation);
    }
}
