package memwb.views.support;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import memwb.api.view.ViewContext;

/** Model work off the UI thread, its result back on it: the one way views reach the model. */
public final class Background {
    private Background() {
    }

    /**
     * Runs {@code work} on {@code context}'s background executor and gives its result to {@code show}
     * (or the message of what it threw to {@code fail}) on the UI thread, unless {@code owner} is
     * disposed by then. Call on the UI thread.
     */
    public static <R> void run(Control owner, ViewContext context, Supplier<R> work, Consumer<R> show,
            Consumer<String> fail) {
        Display display = owner.getDisplay();
        context.background().execute(() -> {
            R result = null;
            String error = null;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                error = message(e);
            }
            R r = result;
            String err = error;
            if (display.isDisposed()) {
                return;
            }
            display.asyncExec(() -> {
                if (owner.isDisposed()) {
                    return;
                }
                if (err != null) {
                    fail.accept(err);
                } else {
                    show.accept(r);
                }
            });
        });
    }

    /** What {@code e} says, or its class name when it says nothing. */
    static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
