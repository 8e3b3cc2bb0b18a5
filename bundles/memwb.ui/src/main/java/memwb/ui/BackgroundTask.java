package memwb.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

/**
 * Long operations (a swap, a snapshot, mapping gigabytes) off the UI thread, one at a time, with an
 * indeterminate progress bar, a label saying what runs, and Cancel when the work can be interrupted.
 * Failures go to {@link Feedback#error} with their message; the UI never waits for the work.
 */
final class BackgroundTask {
    /** Work that may throw; it is interrupted on Cancel when cancellable. */
    interface Work {
        String run() throws Exception;
    }

    private final ExecutorService executor;
    private final Feedback feedback;
    private final ProgressBar bar;
    private final Label label;
    private final Button cancel;
    private Future<?> running;

    BackgroundTask(Composite parent, ExecutorService executor, Feedback feedback) {
        this.executor = executor;
        this.feedback = feedback;
        label = new Label(parent, SWT.NONE);
        bar = new ProgressBar(parent, SWT.INDETERMINATE);
        cancel = new Button(parent, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.addListener(SWT.Selection, e -> cancel());
        idle();
    }

    boolean busy() {
        return running != null;
    }

    /**
     * Runs {@code work} in the background under {@code title}; its result goes to the status bar,
     * then {@code done} runs on the UI thread with whether it succeeded. Refused while another runs.
     */
    void start(String title, boolean cancellable, Work work, Consumer<Boolean> done) {
        if (running != null) {
            feedback.status("Busy: " + label.getText() + " (wait or Cancel)");
            done.accept(false);
            return;
        }
        label.setText(title + " ...");
        bar.setVisible(true);
        cancel.setVisible(true);
        cancel.setEnabled(cancellable);
        label.getParent().layout(new Control[] { label, bar, cancel });
        feedback.status(title + " ...");
        var display = bar.getDisplay();
        running = executor.submit(() -> {
            boolean ok = false;
            try {
                String result = work.run();
                feedback.status(result == null ? title + ": done" : result);
                ok = true;
            } catch (InterruptedException e) {
                feedback.status(title + ": cancelled");
            } catch (Exception | LinkageError e) {
                feedback.error(title, title + " failed: " + BundleActions.reason(e));
            }
            boolean succeeded = ok;
            Ui.async(display, () -> {
                running = null;
                if (!bar.isDisposed()) {
                    idle();
                }
                done.accept(succeeded);
            });
        });
    }

    /** Interrupts the running work (only offered when it is cancellable). */
    void cancel() {
        Future<?> f = running;
        if (f != null) {
            f.cancel(true);
            feedback.status(label.getText() + " cancelling");
        }
    }

    private void idle() {
        label.setText("");
        bar.setVisible(false);
        cancel.setVisible(false);
    }
}
