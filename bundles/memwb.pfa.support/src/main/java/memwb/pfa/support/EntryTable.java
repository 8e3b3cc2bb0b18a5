package memwb.pfa.support;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/**
 * Whole-table scans of an entry byte per frame kept in RAM (the bytemap, the buddy's entries), read
 * into the host a block at a time: the largest free run for stats and the runs for exportState.
 */
public final class EntryTable {
    /** Host buffer size for whole-table reads. */
    private static final int READ_BLOCK_BYTES = 64 * 1024;
    private static final Owner[] OWNERS = Owner.values();

    /** Reads {@code length} entries from frame {@code from} into {@code into[0..length)}. */
    @FunctionalInterface
    public interface Reader {
        void read(int from, byte[] into, int length);
    }

    private EntryTable() {
    }

    /** The longest run of consecutive frames whose entry (0-255) {@code free} accepts. */
    public static long largestRun(int frameCount, Reader reader, IntPredicate free) {
        long largest = 0;
        long run = 0;
        byte[] block = new byte[READ_BLOCK_BYTES];
        for (int from = 0; from < frameCount; from += block.length) {
            int len = Math.min(block.length, frameCount - from);
            reader.read(from, block, len);
            for (int k = 0; k < len; k++) {
                run = free.test(block[k] & 0xff) ? run + 1 : 0;
                largest = Math.max(largest, run);
            }
        }
        return largest;
    }

    /** Every frame's state (from its entry, 0-255) and owner (an {@link Owner} ordinal per frame) as runs. */
    public static AllocationState export(int frameCount, Reader reader, IntFunction<FrameState> state, byte[] owners) {
        FrameRuns runs = new FrameRuns();
        byte[] block = new byte[READ_BLOCK_BYTES];
        for (int from = 0; from < frameCount; from += block.length) {
            int len = Math.min(block.length, frameCount - from);
            reader.read(from, block, len);
            for (int k = 0; k < len; k++) {
                runs.add(state.apply(block[k] & 0xff), OWNERS[owners[from + k]]);
            }
        }
        return runs.build();
    }
}
