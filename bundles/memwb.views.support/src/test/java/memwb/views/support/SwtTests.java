package memwb.views.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/** What SWT view tests share: a display (or a skip without X), waiting on the event loop, finding widgets. */
public final class SwtTests {
    /** How long {@link #until} runs the event loop before giving up. */
    public static final long WAIT_MILLIS = 5_000;
    /** Wakes a sleeping event loop this often, so a condition on time or another thread is seen without events. */
    private static final int WAKE_MILLIS = 10;
    private static final Runnable WAKE = () -> { };

    private SwtTests() {
    }

    /** This thread's display; skips the test (JUnit assumption) when DISPLAY is not set. */
    public static Display display() {
        String x = System.getenv("DISPLAY");
        assumeTrue(x != null && !x.isBlank(), "DISPLAY is not set: SWT test skipped (run under Xvfb)");
        return Display.getCurrent() != null ? Display.getCurrent() : new Display();
    }

    /** Runs the event loop until {@code done} or {@link #WAIT_MILLIS}; false if it timed out. */
    public static boolean until(Display display, BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            if (!display.readAndDispatch()) {
                display.timerExec(WAKE_MILLIS, WAKE);
                display.sleep();
            }
        }
        return true;
    }

    /** The first {@code type} under {@code root} (depth first); AssertionError if there is none. */
    public static <T extends Control> T find(Composite root, Class<T> type) {
        List<T> all = all(root, type);
        if (all.isEmpty()) {
            throw new AssertionError("no " + type.getSimpleName() + " under " + root);
        }
        return all.get(0);
    }

    /** The {@code type} under {@code root} whose "memwb.name" data is {@code name}; AssertionError if none. */
    public static <T extends Control> T named(Composite root, String name, Class<T> type) {
        return all(root, type).stream().filter(c -> name.equals(c.getData("memwb.name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** Every {@code type} under {@code root}, depth first. */
    public static <T extends Control> List<T> all(Composite root, Class<T> type) {
        List<T> into = new ArrayList<>();
        collect(root, type, into);
        return into;
    }

    private static <T extends Control> void collect(Composite root, Class<T> type, List<T> into) {
        for (Control c : root.getChildren()) {
            if (type.isInstance(c)) {
                into.add(type.cast(c));
            }
            if (c instanceof Composite comp) {
                collect(comp, type, into);
            }
        }
    }
}
