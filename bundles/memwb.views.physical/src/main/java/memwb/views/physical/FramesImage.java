package memwb.views.physical;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

import memwb.api.pfa.AllocationState;

/**
 * Turns a {@link FrameRaster} picture into SWT ImageData (plain data, safe off the UI thread). The
 * data is 32-bit B,G,R,x bytes, the layout cairo keeps images in on x86, so the UI thread's Image
 * creation has least to convert.
 */
final class FramesImage {
    private static final int DEPTH = 32;
    private static final int BYTES_PER_PIXEL = 4;
    /** Masks of a 32-bit pixel whose bytes in memory are B, G, R, unused. */
    private static final PaletteData BGRX = new PaletteData(0xff00, 0xff0000, 0xff000000);

    private FramesImage() {
    }

    /** The grid's pixels for {@code state} as ImageData. */
    static ImageData render(AllocationState state, FrameRaster.Grid grid) {
        int w = grid.widthPx();
        int h = grid.heightPx();
        int[] pixels = new int[w * h];
        FrameRaster.render(state, grid, pixels);
        ImageData data = new ImageData(w, h, DEPTH, BGRX);
        byte[] out = data.data;
        int line = data.bytesPerLine;
        for (int y = 0; y < h; y++) {
            int o = y * line;
            for (int x = 0, i = y * w; x < w; x++, i++, o += BYTES_PER_PIXEL) {
                int rgb = pixels[i];
                out[o] = (byte) rgb;
                out[o + 1] = (byte) (rgb >> 8);
                out[o + 2] = (byte) (rgb >> 16);
            }
        }
        return data;
    }
}
