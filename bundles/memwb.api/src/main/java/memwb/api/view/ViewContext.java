package memwb.api.view;

import java.util.concurrent.Executor;

/** What the workbench offers a view: a background executor and the status line. */
@org.osgi.annotation.versioning.ProviderType
public interface ViewContext {
    /** Runs model work off the UI thread (the UI thread never blocks on the model). */
    Executor background();

    /** Shows a message in the status bar (any thread). */
    void status(String message);

    /** Looks up a service by type, or null (the view's bundle context in the workbench's hands). */
    <T> T service(Class<T> type);
}
