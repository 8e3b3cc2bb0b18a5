package memwb.ui;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;

/** Posting to the UI thread from any thread, tolerating a display that is already gone. */
final class Ui {
    private Ui() {
    }

    /** Runs {@code work} later on {@code display}'s thread; does nothing if the display is disposed. */
    static void async(Display display, Runnable work) {
        if (display == null || display.isDisposed()) {
            return;
        }
        try {
            display.asyncExec(work);
        } catch (SWTException disposedMeanwhile) {
            // The window closed between the check and the post: there is nobody left to show it to.
        }
    }

    /** Whether the caller is on {@code display}'s UI thread. */
    static boolean onUiThread(Display display) {
        return display != null && !display.isDisposed() && Display.getCurrent() == display;
    }
}
