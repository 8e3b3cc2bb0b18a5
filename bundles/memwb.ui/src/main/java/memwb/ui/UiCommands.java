package memwb.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import memwb.api.view.WorkbenchView;

/**
 * Gogo commands that drive and inspect the window, for scripts and tests: {@code ui:views},
 * {@code ui:show ID}, {@code ui:close ID}, {@code ui:dump ID}, {@code ui:screenshot FILE [display]},
 * {@code ui:menu PATH} and {@code ui:window}. Each does its UI work on the UI thread and fails with a
 * clear message, never a hang, when the window is gone.
 */
@Component(service = UiCommands.class, property = { "osgi.command.scope=ui", "osgi.command.function=views",
        "osgi.command.function=show", "osgi.command.function=close", "osgi.command.function=dump",
        "osgi.command.function=screenshot", "osgi.command.function=menu", "osgi.command.function=window",
        "osgi.command.function=screenshots", "osgi.command.function=choose", "osgi.command.function=toolbar",
        "osgi.command.function=step", "osgi.command.function=click", "osgi.command.function=edit",
        "osgi.command.function=type", "osgi.command.function=replay", "osgi.command.function=cancel",
        "osgi.command.function=busy" })
public final class UiCommands {
    /** Second argument of screenshot that captures the whole screen (dialogs included). */
    static final String WHOLE_DISPLAY = "display";
    /** How long ui:screenshots lets a freshly shown view read the machine before capturing it. */
    static final long SETTLE_MILLIS = 700;

    @Reference
    private Workbench workbench;

