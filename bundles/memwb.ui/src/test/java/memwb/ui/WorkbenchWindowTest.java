package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.MenuItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import memwb.api.view.ViewContext;

class WorkbenchWindowTest {
    private static Display display;
    private final ViewRegistry registry = new ViewRegistry();
    private WorkbenchWindow window;

    @BeforeAll
    static void openDisplay() {
        display = SwtTestDisplay.open();
    }

    @AfterAll
    static void closeDisplay() {
        if (display != null) {
            display.dispose();
        }
    }

    @BeforeEach
    void openWindow() {
        ViewContext context = new ViewContext() {
            @Override
            public Executor background() {
                return Runnable::run;
            }

            @Override
            public void status(String message) {
                window.setStatus(message);
            }

            @Override
            public <T> T service(Class<T> type) {
                return null;
            }

            @Override
            public void select(memwb.api.view.Location location, String viewId) {
            }

            @Override
            public memwb.api.view.Location selection() {
                return null;
            }

            @Override
            public Runnable onSelection(java.util.function.Consumer<memwb.api.view.Location> listener) {
                return () -> { };
            }
        };
        Feedback feedback = new Feedback() {
            @Override
            public void status(String message) {
            }

            @Override
            public void error(String title, String message) {
            }
        };
        window = new WorkbenchWindow(display, registry, context, new FileActions(null, Runnable::run, feedback),
                new AboutDialog(null, Runnable::run));
        window.open();
    }

    @AfterEach
    void closeWindow() {
        window.dispose();
        SwtTestDisplay.drain(display);
    }

    private TestView contribute(String id, String title, String stack, boolean byDefault) {
        TestView v = new TestView(id, title, stack);
        registry.add(v, byDefault);
        window.viewAdded(new ViewRegistry.Entry(v, byDefault));
        return v;
    }

    @Test
    void theWindowIsTitledMemoryWorkbenchWithFileWindowAndHelpMenus() {
        assertEquals("Memory Workbench", window.shell().getText());
        List<String> menus = List.of(window.shell().getMenuBar().getItems()).stream().map(MenuItem::getText).toList();
        assertEquals(List.of("&File", "&Window", "&Help"), menus);
        assertNotNull(WorkbenchMenus.find(window.shell(), "File/Open machine"));
        assertNotNull(WorkbenchMenus.find(window.shell(), "File/Save machine"));
        assertNotNull(WorkbenchMenus.find(window.shell(), "File/Install bundle"));
        assertNotNull(WorkbenchMenus.find(window.shell(), "File/Exit"));
        assertNotNull(WorkbenchMenus.find(window.shell(), "Window/Reset Layout"));
        assertNotNull(WorkbenchMenus.find(window.shell(), "Help/About"));
    }

    @Test
    void aDefaultViewOpensInItsOwnStackWhenContributed() {
        TestView bundles = contribute("memwb.view.bundles", "Bundles", "left", true);
        assertEquals("left", window.stackOf(bundles).name());
        assertEquals(1, bundles.created.get());
    }

    @Test
    void anOrdinaryViewWaitsForShowViewAndAnUnknownStackMeansRight() {
        TestView frames = contribute("memwb.view.frames", "Frames", "middle", false);
        assertNull(window.stackOf(frames));
        assertTrue(window.show(frames));
        assertEquals("right", window.stackOf(frames).name());
    }

    @Test
    void maximizingAViewHidesTheOtherStacksUntilRestored() {
        TestView hex = contribute("memwb.view.hex", "Hex", "bottom", true);
        TestView map = contribute("memwb.view.memorymap", "Memory Map", "left", true);
        TestView closed = contribute("memwb.view.gdt", "GDT", "right", false);
        assertTrue(window.maximize(hex));
        // SashForm hides the others by giving them no size.
        assertEquals(0, window.stackOf(map).control().getSize().x, "the left stack has no room");
        assertTrue(window.stackOf(hex).control().getSize().x > window.shell().getClientArea().width / 2);
        window.restore();
        assertTrue(window.stackOf(map).control().getSize().x > 0);
        assertFalse(window.maximize(closed), "a closed view cannot fill the window");
    }

    @Test
    void theMachineToolbarIsEmptyUntilTheWorkbenchInstallsIt() {
        assertNull(window.toolbar());
    }

    @Test
    void showingAnOpenViewFocusesItInsteadOfOpeningASecondTab() {
        TestView v = contribute("v", "V", "bottom", false);
        window.show(v);
        window.show(v);
        assertEquals(1, v.created.get());
        assertEquals(List.of(v), window.stackOf(v).views());
    }

    @Test
    void closingAViewDisposesItsControlsAndItCanBeReopened() {
        TestView v = contribute("v", "V", "bottom", false);
        window.show(v);
        assertTrue(window.close(v));
        assertEquals(1, v.disposed.get());
        assertFalse(window.isOpen("v"));
        assertFalse(window.close(v));
        assertTrue(window.show(v));
        assertEquals(2, v.created.get());
    }

