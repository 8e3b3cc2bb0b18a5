package memwb.api.view;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What the workbench offers a view: a background executor, the status line, and the shared
 * selection: a view that {@link #select}s a location makes every other open view mark it (Frames
 * clicked opens Hex at the frame; a page-table leaf selects its frame; Step highlights each part).
 */
@org.osgi.annotation.versioning.ProviderType
public interface ViewContext {
    /** Runs model work off the UI thread (the UI thread never blocks on the model). */
    Executor background();

    /** Shows a message in the status bar (any thread). */
    void status(String message);

    /** Looks up a service by type, or null (the view's bundle context in the workbench's hands). */
    <T> T service(Class<T> type);

    /**
     * Selects {@code location} in every open view (any thread); if {@code viewId} is not null that
     * view is opened (or brought to the front) first.
     */
    void select(Location location, String viewId);

    /** The last selection, or null. */
    Location selection();

    /** Calls {@code listener} on the UI thread after every {@link #select}; returns what removes it (call it on dispose). */
    Runnable onSelection(Consumer<Location> listener);
}
