package memwb.pfa.support;

import java.util.Map;
import java.util.Objects;

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
}
