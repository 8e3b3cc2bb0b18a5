package memwb.ui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import memwb.api.view.Location;

/**
 * The workbench's shared selection: the last selected location and the views listening for it.
 * Plain Java: {@code ui} runs work on the UI thread (the display's asyncExec in the workbench, the
 * calling thread in tests), {@code opener} opens or raises a view by id.
 */
final class Selection {
    private final List<Consumer<Location>> listeners = new CopyOnWriteArrayList<>();
    private volatile Location current;
    private volatile Executor ui = Runnable::run;
    private volatile Consumer<String> opener = id -> { };

    /** Connects the selection to the window once it exists (any thread). */
    void attach(Executor uiThread, Consumer<String> openView) {
        this.ui = uiThread;
        this.opener = openView;
    }

    /**
     * Makes {@code location} the selection; on the UI thread opens {@code viewId} (if not null) and
     * then tells every listener. A listener that throws is reported to {@code onError} and the others
     * still hear of it.
     */
    void select(Location location, String viewId, Consumer<RuntimeException> onError) {
        current = location;
        ui.execute(() -> {
            if (viewId != null) {
                opener.accept(viewId);
            }
            for (Consumer<Location> l : listeners) {
                try {
                    l.accept(location);
                } catch (RuntimeException e) {
                    onError.accept(e);
                }
            }
        });
    }

    /** The last selection, or null. */
    Location current() {
        return current;
    }

    /** Adds a listener; returns what removes it. */
    Runnable listen(Consumer<Location> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }
}
