package memwb.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/** The fills every allocator benchmark measures at, so their figures compare. */
final class AllocatorFill {
    private static final long SEED = 42;

    private AllocatorFill() {
    }

    /**
     * Leaves {@code fill} of the usable frames allocated: "random" scatters them, "packed" keeps the
     * lowest (what a first-fit allocator builds up by itself). Everything is allocated in whole free
     * runs first (cheap), then the rest is freed.
     */
    static void apply(FrameAllocator pfa, double fill, String pattern) {
        for (long run = pfa.stats().largestFreeRun(); run > 0; run = pfa.stats().largestFreeRun()) {
            pfa.allocContiguous(run, 1, Owner.USER);
        }
        List<Long> frames = new ArrayList<>();
        for (FrameRun r : pfa.exportState().runs()) {
            for (long f = r.firstFrame(); r.state() == FrameState.ALLOCATED && f < r.firstFrame() + r.count(); f++) {
                frames.add(f * FrameAllocator.FRAME_SIZE);
            }
        }
        long toFree = Math.round(frames.size() * (1 - fill));
        if (pattern.equals("random")) {
            Collections.shuffle(frames, new Random(SEED));
        } else {
            Collections.reverse(frames); // free from the top, keep the bottom allocated
        }
        for (int i = 0; i < toFree; i++) {
            pfa.freeFrame(frames.get(i));
        }
    }
}
