package memwb.ui;

import java.nio.file.Path;
import java.util.concurrent.Executor;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;

/**
 * The File menu: Open machine..., Save machine..., Install bundle..., Exit. Dialogs run on the UI
 * thread; booting, installing and stopping run in the background and report through {@link Feedback}.
 */
final class FileActions {
    static final String NO_MACHINE_SERVICE = "No machine service installed";
    static final String SAVE_NOT_YET = "Saving machines comes with snapshots (not yet available)";
    /** The name of the thread that stops the framework (it must not be the UI thread: stop joins it). */
    private static final String EXIT_THREAD = "memwb-exit";

    private final BundleContext context;
    private final Executor background;
    private final Feedback feedback;
    private final BundleActions bundles;

    FileActions(BundleContext context, Executor background, Feedback feedback) {
        this.context = context;
        this.background = background;
        this.feedback = feedback;
        this.bundles = new BundleActions(context, background, feedback);
    }

    /** Asks for a machine spec or memory map and boots it; without a machine service says so. */
    void openMachine(Shell shell) {
        ServiceReference<MachineService> ref = context.getServiceReference(MachineService.class);
        if (ref == null) {
            feedback.status(NO_MACHINE_SERVICE);
            return;
        }
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Open machine");
        dialog.setFilterExtensions(new String[] { "*.json", "*" });
        dialog.setFilterNames(new String[] { "Machine specs (*.json)", "Memory maps and other files" });
        String chosen = dialog.open();
        if (chosen != null) {
            boot(ref, Path.of(chosen));
        }
    }

    /** Boots {@code file} with the service behind {@code ref} in the background and reports the outcome. */
    void boot(ServiceReference<MachineService> ref, Path file) {
        feedback.status("Booting " + file + " ...");
        background.execute(() -> {
            MachineService machines = context.getService(ref);
            if (machines == null) {
                feedback.status(NO_MACHINE_SERVICE);
                return;
            }
            try {
                Machine m = machines.boot(file);
                feedback.status("Booted machine " + m.name() + " from " + file);
            } catch (RuntimeException e) {
                feedback.error("Open machine", "Could not boot " + file + ": " + BundleActions.reason(e));
            } finally {
                context.ungetService(ref);
            }
        });
    }

    /** Says honestly that saving waits for snapshots; writes no file. */
    void saveMachine(Shell shell) {
        feedback.status(SAVE_NOT_YET);
        MessageBox box = new MessageBox(shell, SWT.ICON_INFORMATION | SWT.OK);
        box.setText("Save machine");
        box.setMessage(SAVE_NOT_YET);
        box.open();
    }

    /** Asks for a bundle jar, then installs and starts it in the background. */
    void installBundle(Shell shell) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Install bundle");
        dialog.setFilterExtensions(new String[] { "*.jar", "*" });
        dialog.setFilterNames(new String[] { "Bundles (*.jar)", "All files" });
        String chosen = dialog.open();
        if (chosen != null) {
            bundles.install(Path.of(chosen));
        }
    }

    /** Stops the framework (bundle 0) on its own thread, so the launcher and the process end. */
    void exit() {
        feedback.status("Stopping the framework ...");
        Thread t = Workbench.freshThread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                // IllegalStateException: our context is already invalid, i.e. the framework is stopping.
                System.err.println("memwb.ui: could not stop the framework: " + e.getMessage());
            }
        }, EXIT_THREAD);
        t.start();
    }
}
