package memwb.views.physical;

import java.util.List;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameRun;
import memwb.api.pfa.FrameState;
import memwb.api.ram.Owner;

/**
 * The Frames view's picture as plain pixels: {@code columns} cells per row, each {@code cellPx}
 * square and standing for {@code framesPerCell} frames from {@code firstFrame}. Built from the
 * allocator's runs in O(runs + cells), so 1 Mi frames fit a redraw budget; no SWT here.
 */
final class FrameRaster {
    private FrameRaster() {
    }

    /** Where the grid sits: first frame, frames per cell, cells per row, rows, pixels per cell side. */
    record Grid(long firstFrame, long framesPerCell, int columns, int rows, int cellPx) {
        Grid {
            if (framesPerCell < 1 || columns < 1 || rows < 1 || cellPx < 1) {
                throw new IllegalArgumentException("grid " + framesPerCell + " frames/cell, " + columns + "x" + rows
                        + " cells of " + cellPx + " px: every figure must be at least 1");
            }
        }

        int widthPx() {
            return columns * cellPx;
        }

        int heightPx() {
            return rows * cellPx;
        }

        long cells() {
            return (long) columns * rows;
        }

        /** The first frame of the cell at pixel (x, y), or -1 outside the grid. */
        long frameAt(int x, int y) {
            if (x < 0 || y < 0 || x >= widthPx() || y >= heightPx()) {
                return -1;
            }
            return firstFrame + ((long) (y / cellPx) * columns + x / cellPx) * framesPerCell;
        }
    }

    /**
     * Renders {@code state} into {@code pixels} (0xRRGGBB, row-major, {@code grid.widthPx()} wide),
     * which must hold {@code widthPx * heightPx} ints. Cells past the last frame get the background.
     */
    static void render(AllocationState state, Grid grid, int[] pixels) {
        int cells = (int) grid.cells();
        // At one pixel per cell the cells are the pixels: no second pass.
        int[] colour = grid.cellPx() == 1 ? pixels : new int[cells];
        byte[] prio = new byte[cells];
        java.util.Arrays.fill(colour, 0, cells, FrameColours.BACKGROUND);
        java.util.Arrays.fill(prio, (byte) -1);
        long first = grid.firstFrame();
        long last = first + grid.cells() * grid.framesPerCell(); // exclusive
        List<FrameRun> runs = state.runs();
        for (int i = firstRun(runs, first); i < runs.size(); i++) {
            FrameRun r = runs.get(i);
            if (r.firstFrame() >= last) {
                break;
            }
            byte p = (byte) FrameColours.priority(r.state());
            int c = FrameColours.of(r.state(), r.owner());
            long from = Math.max(r.firstFrame(), first);
            long to = Math.min(r.firstFrame() + r.count(), last);
            int cellFrom = (int) ((from - first) / grid.framesPerCell());
            int cellTo = (int) ((to - 1 - first) / grid.framesPerCell());
            for (int cell = cellFrom; cell <= cellTo; cell++) {
                if (p > prio[cell]) {
                    prio[cell] = p;
                    colour[cell] = c;
                }
            }
        }
        if (colour != pixels) {
            paintCells(grid, colour, pixels);
        }
    }

    /** Blows each cell up to cellPx squares; with cells of 4 px or more a 1 px gap shows the grid. */
    private static void paintCells(Grid grid, int[] colour, int[] pixels) {
        int w = grid.widthPx();
        int px = grid.cellPx();
        int gap = px >= 4 ? 1 : 0;
        for (int row = 0; row < grid.rows(); row++) {
            for (int y = 0; y < px; y++) {
                int line = (row * px + y) * w;
                boolean gapRow = y >= px - gap;
                for (int col = 0; col < grid.columns(); col++) {
                    int c = gapRow ? FrameColours.BACKGROUND : colour[row * grid.columns() + col];
                    int base = line + col * px;
                    java.util.Arrays.fill(pixels, base, base + px - gap, c);
                    if (gap > 0) {
                        pixels[base + px - 1] = FrameColours.BACKGROUND;
                    }
                }
            }
        }
    }

