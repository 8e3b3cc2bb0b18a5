package memwb.views.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;

/**
 * The Memory Map view's model: the firmware regions painted over with who owns what (the ranges the
 * workbench placed, then every allocated frame run's owner), as ascending non-overlapping bands.
 * Holes between regions are left out. Later paints win, so the most specific owner shows.
 */
final class BandLayout {
    private BandLayout() {
    }

    /** The bands of a machine; {@code frames} may be null (no allocator state). */
    static List<Band> of(MemoryMap map, List<OwnedRange> owned, AllocationState frames) {
        TreeMap<Long, Band> bands = new TreeMap<>();
        for (MemoryRegion r : map.regions()) {
            bands.put(r.base(), new Band(r.base(), r.end(), r.type().linuxName(), ""));
        }
        if (frames != null) {
            for (FrameRun run : frames.runs()) {
                if (run.state() == FrameState.ALLOCATED && run.owner() != Owner.NONE) {
                    paint(bands, run.base(), run.end(), run.owner().label());
                }
            }
        }
        for (OwnedRange o : owned) {
            paint(bands, o.base(), o.end(), o.label().isEmpty() ? o.owner().label() : o.label());
        }
        return merge(new ArrayList<>(bands.values()));
    }

    /** Gives {@code [start, end)} to {@code owner} wherever a band covers it, keeping the type. */
    static void paint(TreeMap<Long, Band> bands, long start, long end, String owner) {
        split(bands, start);
        split(bands, end);
        for (Map.Entry<Long, Band> e : new ArrayList<>(bands.subMap(start, true, end, false).entrySet())) {
            Band b = e.getValue();
            bands.put(e.getKey(), new Band(b.start(), b.end(), b.type(), owner));
        }
    }

    /** Makes {@code at} a band boundary if a band straddles it. */
    private static void split(TreeMap<Long, Band> bands, long at) {
        Map.Entry<Long, Band> e = bands.floorEntry(at);
        if (e == null) {
            return;
        }
        Band b = e.getValue();
        if (b.start() < at && at < b.end()) {
            bands.put(b.start(), new Band(b.start(), at, b.type(), b.owner()));
            bands.put(at, new Band(at, b.end(), b.type(), b.owner()));
        }
    }

    /** Joins adjacent bands with the same type and owner (frame runs split by a boundary). */
    private static List<Band> merge(List<Band> in) {
        List<Band> out = new ArrayList<>();
        for (Band b : in) {
            Band last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.end() == b.start() && last.type().equals(b.type()) && last.owner().equals(b.owner())) {
                out.set(out.size() - 1, new Band(last.start(), b.end(), b.type(), b.owner()));
            } else {
                out.add(b);
            }
        }
        return out;
    }
}
