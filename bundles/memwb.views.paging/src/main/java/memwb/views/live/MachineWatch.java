package memwb.views.live;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import memwb.api.machine.Machine;
import memwb.api.view.ViewContext;

/**
 * Keeps a view in step with the live machine: polls the current {@link Machine}'s version on the UI
 * thread at most {@link #POLLS_PER_SECOND} times a second and, when it (or the machine itself)
 * changed, loads a snapshot on the workbench's background executor and hands it to the view on the
 * UI thread. One load at a time; the poll never blocks the UI thread and stops when the control goes.
 *
 * @param <T> what the view draws from (a plain-Java snapshot of the model)
 */
public final class MachineWatch<T> {
    /** The ceiling for refreshes. */
    public static final int POLLS_PER_SECOND = 30;
    private static final int POLL_MILLIS = 1000 / POLLS_PER_SECOND;

    private final Control owner;
    private final ViewContext context;
    private final Function<Machine, T> load;
    private final Consumer<T> show;
    private final Consumer<String> fail;
    private final Runnable tick = this::poll;
    private Machine machine;
    private long version = Long.MIN_VALUE;
    private boolean loading;
    private boolean forced;

    /**
     * Starts polling for {@code owner}'s lifetime. {@code load} runs off the UI thread with the
     * current machine (null when none is booted); {@code show} gets its result on the UI thread;
     * {@code fail} gets the message of anything {@code load} threw.
     */
    public MachineWatch(Control owner, ViewContext context, Function<Machine, T> load, Consumer<T> show,
            Consumer<String> fail) {
        this.owner = owner;
        this.context = context;
        this.load = load;
        this.show = show;
        this.fail = fail;
        owner.getDisplay().asyncExec(tick);
    }

    /** Reloads at the next poll even if nothing changed (the user changed what the view shows). */
    public void refresh() {
        forced = true;
    }

    /** The machine seen at the last poll, or null. */
    public Machine machine() {
        return machine;
    }

    private void poll() {
        if (owner.isDisposed()) {
            return;
        }
        Display display = owner.getDisplay();
        if (!loading) {
            Machine now = context.service(Machine.class);
            long v = now == null ? Long.MIN_VALUE : now.version();
            if (forced || now != machine || v != version) {
                forced = false;
                machine = now;
                version = v;
                start(display, now);
            }
        }
        display.timerExec(POLL_MILLIS, tick);
    }

    private void start(Display display, Machine m) {
        loading = true;
        background(owner, context, () -> load.apply(m), r -> {
            loading = false;
            show.accept(r);
        }, e -> {
            loading = false;
            fail.accept(e);
        });
    }

    /**
     * Runs {@code work} on {@code context}'s background executor and gives its result to {@code show}
     * (or the message of what it threw to {@code fail}) on the UI thread, unless {@code owner} is gone.
     */
    public static <R> void background(Control owner, ViewContext context, Supplier<R> work, Consumer<R> show,
            Consumer<String> fail) {
        Display display = owner.getDisplay();
        context.background().execute(() -> {
            R result = null;
            String error = null;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            R r = result;
            String err = error;
            if (!display.isDisposed()) {
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
            }
        });
    }
}
