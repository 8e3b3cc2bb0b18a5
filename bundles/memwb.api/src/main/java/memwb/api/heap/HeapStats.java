package memwb.api.heap;

/**
 * A heap's figures now. {@code mappedBytes} is the heap's extent: the bytes of the pages it has
 * mapped (control block included), which is what utilisation is measured against.
 */
public record HeapStats(long liveBlocks, long liveBytes, long freeBlocks, long freeBytes, long largestFree,
        long mappedBytes, long mallocs, long frees, long failures) {
}
