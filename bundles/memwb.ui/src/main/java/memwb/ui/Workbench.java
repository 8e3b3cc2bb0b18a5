package memwb.ui;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import memwb.api.view.WorkbenchView;

/**
 * The workbench as a component: on activation it starts its own UI thread, which creates the SWT
 * Display and the window and runs the event loop (GTK allows a thread other than main); on
 * deactivation it disposes the window and joins that thread. Every WorkbenchView service is bound
 * dynamically and handed to the window on the UI thread, so views come and go with their bundles.
 */
@Component(service = Workbench.class, immediate = true)
public final class Workbench implements Feedback {
    /** A view service with this property set to true opens in a fresh layout and on Reset Layout. */
    public static final String DEFAULT_VIEW_PROPERTY = "memwb.view.default";
    private static final String UI_THREAD = "memwb-ui";
    private static final long OPEN_TIMEOUT_SECONDS = 30;
    private static final long JOIN_TIMEOUT_MILLIS = 5_000;

    private final ViewRegistry registry = new ViewRegistry();
    private BundleContext context;
    private ExecutorService background;
    private WorkbenchContext viewContext;
    private Thread uiThread;
    /** Published by the UI thread once the window exists; null before and after. */
    private volatile Display display;
    private volatile WorkbenchWindow window;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeView")
    void addView(WorkbenchView view, Map<String, Object> properties) {
        ViewRegistry.Entry entry = new ViewRegistry.Entry(view, isTrue(properties.get(DEFAULT_VIEW_PROPERTY)));
        registry.add(entry.view(), entry.openByDefault());
        // If display is still null the UI thread has not scanned the registry yet and will see it.
        Ui.async(display, () -> withWindow(w -> w.viewAdded(entry)));
    }

    void removeView(WorkbenchView view) {
        registry.remove(view);
        Ui.async(display, () -> withWindow(w -> w.viewRemoved(view)));
    }

    @Activate
    void activate(BundleContext bundleContext) throws InterruptedException {
        context = bundleContext;
        background = Executors.newCachedThreadPool(daemonThreads("memwb-ui-background-"));
        viewContext = new WorkbenchContext(bundleContext, background, this);
        CountDownLatch opened = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        uiThread = freshThread(() -> runUi(opened, failure), UI_THREAD);
        uiThread.start();
        boolean inTime = opened.await(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!inTime || failure.get() != null) {
            background.shutdownNow();
            String why = inTime ? BundleActions.reason(failure.get()) : "it did not open within " + OPEN_TIMEOUT_SECONDS + " s";
            throw new IllegalStateException("Cannot open the workbench window (DISPLAY=" + System.getenv("DISPLAY")
                    + "): " + why, failure.get());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        Display d = display;
        Ui.async(d, () -> withWindow(WorkbenchWindow::dispose));
        try {
            if (d != null && !d.isDisposed()) {
                d.wake();
            }
        } catch (SWTException alreadyGone) {
            // Disposed between the check and the wake: the loop has ended anyway.
        }
        uiThread.join(JOIN_TIMEOUT_MILLIS);
        if (uiThread.isAlive()) {
            System.err.println("memwb.ui: the UI thread did not end within " + JOIN_TIMEOUT_MILLIS
                    + " ms (a native dialog may be open)");
        }
        viewContext.release();
        background.shutdownNow();
    }

    private void runUi(CountDownLatch opened, AtomicReference<Throwable> failure) {
        Display d = null;
        try {
            d = new Display();
            FileActions file = new FileActions(context, background, this);
            WorkbenchWindow w = new WorkbenchWindow(d, registry, viewContext, file, new AboutDialog(context, background));
            window = w;
            display = d;
            Display shown = d;
            viewContext.attach(work -> Ui.async(shown, work), id -> registry.find(id).ifPresent(w::show));
            MachineToolbar toolbar = w.installToolbar(area -> new MachineToolbar(area, viewContext, this, background));
            file.useTasks(toolbar::run);
            w.open();
            opened.countDown();
            for (ViewRegistry.Entry e : registry.entries()) {
                w.viewAdded(e);
            }
            while (!w.isDisposed()) {
                try {
                    if (!d.readAndDispatch()) {
                        d.sleep();
                    }
                } catch (RuntimeException | LinkageError e) {
                    // A faulty listener (often a view's) must not end the event loop.
                    System.err.println("memwb.ui: error in the UI thread: " + BundleActions.reason(e));
                    e.printStackTrace();
                    if (!w.isDisposed()) {
                        w.setStatus("Error: " + BundleActions.reason(e));
                    }
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            window = null;
            display = null;
            opened.countDown();
            if (d != null && !d.isDisposed()) {
                d.dispose();
            }
        }
    }

    /** Shows {@code message} in the status bar (any thread). */
    @Override
    public void status(String message) {
        Ui.async(display, () -> withWindow(w -> w.setStatus(message)));
    }

    /** Shows an error in the status bar and a dialog (any thread); also logs it to stderr. */
    @Override
    public void error(String title, String message) {
        System.err.println("memwb.ui: " + message);
        Ui.async(display, () -> withWindow(w -> w.showError(title, message)));
    }

    ViewRegistry registry() {
        return registry;
    }

    /**
     * Runs {@code work} with the window on the UI thread and returns its result; a clear
     * IllegalStateException if the window is closed or the UI thread does not answer.
     */
    <T> T onUi(Function<WorkbenchWindow, T> work) {
        Display d = display;
        if (d == null || d.isDisposed()) {
            throw new IllegalStateException("The workbench window is not open");
        }
        if (Ui.onUiThread(d)) {
            return work.apply(requireWindow());
        }
        return UiCall.call(d::asyncExec, () -> !d.isDisposed(), UiCall.DEFAULT_TIMEOUT_MILLIS,
                () -> work.apply(requireWindow()));
    }

    private WorkbenchWindow requireWindow() {
        WorkbenchWindow w = window;
        if (w == null || w.isDisposed()) {
            throw new IllegalStateException("The workbench window is closed");
        }
        return w;
    }

    private void withWindow(Consumer<WorkbenchWindow> work) {
        WorkbenchWindow w = window;
        if (w != null && !w.isDisposed()) {
            work.accept(w);
        }
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = freshThread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * A thread that inherits no thread-locals: activation may run on a Gogo console thread, whose
     * inheritable stream redirection would otherwise send this thread's output to that (soon closed)
     * console session.
     */
    static Thread freshThread(Runnable work, String name) {
        return new Thread(null, work, name, 0, false);
    }
}
