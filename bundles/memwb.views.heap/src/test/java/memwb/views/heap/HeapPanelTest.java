package memwb.views.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import memwb.api.heap.Heap;
import memwb.api.machine.Machine;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.views.support.FakeMachine;
import memwb.views.support.FakeViewContext;
import memwb.views.support.SwtTests;

/** The Heap panel on a real display (skipped without X), fed by a {@link FakeHeap} behind a Machine proxy. */
class HeapPanelTest {
    private static final long BASE = 0xffffc90000001000L;

    private Display display;
    private Shell shell;
    private Heap heap;
    private List<Location> selected = List.of();

    @BeforeEach
    void open() {
        display = SwtTests.display();
        shell = new Shell(display);
        shell.setSize(900, 600);
        shell.setLayout(new FillLayout());
    }

    @AfterEach
    void close() {
        if (shell != null) {
            shell.dispose();
        }
    }

    @Test
    void theFreeListsAndACleanCheckAreShownAndABlockClickedOpensItsHeader() {
        heap = new FakeHeap(BASE, 64, -128, 32, -256);
        new HeapPanel(shell, context());
        shell.open();
        Table lists = find(shell, Table.class);
        assertTrue(until(() -> lists.getItemCount() == 1), "one non-empty list");
        assertEquals("all", lists.getItem(0).getText(0));
        assertEquals("2", lists.getItem(0).getText(1));
        assertEquals(String.format("0x%x 0x%x", BASE + 64, BASE + 224), lists.getItem(0).getText(2));
        assertEquals("check: ok", label("heap.check").getText());
        assertTrue(label("heap.title").getText().startsWith("fake heap: 2 live blocks"), label("heap.title").getText());

        Canvas strip = find(shell, Canvas.class);
        Event down = new Event();
        down.x = 8; // the first pixels of the first row: block 0's header
        down.y = 20;
        strip.notifyListeners(SWT.MouseDown, down);
        assertEquals(1, selected.size(), "a click on the strip selects a block");
        assertEquals(Location.virtual(BASE, 64, String.format("heap used block, header at 0x%x", BASE)), selected.get(0));
    }

    @Test
    void aFailedCheckTurnsTheLineRedAtTheNextVersion() {
        FakeHeap fake = new FakeHeap(BASE, 64, -64);
        heap = fake;
        new HeapPanel(shell, context());
        shell.open();
        assertTrue(until(() -> label("heap.check").getText().equals("check: ok")));
        fake.broken("block 0x" + Long.toHexString(BASE) + ": size 0 is not a multiple of 16");
        assertTrue(until(() -> label("heap.check").getText().startsWith("check: block")), label("heap.check").getText());
        assertEquals(190, label("heap.check").getForeground().getRed(), "problems are red");
    }

    @Test
    void withoutAHeapTheViewSaysSo() {
        heap = null;
        new HeapPanel(shell, context());
        shell.open();
        assertTrue(until(() -> label("heap.title").getText().equals(HeapSnapshot.NO_HEAP)), label("heap.title").getText());
        assertEquals(0, find(shell, Table.class).getItemCount());
    }

    private ViewContext context() {
        Machine machine = FakeMachine.of("fake heap", method -> switch (method) {
            case "heap" -> Optional.ofNullable(heap);
            case "version" -> heap == null ? 0L : heap.version();
            default -> null;
        });
        FakeViewContext context = new FakeViewContext(() -> machine);
        selected = context.selected;
        return context;
    }

    private boolean until(BooleanSupplier done) {
        return SwtTests.until(display, done);
    }

    private Label label(String name) {
        return SwtTests.named(shell, name, Label.class);
    }

    private static <T extends Control> T find(Composite root, Class<T> type) {
        return SwtTests.find(root, type);
    }
}
