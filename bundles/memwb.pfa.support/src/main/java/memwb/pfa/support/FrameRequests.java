package memwb.pfa.support;

import java.util.Map;
import java.util.Objects;

import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.ram.Owner;

/** The argument checks every frame allocator makes alike, with the same messages. */
public final class FrameRequests {
    private FrameRequests() {
    }

    /**
     * Checks an allocContiguous request.
     *
     * @throws IllegalArgumentException if count &lt; 1 or alignFrames is not a power of two &gt;= 1
     * @throws NullPointerException if owner is null
     */
    public static void checkContiguous(long count, long alignFrames, Owner owner) {
        if (count < 1) {
            throw new IllegalArgumentException("allocContiguous: count must be at least 1 frame, was " + count);
        }
        if (alignFrames < 1 || Long.bitCount(alignFrames) != 1) {
            throw new IllegalArgumentException("allocContiguous: alignFrames must be a power of two >= 1, was " + alignFrames);
        }
        Objects.requireNonNull(owner, "owner");
    }

    /** @throws IllegalArgumentException naming the first option, for an allocator that takes none */
    public static void noOptions(Map<String, String> options, String allocator) {
        if (options != null && !options.isEmpty()) {
            throw new IllegalArgumentException("unknown " + allocator + " option '" + options.keySet().iterator().next()
                    + "' (the " + allocator + " allocator has no options)");
        }
    }

    /**
     * The frame index of {@code pa} for an allocator indexing {@code frameCount} frames from physical 0.
     *
     * @param indexes what indexes the frames, for the message ("the bytemap")
     * @throws FrameException naming {@code op} and {@code pa} if it is out of range or not frame aligned
     */
    public static int frameIndex(String op, long pa, long frameCount, String indexes) {
        long size = FrameAllocator.FRAME_SIZE;
        if (pa < 0 || pa >= frameCount * size) {
            throw new FrameException(pa, String.format("%s 0x%x: out of range, %s indexes [0x0, 0x%x)",
                    op, pa, indexes, frameCount * size));
        }
        if ((pa & (size - 1)) != 0) {
            throw new FrameException(pa, String.format("%s 0x%x: not aligned to a 4 KiB frame", op, pa));
        }
        return (int) (pa / size);
    }

    /**
     * Checks that a freeContiguous run of {@code count} frames from frame {@code first} fits.
     *
     * @throws FrameException naming {@code pa} if count &lt; 1 or the run passes the last frame
     */
    public static void checkRunFits(long pa, long count, long first, long frameCount) {
        if (count < 1 || count > frameCount - first) {
            throw new FrameException(pa, String.format("freeContiguous 0x%x: a run of %d frames does not fit in the "
                    + "%d frames indexed", pa, count, frameCount));
        }
    }

    /** The refusal to free a reserved frame, saying why it is reserved ({@code why} NONE: no usable RAM). */
    public static FrameException reserved(String op, long pa, Owner why) {
        return new FrameException(pa, String.format("%s 0x%x: frame is reserved (%s), never allocated",
                op, pa, why == Owner.NONE ? "no usable RAM there" : why.label()));
    }

    /** The refusal to free a frame that is free. */
    public static FrameException alreadyFree(String op, long pa) {
        return new FrameException(pa, String.format("%s 0x%x: frame is already free (double free, or never allocated)",
                op, pa));
    }

    /** {@code i} rounded up to a multiple of {@code alignFrames}, a power of two (see {@link #checkContiguous}). */
    public static long alignUp(long i, long alignFrames) {
        return (i + alignFrames - 1) & -alignFrames;
    }
}
