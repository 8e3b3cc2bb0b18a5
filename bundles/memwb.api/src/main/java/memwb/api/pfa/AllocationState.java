package memwb.api.pfa;

import java.util.List;

/**
 * Every frame's state as ascending, non-overlapping runs covering {@code [0, frameCount)}: what a
 * new allocator adopts on a hot swap, and what a snapshot stores.
 */
public record AllocationState(long frameCount, List<FrameRun> runs) {
    public AllocationState {
        runs = List.copyOf(runs);
    }
}
