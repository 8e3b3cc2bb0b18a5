package memwb.views.paging;

import java.util.ArrayList;
import java.util.List;

/**
 * Places runs on a horizontal axis of {@code width} pixels. Linear address spaces are mostly holes
 * (a few MiB mapped in 256 TiB), so a proportional axis would show nothing: each run gets a width
 * growing with the log of its size and each hole between runs a fixed {@link #GAP} with a break mark.
 */
final class BandLayout {
    /** Pixels for a hole between two runs (drawn as a break in the axis). */
    static final int GAP = 12;
    /** Narrowest band, so a single 4 KiB page stays clickable. */
    static final int MIN_BAND = 4;
    private static final int PAGE_SHIFT = 12;

    /** Where one run is drawn: from {@code x}, {@code width} pixels; {@code gapBefore} if a hole precedes it. */
    record Band(VirtualRun run, int x, int width, boolean gapBefore) {
        boolean contains(int px) {
            return px >= x && px < x + width;
        }
    }

    private BandLayout() {
    }

    /** The bands of {@code runs} (ascending) across {@code width} pixels; empty if there is no room. */
    static List<Band> layout(List<VirtualRun> runs, int width) {
        List<Band> out = new ArrayList<>();
        if (runs.isEmpty()) {
            return out;
        }
        int gaps = 0;
        double weights = 0;
        for (int i = 0; i < runs.size(); i++) {
            if (i > 0 && runs.get(i - 1).end() != runs.get(i).start()) {
                gaps++;
            }
            weights += weight(runs.get(i));
        }
        int free = width - gaps * GAP - runs.size() * MIN_BAND;
        if (free < 0) {
            return out;
        }
        double x = 0;
        for (int i = 0; i < runs.size(); i++) {
            VirtualRun r = runs.get(i);
            boolean gap = i > 0 && runs.get(i - 1).end() != r.start();
            if (gap) {
                x += GAP;
            }
            double w = MIN_BAND + free * weight(r) / weights;
            out.add(new Band(r, (int) Math.round(x), Math.max(MIN_BAND, (int) Math.round(x + w) - (int) Math.round(x)), gap));
            x += w;
        }
        return out;
    }

    /** 1 for a page, 10 for 512 pages (2 MiB), ...: log2 of the pages plus one. */
    static double weight(VirtualRun r) {
        double pages = Math.max(1, r.size() >>> PAGE_SHIFT);
        return 1 + Math.log(pages) / Math.log(2);
    }

    /** The band under pixel {@code px}, or null. */
    static Band at(List<Band> bands, int px) {
        for (Band b : bands) {
            if (b.contains(px)) {
                return b;
            }
        }
        return null;
    }
}
