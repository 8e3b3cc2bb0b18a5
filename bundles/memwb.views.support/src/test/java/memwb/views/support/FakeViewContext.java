package memwb.views.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import memwb.api.machine.Machine;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;

/**
 * A workbench context for view tests: background work runs on a plain thread, the machine is
 * whatever the supplier gives now (null: none booted), status lines and selections are recorded.
 */
public final class FakeViewContext implements ViewContext {
    public final List<Location> selected = new CopyOnWriteArrayList<>();
    public final List<String> statuses = new CopyOnWriteArrayList<>();
    public final List<Consumer<Location>> listeners = new CopyOnWriteArrayList<>();
    private final Supplier<Machine> machine;

    /** A context whose Machine service is {@code machine.get()} at each lookup. */
    public FakeViewContext(Supplier<Machine> machine) {
        this.machine = machine;
    }

    @Override
    public Executor background() {
        return task -> new Thread(task, "fake-background").start();
    }

    @Override
    public void status(String message) {
        statuses.add(message);
    }

    @Override
    public <T> T service(Class<T> type) {
        return type == Machine.class ? type.cast(machine.get()) : null;
    }

    @Override
    public void select(Location location, String viewId) {
        selected.add(location);
        listeners.forEach(l -> l.accept(location));
    }

    @Override
    public Location selection() {
        return selected.isEmpty() ? null : selected.get(selected.size() - 1);
    }

    @Override
    public Runnable onSelection(Consumer<Location> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
