package memwb.views.support;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import memwb.api.machine.Machine;

/**
 * The plain-Java half of {@link MachineWatch}: each {@link #next} (on a background thread) reads the
 * current machine and its version and loads a new model only when either changed since the last
 * load, or after {@link #refresh}. No SWT here, so the decision is unit-tested without a display.
 *
 * @param <T> the view's model
 */
public final class MachinePoll<T> {
    /** Stands for "no version seen yet", and for the version of "no machine". */
    private static final long NO_VERSION = Long.MIN_VALUE;

    private final Supplier<Machine> current;
    private final Function<Machine, T> load;
    private volatile Machine machine;
    private volatile long version = NO_VERSION;
    private volatile boolean seen;
    private volatile boolean forced;

    /**
     * Polls {@code current} (null while no machine is booted); {@code load} builds the model from it
     * and gets null when none is booted.
     */
    public MachinePoll(Supplier<Machine> current, Function<Machine, T> load) {
        if (current == null || load == null) {
            throw new IllegalArgumentException("MachinePoll: " + (current == null ? "current" : "load") + " is null");
        }
        this.current = current;
        this.load = load;
    }

    /** Makes the next {@link #next} load even if nothing changed (any thread). */
    public void refresh() {
        forced = true;
    }

    /** The machine the last load was for, or null. */
    public Machine machine() {
        return machine;
    }

    /**
     * Loads the model if the machine or its version changed (or {@link #refresh} was called): empty
     * when nothing changed, the machine is mid-swap, or {@code load} returned null. Whatever
     * {@code load} throws propagates, and that machine and version are not retried until they change
     * (a broken model would otherwise be rebuilt every tick). Call from one thread at a time.
     */
    public Optional<T> next() {
        Machine now = current.get();
        long v;
        try {
            v = now == null ? NO_VERSION : now.version();
        } catch (RuntimeException e) {
            return Optional.empty(); // being swapped or shut down; the next poll sees the new one
        }
        if (seen && !forced && now == machine && v == version) {
            return Optional.empty();
        }
        seen = true;
        forced = false;
        machine = now;
        version = v;
        return Optional.ofNullable(load.apply(now));
    }
}
