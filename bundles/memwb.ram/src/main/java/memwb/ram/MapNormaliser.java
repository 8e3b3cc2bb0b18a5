package memwb.ram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryMapException;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.RegionType;

/**
 * Turns a raw firmware map into a {@link MemoryMap}: where regions overlap the stricter type wins,
 * neighbours of one type merge, usable regions shrink inward to whole 4 KiB pages and the others grow
 * outward (so a page that is partly reserved is reserved), and the stricter type wins again where the
 * grown regions now cover usable pages. Usable regions smaller than a page vanish.
 */
final class MapNormaliser {
    private MapNormaliser() {
    }

    /**
     * The normalised map of {@code raw}.
     *
     * @throws MemoryMapException naming the entry if one is null or reaches past 2^52, or naming the
     *         source if no usable page remains
     */
    static MemoryMap normalise(List<MemoryRegion> raw, String source) {
        List<MemoryRegion> checked = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            MemoryRegion r = raw.get(i);
            if (r == null) {
                throw new MemoryMapException(source, 0, "entry [" + i + "] is null");
            }
            if (r.end() > AddressLimits.PHYSICAL_LIMIT) {
                throw new MemoryMapException(source, 0, String.format(
                        "entry [%d]: region 0x%x-0x%x reaches past the 2^52-byte physical address space",
                        i, r.base(), r.last()));
            }
            checked.add(r);
        }
        List<MemoryRegion> rounded = new ArrayList<>();
        for (MemoryRegion r : resolveOverlaps(checked)) {
            long base = r.type() == RegionType.USABLE ? alignUp(r.base()) : alignDown(r.base());
            long end = r.type() == RegionType.USABLE ? alignDown(r.end()) : alignUp(r.end());
            if (end > base) {
                rounded.add(new MemoryRegion(base, end - base, r.type()));
            }
        }
        MemoryMap map = new MemoryMap(resolveOverlaps(rounded));
        if (map.usableBytes() == 0) {
            throw new MemoryMapException(source, 0, "no usable memory: " + (raw.isEmpty() ? "the map is empty"
                    : "every usable region is covered by a stricter type or smaller than a 4 KiB page"));
        }
        return map;
    }

    /**
     * Cuts the regions at every boundary, gives each piece the strictest type covering it, and merges
     * touching pieces of one type. Sorted and non-overlapping on return.
     */
    private static List<MemoryRegion> resolveOverlaps(List<MemoryRegion> regions) {
        record Edge(long at, RegionType type, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (MemoryRegion r : regions) {
            edges.add(new Edge(r.base(), r.type(), +1));
            edges.add(new Edge(r.end(), r.type(), -1));
        }
        edges.sort(Comparator.comparingLong(Edge::at));
        int[] open = new int[RegionType.values().length];
        List<MemoryRegion> out = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            open[e.type().ordinal()] += e.delta();
            if (i + 1 == edges.size() || edges.get(i + 1).at() == e.at()) {
                continue; // the piece starting here begins after every edge at this point is counted
            }
            RegionType winner = strictestOpen(open);
            long next = edges.get(i + 1).at();
            if (winner != null) {
                append(out, e.at(), next, winner);
            }
        }
        return out;
    }

    private static RegionType strictestOpen(int[] open) {
        RegionType winner = null;
        for (RegionType t : RegionType.values()) {
            if (open[t.ordinal()] > 0 && (winner == null || t.strictness() > winner.strictness())) {
                winner = t;
            }
        }
        return winner;
    }

    /** Adds {@code [base, end)}, merging it into the previous region if that touches it with the same type. */
    private static void append(List<MemoryRegion> out, long base, long end, RegionType type) {
        if (!out.isEmpty()) {
            MemoryRegion prev = out.get(out.size() - 1);
            if (prev.end() == base && prev.type() == type) {
                out.set(out.size() - 1, new MemoryRegion(prev.base(), end - prev.base(), type));
                return;
            }
        }
        out.add(new MemoryRegion(base, end - base, type));
    }

    private static long alignDown(long pa) {
        return pa & -AddressLimits.PAGE_SIZE;
    }

    private static long alignUp(long pa) {
        return alignDown(pa + AddressLimits.PAGE_SIZE - 1);
    }
}
