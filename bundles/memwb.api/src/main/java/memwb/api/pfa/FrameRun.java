package memwb.api.pfa;

import memwb.api.ram.Owner;

/** {@code count} consecutive frames from {@code firstFrame} that share a state and owner. */
public record FrameRun(long firstFrame, long count, FrameState state, Owner owner) {
    public long base() {
        return firstFrame * FrameAllocator.FRAME_SIZE;
    }

    public long end() {
        return (firstFrame + count) * FrameAllocator.FRAME_SIZE;
    }
}
