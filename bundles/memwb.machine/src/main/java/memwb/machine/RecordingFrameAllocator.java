package memwb.machine;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;

/**
 * The machine's view of its frame allocator: every allocation, free and refusal goes into the
 * event log, so the Events view and the step-by-step malloc can show what the allocator did. An
 * allocation or free is worded only when someone reads it (a heap maps and unmaps pages by the
 * thousand during a replay).
 */
final class RecordingFrameAllocator implements FrameAllocator {
    private final FrameAllocator inner;
    private final EventLog events;

    RecordingFrameAllocator(FrameAllocator inner, EventLog events) {
        this.inner = inner;
        this.events = events;
    }

    /** An allocation ({@code owner} set) or a free of {@code count} frames at {@code pa}, worded when read. */
    private record Wording(String allocator, long pa, long count, Owner owner) implements Supplier<String> {
        @Override
        public String get() {
            String frames = count == 1 ? String.format(Locale.ROOT, "frame 0x%x", pa)
                    : String.format(Locale.ROOT, "%d frames at 0x%x", count, pa);
            return allocator + ": " + frames + (owner != null ? " for " + owner.label() : " freed");
        }
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
            events.record("pfa.alloc", pa, new Wording(inner.name(), pa, 1, owner));
        }
        return pa;
    }

    @Override
    public long allocContiguous(long count, long alignFrames, Owner owner) {
        long pa = inner.allocContiguous(count, alignFrames, owner);
        if (pa == NO_FRAME) {
            events.record("pfa.exhausted", -1, String.format(Locale.ROOT, "%s: no run of %d frames aligned to %d frames (for %s)",
                    inner.name(), count, alignFrames, owner.label()));
        } else {
            events.record("pfa.alloc", pa, new Wording(inner.name(), pa, count, owner));
        }
        return pa;
    }

    @Override
    public void freeFrame(long pa) {
        try {
            inner.freeFrame(pa);
            events.record("pfa.free", pa, new Wording(inner.name(), pa, 1, null));
        } catch (FrameException e) {
            events.record("pfa.refused", pa, inner.name() + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void freeContiguous(long pa, long count) {
        try {
            inner.freeContiguous(pa, count);
            events.record("pfa.free", pa, new Wording(inner.name(), pa, count, null));
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
