package memwb.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.eclipse.swt.widgets.Display;

/** The one Display the SWT tests share (GTK allows one at a time); they are skipped without X. */
final class SwtTestDisplay {
    private SwtTestDisplay() {
    }

    /** Creates the display on the calling thread, or skips the test class if DISPLAY is unset. */
    static Display open() {
        String x = System.getenv("DISPLAY");
        assumeTrue(x != null && !x.isBlank(), "DISPLAY is not set: SWT tests skipped (run under Xvfb to include them)");
        Display current = Display.getCurrent();
        return current != null ? current : new Display();
    }

    /** Runs the event loop until nothing is pending. */
    static void drain(Display display) {
        while (display.readAndDispatch()) {
            // keep dispatching
        }
    }
}
