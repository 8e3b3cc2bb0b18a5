package memwb.pfa.support;

import java.util.ArrayList;
import java.util.List;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/**
 * Collects every frame's state and owner, in frame order, into the runs of an {@link AllocationState}
 * (each allocator's exportState reads its own metadata and feeds it here).
 */
public final class FrameRuns {
    private final List<FrameRun> runs = new ArrayList<>();
    private long start;
    private long next;
    private FrameState state;
    private Owner owner;

    /** Adds frame {@link #next()}'s state and owner; a free frame's owner is taken as NONE. */
    public void add(FrameState frameState, Owner frameOwner) {
        Owner o = frameState == FrameState.FREE ? Owner.NONE : frameOwner;
        if (frameState != state || o != owner) {
            close();
            start = next;
            state = frameState;
            owner = o;
        }
        next++;
    }

    /** The number of frames added so far: the index the next {@link #add} describes. */
    public long next() {
        return next;
    }

    /** The runs of every frame added. */
    public AllocationState build() {
        close();
        state = null;
        return new AllocationState(next, runs);
    }

    private void close() {
        if (state != null && next > start) {
            runs.add(new FrameRun(start, next - start, state, owner));
        }
    }
}
