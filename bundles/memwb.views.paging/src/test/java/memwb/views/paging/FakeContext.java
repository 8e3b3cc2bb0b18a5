package memwb.views.paging;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Display;

import memwb.api.machine.Machine;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;

/**
 * A workbench context for panel tests: background work runs on a plain thread, the machine is the
 * {@link Rig}'s paging unit and kernel space behind a {@link Machine} proxy, selections are recorded.
 */
final class FakeContext implements ViewContext {
    private static final long WAIT_MILLIS = 5_000;

    final List<Location> selected = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    final List<Consumer<Location>> listeners = new ArrayList<>();
    private final Machine machine;

    FakeContext(Rig rig) {
        machine = (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] { Machine.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "mmu" -> Optional.of(rig.mmu);
                    case "kernelSpace" -> Optional.of(rig.kernel);
                    case "ram" -> rig.ram;
                    case "heap" -> Optional.empty();
                    case "pagingMode" -> "4-level";
                    case "version" -> rig.mmu.version() + rig.kernel.version();
                    case "name" -> "rig";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Machine(rig)";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
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
        return type == Machine.class ? type.cast(machine) : null;
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

    /** Runs the event loop until {@code done} or the timeout; false if it timed out. */
    static boolean until(Display display, BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        return true;
    }
}
