package memwb.api.pfa;

/** Frame counts at one moment; {@code largestFreeRun} in frames. */
public record FrameStats(long total, long free, long allocated, long reserved, long largestFreeRun) {
}
