package memwb.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/**
 * Captures a rectangle of the screen with SWT's own GC and saves it as PNG. It reads the X server's
 * pixels, so it works under Xvfb with no window manager and shows dialogs above the window too.
 */
final class Screenshot {
    private Screenshot() {
    }

    /**
     * Saves the pixels of {@code area} (display coordinates, clipped to the display) to {@code file}
     * as PNG, creating its directory; returns the size saved. Call on the UI thread.
     */
    static Rectangle capture(Display display, Rectangle area, Path file) {
        Rectangle clipped = area.intersection(display.getBounds());
        if (clipped.isEmpty()) {
            throw new IllegalArgumentException("Nothing to capture: " + area + " is outside the display " + display.getBounds());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        display.update(); // flush pending paints so the capture shows the current state
        Image image = new Image(display, clipped.width, clipped.height);
        try {
            GC gc = new GC(display);
            try {
                gc.copyArea(image, clipped.x, clipped.y);
            } finally {
                gc.dispose();
            }
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file.toAbsolutePath().toString(), SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
        return clipped;
    }
}