    @Test
    void aDefaultViewTheUserClosedStaysClosedUntilResetLayout() {
        TestView v = contribute("memwb.view.bundles", "Bundles", "left", true);
        window.close(v);
        window.viewAdded(new ViewRegistry.Entry(v, true)); // e.g. rebound after a refresh
        assertNull(window.stackOf(v));
        window.resetLayout();
        assertEquals("left", window.stackOf(v).name());
        assertEquals("Layout reset", window.statusText());
    }

    @Test
    void aViewWhoseServiceGoesIsClosedAndReopensWhenAContributionWithItsIdReturns() {
        TestView old = contribute("memwb.view.ram", "RAM", "right", false);
        window.show(old);
        registry.remove(old);
        window.viewRemoved(old);
        assertEquals(1, old.disposed.get());
        assertFalse(window.isOpen("memwb.view.ram"));
        assertTrue(window.statusText().contains("RAM closed"), window.statusText());

        TestView updated = contribute("memwb.view.ram", "RAM", "right", false);
        assertEquals("right", window.stackOf(updated).name());
    }

    @Test
    void aViewThatFailsToCreateIsReportedNamingItAndLeftClosed() {
        TestView bad = contribute("memwb.view.bad", "Bad", "right", false);
        bad.failWith = new IllegalStateException("no machine booted");
        assertFalse(window.show(bad));
        assertNull(window.stackOf(bad));
        assertEquals("View Bad (memwb.view.bad) failed to open: no machine booted", window.statusText());
    }

    @Test
    void emptyStacksAreHiddenAndShownWhenAViewOpensInThem() {
        TestView left = contribute("l", "L", "left", true);
        SwtTestDisplay.drain(display);
        assertTrue(window.stackOf(left).control().getVisible());
        TestView bottom = contribute("b", "B", "bottom", false);
        window.show(bottom);
        assertTrue(window.stackOf(bottom).control().getVisible());
        window.close(bottom);
        assertFalse(window.stackOf(left).control().getParent().getChildren()[1].getVisible()); // right column hidden
    }

    @Test
    void showViewListsTheLiveContributionsAndSelectingOneOpensIt() {
        TestView ram = contribute("memwb.view.ram", "RAM", "right", false);
        MenuItem item = WorkbenchMenus.find(window.shell(), "Window/Show View/RAM");
        item.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        assertEquals("right", window.stackOf(ram).name());

        registry.remove(ram);
        window.viewRemoved(ram);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkbenchMenus.find(window.shell(), "Window/Show View/RAM"));
        assertTrue(e.getMessage().contains("No menu item \"ram\"") && e.getMessage().contains(WorkbenchMenus.NO_VIEWS),
                e.getMessage());
    }

    @Test
    void anUnknownMenuPathNamesTheMissingSegmentAndWhatIsThere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkbenchMenus.find(window.shell(), "File/Print"));
        assertTrue(e.getMessage().contains("No menu item \"print\" in \"File/Print\""), e.getMessage());
        assertTrue(e.getMessage().contains("install bundle"), e.getMessage());
    }

    @Test
    void theDumpOfAnOpenViewIsItsTableRows() {
        TestView v = contribute("v", "Frames", "right", false);
        window.show(v);
        assertEquals(List.of("Frames row"), ControlText.rows(ControlText.mainTable(window.contentOf(v))));
    }

    @Test
    void closingTheWindowStopsTheFrameworkAsExitDoes() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Bundle system = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> {
                    if (m.getName().equals("stop")) {
                        stopped.countDown();
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> {
                    if (m.getName().equals("getBundle")) {
                        return system;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        Feedback quiet = new Feedback() {
            @Override
            public void status(String message) {
            }

            @Override
            public void error(String title, String message) {
            }
        };
        WorkbenchWindow other = new WorkbenchWindow(display, registry, null, new FileActions(context, Runnable::run, quiet),
                new AboutDialog(context, Runnable::run));
        other.open();
        other.shell().close(); // what the window manager's close button does
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "closing the window did not stop the framework");
        assertTrue(other.isDisposed());
    }

    @Test
    void theVisibleBoundsLieWithinTheShellBoundsAndHoldTheClientArea() {
        SwtTestDisplay.drain(display);
        Rectangle b = window.shell().getBounds();
        Rectangle v = window.visibleBounds();
        Rectangle c = window.shell().getClientArea();
        assertEquals(b.x, v.x);
        assertEquals(b.y, v.y);
        assertTrue(v.width <= b.width && v.height <= b.height, v + " in " + b);
        assertTrue(v.width >= c.width && v.height >= c.height, v + " holds " + c);
    }
}
