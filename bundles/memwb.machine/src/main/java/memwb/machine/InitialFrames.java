package memwb.machine;

import java.util.ArrayList;
import java.util.List;

import memwb.api.machine.KernelSection;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;

/**
 * The frame states a fresh machine hands its first allocator: usable RAM free; holes and firmware
 * regions reserved; the kernel image reserved for the kernel; and page 0 reserved, because frame
 * address 0 is C's NULL (the notes' frames pointer starts at 0, so kalloc_frame could otherwise
 * return a "successful" NULL) and it holds the real-mode IVT. Linux reserves it too.
 */
final class InitialFrames {
    private static final long FRAME = FrameAllocator.FRAME_SIZE;

    private InitialFrames() {
    }

    static AllocationState of(MemoryMap map, List<KernelSection> kernel) {
        long frames = (map.limit() + FRAME - 1) / FRAME;
        List<FrameRun> runs = new ArrayList<>();
        long cursor = 0;
        for (MemoryRegion r : map.regions()) {
            long first = r.base() / FRAME;
            if (first > cursor) {
                runs.add(new FrameRun(cursor, first - cursor, FrameState.RESERVED, Owner.NONE));
            }
            long start = Math.max(first, cursor);
            long end = (r.end() + FRAME - 1) / FRAME;
            if (end > start) {
                boolean usable = r.type() == RegionType.USABLE;
                runs.add(new FrameRun(start, end - start, usable ? FrameState.FREE : FrameState.RESERVED,
                        usable ? Owner.NONE : Owner.FIRMWARE));
            }
            cursor = Math.max(cursor, end);
        }
        runs = paint(runs, 0, 1, FrameState.RESERVED, Owner.FIRMWARE);
        for (KernelSection s : kernel) {
            runs = paint(runs, s.physStart() / FRAME, s.size() / FRAME, FrameState.RESERVED, Owner.KERNEL);
        }
        return new AllocationState(frames, merge(runs));
    }

    /** Overwrites frames [first, first+count) with one state and owner, splitting runs as needed. */
    static List<FrameRun> paint(List<FrameRun> runs, long first, long count, FrameState state, Owner owner) {
        long end = first + count;
        List<FrameRun> out = new ArrayList<>(runs.size() + 2);
        boolean placed = false;
        for (FrameRun r : runs) {
            long rEnd = r.firstFrame() + r.count();
            if (rEnd <= first || r.firstFrame() >= end) {
                if (!placed && r.firstFrame() >= end) {
                    out.add(new FrameRun(first, count, state, owner));
                    placed = true;
                }
                out.add(r);
                continue;
            }
            if (r.firstFrame() < first) {
                out.add(new FrameRun(r.firstFrame(), first - r.firstFrame(), r.state(), r.owner()));
            }
            if (!placed) {
                out.add(new FrameRun(first, count, state, owner));
                placed = true;
            }
            if (rEnd > end) {
                out.add(new FrameRun(end, rEnd - end, r.state(), r.owner()));
            }
        }
        if (!placed) {
            out.add(new FrameRun(first, count, state, owner));
        }
        return out;
    }

    static List<FrameRun> merge(List<FrameRun> runs) {
        List<FrameRun> out = new ArrayList<>();
        for (FrameRun r : runs) {
            if (!out.isEmpty()) {
                FrameRun last = out.get(out.size() - 1);
                if (last.state() == r.state() && last.owner() == r.owner() && last.firstFrame() + last.count() == r.firstFrame()) {
                    out.set(out.size() - 1, new FrameRun(last.firstFrame(), last.count() + r.count(), r.state(), r.owner()));
                    continue;
                }
            }
            out.add(r);
        }
        return out;
    }
}