    /** One line per contributed view: id, title, and "open (stack)" or "closed", tab-separated. */
    public String views() {
        List<ViewRegistry.Entry> entries = workbench.registry().entries();
        List<String> states = workbench.onUi(w -> {
            List<String> out = new ArrayList<>();
            for (ViewRegistry.Entry e : entries) {
                ViewStack s = w.stackOf(e.view());
                out.add(s == null ? "closed" : "open (" + s.name() + ")");
            }
            return out;
        });
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            WorkbenchView v = entries.get(i).view();
            sb.append(v.id()).append('\t').append(v.title()).append('\t').append(states.get(i)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** Opens the view with this id (or brings it to front). */
    public String show(String id) {
        WorkbenchView view = known(id);
        String failure = workbench.onUi(w -> w.show(view) ? null : w.statusText());
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return "Shown " + id;
    }

    /** Closes the view with this id; an error if it is not open. */
    public String close(String id) {
        known(id);
        boolean closed = workbench.onUi(w -> {
            WorkbenchView v = w.openView(id);
            return v != null && w.close(v);
        });
        if (!closed) {
            throw new IllegalStateException("View " + id + " is not open");
        }
        return "Closed " + id;
    }

    /** The visible rows of the open view's main Table or Tree, one line per row, cells tab-separated. */
    public String dump(String id) {
        known(id);
        return workbench.onUi(w -> {
            WorkbenchView v = w.openView(id);
            if (v == null) {
                throw new IllegalStateException("View " + id + " is not open (ui:show " + id + " first)");
            }
            Control table = ControlText.mainTable(w.contentOf(v));
            if (table == null) {
                org.eclipse.swt.custom.StyledText text = ControlText.mainText(w.contentOf(v));
                if (text != null) {
                    return text.getText().stripTrailing();
                }
                throw new IllegalStateException("View " + id + " has no Table, Tree or text to dump");
            }
            return String.join("\n", ControlText.rows(table));
        });
    }

    /** Saves a PNG of the window (menu bar included) to {@code file}; returns its absolute path. */
    public String screenshot(String file) {
        return screenshot(file, "shell");
    }

    /** Saves a PNG of the window ("shell") or of the whole screen ("display") to {@code file}. */
    public String screenshot(String file, String area) {
        if (!"shell".equals(area) && !WHOLE_DISPLAY.equals(area)) {
            throw new IllegalArgumentException("Unknown screenshot area \"" + area + "\": use shell or display");
        }
        Path path = Path.of(file).toAbsolutePath();
        workbench.onUi(w -> Screenshot.capture(w.shell().getDisplay(),
                WHOLE_DISPLAY.equals(area) ? w.shell().getDisplay().getBounds() : w.visibleBounds(), path));
        return path.toString();
    }

    /** Runs the menu item at {@code path} (e.g. "Help/About", "Window/Show View/Bundles") and returns at once. */
    public String menu(String path) {
        String label = workbench.onUi(w -> {
            MenuItem item = WorkbenchMenus.find(w.shell(), path);
            if (!item.isEnabled()) {
                throw new IllegalStateException("Menu item \"" + path + "\" is disabled");
            }
            // Posted, not run here: the item may open a dialog with its own event loop.
            w.shell().getDisplay().asyncExec(() -> {
                if (!item.isDisposed()) {
                    item.notifyListeners(SWT.Selection, new Event());
                }
            });
            return item.getText();
        });
        return "Selected " + MenuPath.normalize(label);
    }

    /**
     * The window's title, bounds ("x,y WxH"), visible bounds (what a screenshot captures), status
     * text, and every open view with its stack.
     */
    public String window() {
        return workbench.onUi(w -> {
            Rectangle b = w.shell().getBounds();
            StringBuilder sb = new StringBuilder();
            sb.append(w.shell().getText()).append('\n');
            sb.append("bounds ").append(b.x).append(',').append(b.y).append(' ').append(b.width).append('x').append(b.height).append('\n');
            Rectangle v = w.visibleBounds();
            sb.append("visible ").append(v.x).append(',').append(v.y).append(' ').append(v.width).append('x').append(v.height).append('\n');
            sb.append("status ").append(w.statusText());
            for (ViewRegistry.Entry e : w.registry().entries()) {
                ViewStack s = w.stackOf(e.view());
                if (s != null) {
                    sb.append('\n').append("open ").append(s.name()).append(' ').append(e.view().id());
                }
            }
            return sb.toString();
        });
    }

    /**
     * Opens every contributed view in turn, lets its stack fill the window, and saves a PNG of the
     * window as {@code DIR/<view id>.png}; returns one "wrote FILE" line per view.
     */
    public String screenshots(String dir) throws InterruptedException {
        Path out = Path.of(dir).toAbsolutePath();
        StringBuilder sb = new StringBuilder();
        for (ViewRegistry.Entry e : workbench.registry().entries()) {
            WorkbenchView view = e.view();
            boolean shown = workbench.onUi(w -> w.show(view) && w.maximize(view));
            if (!shown) {
                sb.append("skipped ").append(view.id()).append(": it failed to open\n");
                continue;
            }
            Thread.sleep(SETTLE_MILLIS); // the view reads the machine in the background first
            Path png = out.resolve(view.id() + ".png");
            try {
                workbench.onUi(w -> Screenshot.capture(w.shell().getDisplay(), w.visibleBounds(), png));
            } finally {
                workbench.onUi(w -> {
                    w.restore();
                    return null;
                });
            }
            sb.append("wrote ").append(png).append('\n');
        }
        return sb.toString().strip();
    }

    /** Chooses {@code name} in the toolbar's chooser {@code kind} (pfa, paging, heap) as a click would. */
    public String choose(String kind, String name) {
        return workbench.onUi(w -> toolbar(w).choose(kind, name));
    }

    /** The toolbar choosers' items, the selected one starred: "pfa bytemap* bitmap". */
    public String toolbar() {
        return workbench.onUi(w -> toolbar(w).describe());
    }

    /** Starts the toolbar's Replay trace... on {@code file} without the file dialog; ui:window shows progress, Events the result. */
    public String replay(String file) {
        return workbench.onUi(w -> toolbar(w).replay(java.nio.file.Path.of(file)));
    }

    /** Presses Cancel on the toolbar's running task. */
    public String cancel() {
        return workbench.onUi(w -> toolbar(w).cancel());
    }

    /** "busy" while the toolbar's background task runs, else "idle". */
    public String busy() {
        return workbench.onUi(w -> toolbar(w).busy() ? "busy" : "idle");
    }

    /** Presses Step (the next step of the malloc walk); the status bar then says what happened. */
    public String step() {
        workbench.onUi(w -> {
            toolbar(w).step();
            return null;
        });
        return "Stepped";
    }

    /** Clicks (mouse down and up, button 1) at x, y in the first Canvas of the open view {@code id}. */
    public String click(String id, int x, int y) {
        known(id);
        return workbench.onUi(w -> {
            Control canvas = ViewControls.first(content(w, id), org.eclipse.swt.widgets.Canvas.class);
            for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
                Event e = new Event();
                e.x = x;
                e.y = y;
                e.button = 1;
                canvas.notifyListeners(type, e);
            }
            return "Clicked " + id + " at " + x + "," + y;
        });
    }

    /**
     * Edits cell ({@code row}, {@code column}) of the open view's main table as a user would: a
     * double-click on the cell, {@code text} typed into the editor that opens, Enter.
     */
    public String edit(String id, int row, int column, String text) {
        known(id);
        return workbench.onUi(w -> {
            org.eclipse.swt.widgets.Table table = ViewControls.first(content(w, id), org.eclipse.swt.widgets.Table.class);
            if (row < 0 || row >= table.getItemCount()) {
                throw new IllegalArgumentException("View " + id + " has no row " + row + " (it has " + table.getItemCount() + ")");
            }
            Rectangle cell = table.getItem(row).getBounds(column);
            Event click = new Event();
            click.x = cell.x + cell.width / 2;
            click.y = cell.y + cell.height / 2;
            click.button = 1;
            table.notifyListeners(SWT.MouseDoubleClick, click);
            org.eclipse.swt.widgets.Text editor = ViewControls.first(table, org.eclipse.swt.widgets.Text.class);
            editor.setText(text);
            editor.notifyListeners(SWT.DefaultSelection, new Event());
            return "Edited " + id + " row " + row + " column " + column;
        });
    }

    /** Types {@code text} into the first single-line text field of view {@code id} and presses Enter. */
    public String type(String id, String text) {
        known(id);
        return workbench.onUi(w -> {
            org.eclipse.swt.widgets.Text field = ViewControls.firstSingleLine(content(w, id));
            field.setText(text);
            field.notifyListeners(SWT.DefaultSelection, new Event());
            return "Typed into " + id;
        });
    }

    private static MachineToolbar toolbar(WorkbenchWindow w) {
        MachineToolbar t = w.toolbar();
        if (t == null) {
            throw new IllegalStateException("The window has no machine toolbar");
        }
        return t;
    }

    private static Control content(WorkbenchWindow w, String id) {
        WorkbenchView v = w.openView(id);
        if (v == null) {
            throw new IllegalStateException("View " + id + " is not open (ui:show " + id + " first)");
        }
        return w.contentOf(v);
    }

    private WorkbenchView known(String id) {
        return workbench.registry().find(id).orElseThrow(() -> new IllegalArgumentException(
                "No view with id " + id + "; known: " + String.join(", ", workbench.registry().ids())));
    }
}