    /** The index of the run holding {@code frame} (binary search), or runs.size(). */
    static int firstRun(List<FrameRun> runs, long frame) {
        int lo = 0;
        int hi = runs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            FrameRun r = runs.get(mid);
            if (frame < r.firstFrame()) {
                hi = mid - 1;
            } else if (frame >= r.firstFrame() + r.count()) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return lo;
    }

    /** The run holding {@code frame}, or null past the end. */
    static FrameRun runAt(AllocationState state, long frame) {
        int i = firstRun(state.runs(), frame);
        if (i >= state.runs().size()) {
            return null;
        }
        FrameRun r = state.runs().get(i);
        return frame >= r.firstFrame() && frame < r.firstFrame() + r.count() ? r : null;
    }

    /** What hovering frame {@code frame} says: its address, state and owner. */
    static String describe(AllocationState state, long frame) {
        FrameRun r = runAt(state, frame);
        String addr = String.format("frame 0x%x (pa 0x%x)", frame, frame * memwb.api.pfa.FrameAllocator.FRAME_SIZE);
        if (r == null) {
            return addr + ": beyond the last frame";
        }
        String owner = r.state() == FrameState.ALLOCATED && r.owner() != Owner.NONE ? ", " + r.owner().label() : "";
        return addr + ": " + r.state().name().toLowerCase(java.util.Locale.ROOT) + owner
                + String.format(" (run of %d from 0x%x)", r.count(), r.base());
    }

    /**
     * The grid for {@code totalFrames} in a canvas of {@code width x height} px at zoom {@code zoom}:
     * zoom 0 fits every frame at 1 px; each step up halves the frames per cell, then (at one frame a
     * cell) doubles the cell size up to {@code MAX_CELL_PX}. Scrolling may go up to the last frame.
     */
    static Grid fit(long totalFrames, int width, int height, int zoom, long firstFrame) {
        return fit(totalFrames, totalFrames, width, height, zoom, firstFrame);
    }

    /** {@link #fit} sized for {@code fitFrames} (zoom 0 shows them all) but scrollable to {@code allFrames}. */
    static Grid fit(long fitFrames, long allFrames, int width, int height, int zoom, long firstFrame) {
        long totalFrames = fitFrames;
        int w = Math.max(1, width);
        int h = Math.max(1, height);
        long fitAll = Math.max(1, (totalFrames + (long) w * h - 1) / ((long) w * h));
        long fpc = fitAll;
        int cellPx = 1;
        // Few frames: start with the biggest cells that still show them all.
        while (fpc == 1 && cellPx < MAX_CELL_PX && (long) (w / (cellPx * 2)) * (h / (cellPx * 2)) >= totalFrames) {
            cellPx *= 2;
        }
        for (int z = 0; z < zoom; z++) {
            if (fpc > 1) {
                fpc = Math.max(1, fpc / 2);
            } else if (cellPx < MAX_CELL_PX) {
                cellPx *= 2;
            }
        }
        int columns = Math.max(1, w / cellPx);
        int rows = Math.max(1, h / cellPx);
        long first = Math.max(0, Math.min(firstFrame, allFrames - 1));
        first -= first % (columns * fpc); // start on a row
        return new Grid(first, fpc, columns, rows, cellPx);
    }

    /**
     * The frames worth fitting on screen: up to the end of the last run that is not reserved (the
     * firmware's area below 4 GiB would otherwise shrink a small machine's RAM to a few rows).
     */
    static long span(AllocationState state) {
        List<FrameRun> runs = state.runs();
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).state() != FrameState.RESERVED) {
                return runs.get(i).firstFrame() + runs.get(i).count();
            }
        }
        return state.frameCount();
    }

    /** The largest cell side in pixels. */
    static final int MAX_CELL_PX = 16;
}
