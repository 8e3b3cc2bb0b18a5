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
        "osgi.command.function=screenshot", "osgi.command.function=menu", "osgi.command.function=window" })
public final class UiCommands {
    /** Second argument of screenshot that captures the whole screen (dialogs included). */
    static final String WHOLE_DISPLAY = "display";

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
                throw new IllegalStateException("View " + id + " has no Table or Tree to dump");
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

    private WorkbenchView known(String id) {
        return workbench.registry().find(id).orElseThrow(() -> new IllegalArgumentException(
                "No view with id " + id + "; known: " + String.join(", ", workbench.registry().ids())));
    }
}
