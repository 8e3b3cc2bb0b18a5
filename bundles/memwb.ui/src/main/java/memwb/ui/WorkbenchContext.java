package memwb.ui;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import memwb.api.view.Location;
import memwb.api.view.ViewContext;

/**
 * What every view gets: the background executor, the status bar, and service lookup through the
 * workbench's bundle context. Services handed out are released when the workbench goes.
 */
final class WorkbenchContext implements ViewContext {
    private final BundleContext context;
    private final Executor background;
    private final Feedback feedback;
    private final Map<ServiceReference<?>, Object> gotten = new ConcurrentHashMap<>();
    private final Selection selection = new Selection();

    WorkbenchContext(BundleContext context, Executor background, Feedback feedback) {
        this.context = context;
        this.background = background;
        this.feedback = feedback;
    }

    @Override
    public Executor background() {
        return background;
    }

    @Override
    public void status(String message) {
        feedback.status(message);
    }

    /**
     * Connects the shared selection to the window: {@code uiThread} runs work on the UI thread,
     * {@code openView} opens or raises a view by id there.
     */
    void attach(Executor uiThread, Consumer<String> openView) {
        selection.attach(uiThread, openView);
    }

    /** Selects {@code location} everywhere, opening {@code viewId} first if it is not null. */
    @Override
    public void select(Location location, String viewId) {
        selection.select(location, viewId, e -> feedback.status("Error in a selection listener: " + BundleActions.reason(e)));
    }

    /** The last selection, or null. */
    @Override
    public Location selection() {
        return selection.current();
    }

    /** Calls {@code listener} on the UI thread after every select; returns what removes it. */
    @Override
    public Runnable onSelection(Consumer<Location> listener) {
        return selection.listen(listener);
    }

    /** The highest-ranked service of {@code type}, or null if there is none (or the workbench is stopping). */
    @Override
    public <T> T service(Class<T> type) {
        try {
            ServiceReference<T> ref = context.getServiceReference(type);
            if (ref == null) {
                return null;
            }
            Object known = gotten.get(ref);
            if (known != null) {
                return type.cast(known);
            }
            T service = context.getService(ref);
            if (service == null) {
                return null;
            }
            Object raced = gotten.putIfAbsent(ref, service);
            if (raced != null) {
                context.ungetService(ref); // another thread got it first: keep one use count
                return type.cast(raced);
            }
            return service;
        } catch (IllegalStateException stopping) {
            return null;
        }
    }

    /** Releases every service handed out (the workbench is going). */
    void release() {
        for (ServiceReference<?> ref : gotten.keySet()) {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException alreadyInvalid) {
                // The framework released them when our bundle stopped.
            }
        }
        gotten.clear();
    }
}
