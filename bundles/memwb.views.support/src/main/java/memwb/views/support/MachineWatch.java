package memwb.views.support;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

import memwb.api.machine.Machine;
import memwb.api.machine.MachineService;
import memwb.api.view.ViewContext;

/**
 * Keeps a view in step with the live machine: a UI-thread timer, at most {@link #POLLS_PER_SECOND}
 * times a second, asks the background executor to read the current machine's version (the UI thread
 * never touches the model); when the machine or its version changed, the model is loaded there and
 * handed to the view on the UI thread. One poll at a time (a slow load skips ticks, never queues); a
 * machine booted later is picked up; the timer stops when the owning control is disposed.
 *
 * @param <T> what the view draws from (a plain-Java snapshot of the model)
 */
public final class MachineWatch<T> {
    /** The ceiling on refreshes: the eye sees no more, and the model is not read more often. */
    public static final int POLLS_PER_SECOND = 30;
    /** Milliseconds between polls. */
    public static final int POLL_MILLIS = 1000 / POLLS_PER_SECOND;

    private final Control owner;
    private final ViewContext context;
    private final MachinePoll<T> poll;
    private final Consumer<T> show;
    private final Consumer<String> fail;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Runnable tick = this::tick;

    /**
     * Starts watching for {@code owner}'s lifetime (call on the UI thread). {@code load} runs off the UI
     * thread with the current machine (null while none is booted); a non-null result goes to
     * {@code show} on the UI thread, the message of anything {@code load} threw to {@code fail}.
     */
    public MachineWatch(Control owner, ViewContext context, Function<Machine, T> load, Consumer<T> show,
            Consumer<String> fail) {
        this.owner = owner;
        this.context = context;
        this.poll = new MachinePoll<>(() -> current(context), load);
        this.show = show;
        this.fail = fail;
        Display display = owner.getDisplay();
        display.timerExec(0, tick);
        owner.addDisposeListener(e -> display.timerExec(-1, tick));
    }

    /** As above, with failures reported on the status line as "Cannot read the machine: ...". */
    public MachineWatch(Control owner, ViewContext context, Function<Machine, T> load, Consumer<T> show) {
        this(owner, context, load, show, msg -> context.status("Cannot read the machine: " + msg));
    }

    /** Reloads at the next poll even if nothing changed (the view changed what it shows). Any thread. */
    public void refresh() {
        poll.refresh();
    }

    /** The machine the last model was loaded from, or null. */
    public Machine machine() {
        return poll.machine();
    }

    /**
     * The current machine: the published {@link Machine} service, else the {@link MachineService}'s
     * current one, else null. Off the UI thread (service lookups may wait on the framework).
     */
    public static Machine current(ViewContext context) {
        Machine m = context.service(Machine.class);
        if (m != null) {
            return m;
        }
        MachineService machines = context.service(MachineService.class);
        return machines == null ? null : machines.current().orElse(null);
    }

    /** {@code load} only while a machine is booted: with none, nothing is shown (the view keeps what it had). */
    public static <T> Function<Machine, T> booted(Function<Machine, T> load) {
        return m -> m == null ? null : load.apply(m);
    }

    private void tick() {
        if (owner.isDisposed()) {
            return;
        }
        if (busy.compareAndSet(false, true)) {
            Background.<Optional<T>>run(owner, context, poll::next, model -> {
                busy.set(false);
                model.ifPresent(show);
            }, msg -> {
                busy.set(false);
                fail.accept(msg);
            });
        }
        owner.getDisplay().timerExec(POLL_MILLIS, tick);
    }
}
