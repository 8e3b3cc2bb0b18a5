package memwb.views.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import memwb.api.machine.Machine;

/** The watch on a real display (skipped without X). */
class MachineWatchTest {
    private Display display;
    private Shell shell;
    private final AtomicLong version = new AtomicLong(1);
    private final AtomicReference<Machine> current = new AtomicReference<>();
    private final FakeViewContext context = new FakeViewContext(current::get);
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final List<Thread> loadThreads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        display = SwtTests.display();
        shell = new Shell(display);
    }

    @AfterEach
    void close() {
        if (shell != null) {
            shell.dispose();
        }
    }

    private String load(Machine m) {
        loadThreads.add(Thread.currentThread());
        return m == null ? "none" : m + "@" + m.version();
    }

    @Test
    void loadsOffTheUiThreadShowsOnItAndFollowsAMachineBootedLater() {
        new MachineWatch<>(shell, context, this::load, s -> {
            assertSame(display.getThread(), Thread.currentThread(), "show runs on the UI thread");
            shown.add(s);
        });
        assertTrue(SwtTests.until(display, () -> shown.contains("none")), shown.toString());
        current.set(FakeMachine.of("late", m -> m.equals("version") ? version.get() : null));
        assertTrue(SwtTests.until(display, () -> shown.contains("Machine(late)@1")), shown.toString());
        version.set(2);
        assertTrue(SwtTests.until(display, () -> shown.contains("Machine(late)@2")), shown.toString());
        assertFalse(loadThreads.contains(display.getThread()), "load never runs on the UI thread");
    }

    @Test
    void refreshReloadsWithoutAChangeAndNothingChangedShowsNothing() {
        current.set(FakeMachine.of("a", m -> m.equals("version") ? version.get() : null));
        MachineWatch<String> watch = new MachineWatch<>(shell, context, this::load, shown::add);
        assertTrue(SwtTests.until(display, () -> shown.size() == 1));
        long end = System.currentTimeMillis() + 5 * MachineWatch.POLL_MILLIS;
        SwtTests.until(display, () -> System.currentTimeMillis() > end);
        assertEquals(1, shown.size(), "no change, no reload: " + shown);
        watch.refresh();
        assertTrue(SwtTests.until(display, () -> shown.size() == 2), shown.toString());
        assertSame(current.get(), watch.machine());
    }

    @Test
    void aFailingLoadGoesToTheStatusLineByDefault() {
        current.set(FakeMachine.of("a", m -> m.equals("version") ? version.get() : null));
        new MachineWatch<String>(shell, context, m -> {
            throw new IllegalStateException("PT at 0x5000 unreadable");
        }, shown::add);
        assertTrue(SwtTests.until(display, () -> !context.statuses.isEmpty()));
        assertEquals("Cannot read the machine: PT at 0x5000 unreadable", context.statuses.get(0));
        assertTrue(shown.isEmpty());
    }

    @Test
    void disposingTheOwnerStopsThePolling() {
        current.set(FakeMachine.of("a", m -> m.equals("version") ? version.get() : null));
        new MachineWatch<>(shell, context, this::load, shown::add);
        assertTrue(SwtTests.until(display, () -> shown.size() == 1));
        shell.dispose();
        int loadsAtDispose = loadThreads.size();
        version.set(9);
        long end = System.currentTimeMillis() + 5 * MachineWatch.POLL_MILLIS;
        SwtTests.until(display, () -> System.currentTimeMillis() > end);
        assertEquals(loadsAtDispose, loadThreads.size(), "no load after dispose");
        assertNotEquals("Machine(a)@9", shown.get(shown.size() - 1));
    }

    @Test
    void backgroundHandsAThrownMessageToFail() {
        AtomicReference<String> failed = new AtomicReference<>();
        Background.<String>run(shell, context, () -> {
            throw new IllegalArgumentException("frame 0x1234000 is not RAM");
        }, shown::add, failed::set);
        assertTrue(SwtTests.until(display, () -> failed.get() != null));
        assertEquals("frame 0x1234000 is not RAM", failed.get());
        assertTrue(shown.isEmpty());
    }
}
