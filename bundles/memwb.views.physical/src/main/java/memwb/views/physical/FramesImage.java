package memwb.views.physical;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

import memwb.api.pfa.AllocationState;

/** Turns a {@link FrameRaster} picture into SWT ImageData (plain data, safe off the UI thread). */
final class FramesImage {
    private static final int DEPTH = 24;

    private FramesImage() {
    }

    /** The grid's pixels for {@code state} as a 24-bit direct-colour ImageData. */
    static ImageData render(AllocationState state, FrameRaster.Grid grid) {
        int w = grid.widthPx();
        int h = grid.heightPx();
        int[] pixels = new int[w * h];
        FrameRaster.render(state, grid, pixels);
        ImageData data = new ImageData(w, h, DEPTH, new PaletteData(0xff0000, 0xff00, 0xff));
        for (int y = 0; y < h; y++) {
            data.setPixels(0, y, w, pixels, y * w);
        }
        return data;
    }
}
