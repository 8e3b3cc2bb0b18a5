package memwb.ui;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
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
    /** File name filter of saved machines (MachineService.save writes one file). */
    static final String SAVED_MACHINES = "*.memwb";
    /** The name of the thread that stops the framework (it must not be the UI thread: stop joins it). */
    private static final String EXIT_THREAD = "memwb-exit";

    private final BundleContext context;
    private final Executor background;
    private final Feedback feedback;
    private final BundleActions bundles;
    /** Runs long work with progress (the toolbar's task); plain background until the window sets it. */
    private Tasks tasks;

    /** Where long operations run: a title, whether Cancel may interrupt it, and the work. */
    interface Tasks {
        void run(String title, boolean cancellable, BackgroundTask.Work work);
    }

    FileActions(BundleContext context, Executor background, Feedback feedback) {
        this.context = context;
        this.background = background;
        this.feedback = feedback;
        this.bundles = new BundleActions(context, background, feedback);
        this.tasks = (title, cancellable, work) -> background.execute(() -> {
            try {
                feedback.status(work.run());
            } catch (Exception e) {
                feedback.error(title, title + " failed: " + BundleActions.reason(e));
            }
        });
    }

    /** Long operations from now on run through {@code runner} (progress bar and Cancel). */
    void useTasks(Tasks runner) {
        this.tasks = runner;
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

    /** Asks for a file and saves the current machine to it in the background (MachineService.save). */
    void saveMachine(Shell shell) {
        MachineService machines = machineService();
        if (machines == null) {
            return;
        }
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setText("Save machine");
        dialog.setFilterExtensions(new String[] { SAVED_MACHINES, "*" });
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            save(machines, Path.of(chosen));
        }
    }

    /** Saves the current machine to {@code file} in the background; the service's refusal is shown as an error. */
    void save(MachineService machines, Path file) {
        tasks.run("Save machine to " + file, false, () -> {
            machines.save(file);
            return "Saved the machine to " + file;
        });
    }

    /** Asks for a saved machine file and opens it in the background (MachineService.open). */
    void openSaved(Shell shell) {
        MachineService machines = machineService();
        if (machines == null) {
            return;
        }
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Open saved machine");
        dialog.setFilterExtensions(new String[] { SAVED_MACHINES, "*" });
        String chosen = dialog.open();
        if (chosen != null) {
            open(machines, Path.of(chosen));
        }
    }

    /** Opens the machine saved in {@code file} in the background; a refusal is shown with its reason. */
    void open(MachineService machines, Path file) {
        tasks.run("Open machine " + file, false, () -> "Opened machine " + machines.open(file).name() + " from " + file);
    }

    private MachineService machineService() {
        MachineService s = context == null ? null : Optional.ofNullable(context.getServiceReference(MachineService.class))
                .map(context::getService).orElse(null);
        if (s == null) {
            feedback.status(NO_MACHINE_SERVICE);
        }
        return s;
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
