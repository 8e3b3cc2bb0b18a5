package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreenshotTest {
    private static Display display;

    @BeforeAll
    static void openDisplay() {
        display = SwtTestDisplay.open();
    }

    @AfterAll
    static void closeDisplay() {
        if (display != null) {
            display.dispose();
        }
    }

    @Test
    void aCaptureOfAShellIsAPngOfItsSizeWithItsColours(@TempDir Path dir) {
        Shell shell = new Shell(display, SWT.NO_TRIM);
        try {
            shell.setLayout(new FillLayout());
            new Composite(shell, SWT.NONE).setBackground(display.getSystemColor(SWT.COLOR_RED));
            new Composite(shell, SWT.NONE).setBackground(display.getSystemColor(SWT.COLOR_BLUE));
            shell.setBounds(10, 10, 200, 100);
            shell.open();
            for (int i = 0; i < 20; i++) { // let the X server map and paint it
                SwtTestDisplay.drain(display);
                display.update();
                sleep(25);
            }
            Path png = dir.resolve("sub/dir/shot.png");
            Rectangle saved = Screenshot.capture(display, shell.getBounds(), png);
            assertTrue(Files.isRegularFile(png));
            ImageData data = new ImageLoader().load(png.toString())[0];
            assertEquals(200, data.width);
            assertEquals(100, data.height);
            assertEquals(new Rectangle(10, 10, 200, 100), saved);
            Set<Integer> colours = new HashSet<>();
            for (int x = 0; x < data.width; x += 10) {
                colours.add(data.getPixel(x, data.height / 2));
            }
            assertTrue(colours.size() >= 2, "one flat colour: " + colours);
        } finally {
            shell.dispose();
        }
    }

    @Test
    void anAreaOutsideTheDisplayIsRefusedNamingIt(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Screenshot.capture(display, new Rectangle(-500, -500, 10, 10), dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("outside the display"), e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
