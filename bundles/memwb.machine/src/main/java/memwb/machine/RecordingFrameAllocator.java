package memwb.machine;

import java.util.List;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;

/**
 * The machine's view of its frame allocator: every allocation, free and refusal goes into the
 * event log, so the Events view and the step-by-step malloc can show what the allocator did.
 */
final class RecordingFrameAllocator implements FrameAllocator {
    private final FrameAllocator inner;
    private final EventLog events;

    RecordingFrameAllocator(FrameAllocator inner, EventLog events) {
        this.inner = inner;
        this.events = events;
    }

    FrameAllocator inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long allocFrame(Owner owner) {
        long pa = inner.allocFrame(owner);
        if (pa == NO_FRAME) {
            events.record("pfa.exhausted", -1, inner.name() + ": out of frames (for " + owner.label() + ")");
        } else {
            events.record("pfa.alloc", pa, String.format("%s: frame 0x%x for %s", inner.name(), pa, owner.label()));
        }
        return pa;
    }

    @Override
    public long allocContiguous(long count, long alignFrames, Owner owner) {
        long pa = inner.allocContiguous(count, alignFrames, owner);
        if (pa == NO_FRAME) {
            events.record("pfa.exhausted", -1, String.format("%s: no run of %d frames aligned to %d frames (for %s)",
                    inner.name(), count, alignFrames, owner.label()));
        } else {
            events.record("pfa.alloc", pa, String.format("%s: %d frames at 0x%x for %s", inner.name(), count, pa, owner.label()));
        }
        return pa;
    }

    @Override
    public void freeFrame(long pa) {
        try {
            inner.freeFrame(pa);
            events.record("pfa.free", pa, String.format("%s: frame 0x%x freed", inner.name(), pa));
        } catch (FrameException e) {
            events.record("pfa.refused", pa, inner.name() + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void freeContiguous(long pa, long count) {
        try {
            inner.freeContiguous(pa, count);
            events.record("pfa.free", pa, String.format("%s: %d frames at 0x%x freed", inner.name(), count, pa));
        } catch (FrameException e) {
            events.record("pfa.refused", pa, inner.name() + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public FrameState state(long pa) {
        return inner.state(pa);
    }

    @Override
    public Owner owner(long pa) {
        return inner.owner(pa);
    }

    @Override
    public long frameCount() {
        return inner.frameCount();
    }

    @Override
    public FrameStats stats() {
        return inner.stats();
    }

    @Override
    public List<OwnedRange> metadata() {
        return inner.metadata();
    }

    @Override
    public AllocationState exportState() {
        return inner.exportState();
    }

    @Override
    public long version() {
        return inner.version();
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
