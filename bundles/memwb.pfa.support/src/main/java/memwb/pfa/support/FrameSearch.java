package memwb.pfa.support;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The first-fit search for a run of free frames, over whatever metadata says which frames are free
 * (a bytemap, a bitmap): each allocator supplies its own scans, so this loop is written once.
 */
public final class FrameSearch {
    /** What {@link #firstFit} returns when no run fits. */
    public static final long NONE = -1;

    private FrameSearch() {
    }

    /**
     * The lowest frame at or after {@code from} that starts {@code count} free frames and is a
     * multiple of {@code alignFrames}, or {@link #NONE}.
     *
     * @param frameCount   frames indexed
     * @param alignFrames  a power of two &gt;= 1 (checked by {@link FrameRequests#checkContiguous})
     * @param firstFree    the first frame at or after its argument that may start a run, or a negative
     *                     value if there is none
     * @param firstNonFree the first frame in [a, b) that is not free, or b if all are
     */
    public static long firstFit(long from, long frameCount, long count, long alignFrames, LongUnaryOperator firstFree,
            LongBinaryOperator firstNonFree) {
        long i = from;
        while (true) {
            i = firstFree.applyAsLong(i);
            if (i < 0) {
                return NONE;
            }
            i = alignUp(i, alignFrames);
            if (i > frameCount - count) {
                return NONE;
            }
            long blocker = firstNonFree.applyAsLong(i, i + count);
            if (blocker == i + count) {
                return i;
            }
            i = blocker + 1;
        }
    }

    /** {@code i} rounded up to a multiple of {@code alignFrames}, a power of two. */
    public static long alignUp(long i, long alignFrames) {
        return (i + alignFrames - 1) & -alignFrames;
    }
}
