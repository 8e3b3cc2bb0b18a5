package memwb.views.physical;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.view.ViewContext;

/**
 * Keeps a view in step with the machine: every {@link #POLL_MILLIS} the UI thread's timer asks a
 * background thread to read the current machine and its version; only when either changed (a new
 * machine booted, any change in it) does it build the view's model there and hand it to the UI
 * thread. The UI thread never touches the model, and a slow build skips ticks rather than queueing.
 *
 * @param <M> the view's model, built off the UI thread
 */
final class MachineWatch<M> {
    /** At most ~30 refreshes a second. */
    static final int POLL_MILLIS = 33;

    private final Control owner;
    private final ViewContext context;
    private final Function<Machine, M> build;
    private final Consumer<M> show;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Machine lastMachine;
    private volatile long lastVersion = Long.MIN_VALUE;
    private volatile boolean forced = true;
    private final Runnable tick = this::tick;

    /**
     * Starts watching for {@code owner} (stops when it is disposed): {@code build} runs in the
     * background with the current machine (never null), {@code show} on the UI thread with its result.
     */
    MachineWatch(Control owner, ViewContext context, Function<Machine, M> build, Consumer<M> show) {
        this.owner = owner;
        this.context = context;
        this.build = build;
        this.show = show;
        owner.getDisplay().timerExec(0, tick);
        owner.addDisposeListener(e -> owner.getDisplay().timerExec(-1, tick));
    }

    /** Rebuilds at the next tick even if nothing changed (after the view changed what it shows). */
    void refreshNow() {
        forced = true;
    }

    /** The machine the last model was built from, or null. */
    Machine machine() {
        return lastMachine;
    }

    private void tick() {
        if (owner.isDisposed()) {
            return;
        }
        Display display = owner.getDisplay();
        if (busy.compareAndSet(false, true)) {
            context.background().execute(() -> {
                try {
                    poll(display);
                } finally {
                    busy.set(false);
                }
            });
        }
        display.timerExec(POLL_MILLIS, tick);
    }

    private void poll(Display display) {
        MachineService machines = context.service(MachineService.class);
        Machine m = machines == null ? null : machines.current().orElse(null);
        if (m == null) {
            return;
        }
        long v;
        try {
            v = m.version();
        } catch (RuntimeException e) {
            return; // the machine is being swapped or shut down; the next tick sees the new one
        }
        if (!forced && m == lastMachine && v == lastVersion) {
            return;
        }
        forced = false;
        M model;
        try {
            model = build.apply(m);
        } catch (RuntimeException e) {
            context.status("Cannot read the machine: " + e.getMessage());
            return;
        }
        lastMachine = m;
        lastVersion = v;
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!owner.isDisposed()) {
                    show.accept(model);
                }
            });
        }
    }
}
