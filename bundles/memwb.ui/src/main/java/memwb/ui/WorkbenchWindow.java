package memwb.ui;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Shell;

import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;

/**
 * The workbench window: menu bar, a view area of three tab stacks (left | right over bottom) and a
 * status bar. It opens, focuses and closes views; which views exist is the registry's business.
 * Every method runs on the UI thread.
 */
final class WorkbenchWindow {
    static final String TITLE = "Memory Workbench";
    static final String LEFT = "left";
    static final String RIGHT = "right";
    static final String BOTTOM = "bottom";
    /** Left stack : right column, in sash weight units. */
    private static final int[] OUTER_WEIGHTS = { 38, 62 };
    /** Right stack : bottom stack. */
    private static final int[] INNER_WEIGHTS = { 68, 32 };
    /** The window takes this share of the screen's width and height when it opens. */
    private static final double SCREEN_SHARE = 0.86;
    private static final int MIN_WIDTH = 640;
    private static final int MIN_HEIGHT = 420;

    private final Shell shell;
    private final ViewRegistry registry;
    private final ViewContext viewContext;
    private final Composite toolbarArea;
    private MachineToolbar toolbar;
    private final SashForm outer;
    private final SashForm inner;
    private final Map<String, ViewStack> stacks = new LinkedHashMap<>();
    private final Label status;
    /** Ids the user closed: not reopened by default until Reset Layout. */
    private final Set<String> closedByUser = new HashSet<>();
    /** Ids that were open when their service went: reopened when a contribution with the id returns. */
    private final Set<String> reopenWhenBack = new HashSet<>();
    /** Set when the shell starts disposing: tabs closing then must not re-lay out dying stacks. */
    private boolean closing;

    WorkbenchWindow(Display display, ViewRegistry registry, ViewContext viewContext, FileActions fileActions,
            AboutDialog about) {
        this.registry = registry;
        this.viewContext = viewContext;
        shell = new Shell(display, SWT.SHELL_TRIM);
        shell.setText(TITLE);
        shell.addListener(SWT.Dispose, e -> closing = true); // sent before the children are released
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.verticalSpacing = 0;
        shell.setLayout(layout);

        toolbarArea = new Composite(shell, SWT.NONE);
        GridLayout toolbarLayout = new GridLayout(1, false);
        toolbarLayout.marginWidth = 0;
        toolbarLayout.marginHeight = 0;
        toolbarArea.setLayout(toolbarLayout);
        toolbarArea.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        outer = new SashForm(shell, SWT.HORIZONTAL | SWT.SMOOTH);
        outer.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        stacks.put(LEFT, new ViewStack(outer, LEFT, this::userClosed, this::relayout));
        inner = new SashForm(outer, SWT.VERTICAL | SWT.SMOOTH);
        stacks.put(RIGHT, new ViewStack(inner, RIGHT, this::userClosed, this::relayout));
        stacks.put(BOTTOM, new ViewStack(inner, BOTTOM, this::userClosed, this::relayout));
        resetWeights();

        new Label(shell, SWT.SEPARATOR | SWT.HORIZONTAL).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status = new Label(shell, SWT.NONE);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.horizontalIndent = 6;
        status.setLayoutData(statusData);
        status.setText("Ready");

        WorkbenchMenus.install(this, fileActions, about);
        shell.addListener(SWT.Close, e -> fileActions.exit()); // closing the window ends the program, as Exit does
        placeOnScreen(display);
        relayout();
    }

    Shell shell() {
        return shell;
    }

    /** Puts the machine toolbar above the views (the workbench does this once a machine service may exist). */
    MachineToolbar installToolbar(java.util.function.Function<Composite, MachineToolbar> make) {
        toolbar = make.apply(toolbarArea);
        shell.layout(true, true);
        return toolbar;
    }

    /** The machine toolbar, or null if none was installed. */
    MachineToolbar toolbar() {
        return toolbar;
    }

    ViewRegistry registry() {
        return registry;
    }

    void open() {
        shell.open();
    }

    boolean isDisposed() {
        return shell.isDisposed();
    }

    void dispose() {
        if (!shell.isDisposed()) {
            shell.dispose();
        }
    }

    /** Shows {@code message} in the status bar. */
    void setStatus(String message) {
        if (!status.isDisposed()) {
            status.setText(message == null ? "" : message.replace('\n', ' '));
            status.getParent().layout(new Control[] { status });
        }
    }

    /**
     * The pixels the window really covers, menu bar and frame included. Shell bounds count the trim a
     * window manager would add; with no window manager (Xvfb) there is none, so the frame is derived
     * from where the client area actually is: left border = right border = bottom border.
     */
    Rectangle visibleBounds() {
        Rectangle b = shell.getBounds();
        Rectangle client = shell.getClientArea();
        Point origin = shell.toDisplay(client.x, client.y);
        int border = Math.max(0, origin.x - b.x);
        int width = Math.min(b.width, client.width + 2 * border);
        int height = Math.min(b.height, origin.y - b.y + client.height + border);
        return new Rectangle(b.x, b.y, width, height);
    }

    String statusText() {
        return status.getText();
    }

    /** Shows {@code message} in the status bar and an error dialog. */
    void showError(String title, String message) {
        setStatus(message);
        MessageBox box = new MessageBox(shell, SWT.ICON_ERROR | SWT.OK);
        box.setText(title);
        box.setMessage(message);
        box.open();
    }

    /** A contribution arrived: open it if it belongs to a fresh layout or was open when it last went. */
    void viewAdded(ViewRegistry.Entry entry) {
        String id = entry.view().id();
        boolean wanted = reopenWhenBack.remove(id) || (entry.openByDefault() && !closedByUser.contains(id));
        if (wanted && stackOf(entry.view()) == null && registry.contains(entry.view()) && !isOpen(id)) {
            show(entry.view());
        }
    }

    /** A contribution went: close its tab and remember to reopen it if it comes back. */
    void viewRemoved(WorkbenchView view) {
        ViewStack stack = stackOf(view);
        if (stack != null) {
            reopenWhenBack.add(view.id());
            stack.close(view);
            setStatus("View " + view.title() + " closed: its bundle went away");
        }
    }

    /**
     * Opens {@code view} in its default stack, or brings it to front if it is open. A failing view is
     * reported in the status bar and left closed; returns whether it is open now.
     */
    boolean show(WorkbenchView view) {
        ViewStack open = stackOf(view);
        if (open != null) {
            return open.focus(view);
        }
        String wanted = view.defaultStack();
        ViewStack stack = stacks.getOrDefault(wanted, stacks.get(RIGHT));
        try {
            stack.open(view, viewContext);
            closedByUser.remove(view.id());
            return true;
        } catch (RuntimeException | LinkageError e) {
            setStatus("View " + view.title() + " (" + view.id() + ") failed to open: " + BundleActions.reason(e));
            return false;
        }
    }

    /** Closes {@code view}'s tab as if the user closed it; false if it was not open. */
    boolean close(WorkbenchView view) {
        ViewStack stack = stackOf(view);
        if (stack == null) {
            return false;
        }
        closedByUser.add(view.id());
        return stack.close(view);
    }

    /** Lets {@code view}'s stack fill the view area (for screenshots); false if it is not open. */
    boolean maximize(WorkbenchView view) {
        ViewStack stack = stackOf(view);
        if (stack == null) {
            return false;
        }
        if (stack == stacks.get(LEFT)) {
            outer.setMaximizedControl(stack.control());
        } else {
            outer.setMaximizedControl(inner);
            inner.setMaximizedControl(stack.control());
        }
        stack.focus(view);
        shell.layout(true, true);
        return true;
    }

    /** Shows every stack again after {@link #maximize}. */
    void restore() {
        outer.setMaximizedControl(null);
        inner.setMaximizedControl(null);
        relayout();
    }

    /** Restores the sash weights and reopens every default view. */
    void resetLayout() {
        closedByUser.clear();
        resetWeights();
        for (ViewRegistry.Entry e : registry.entries()) {
            if (e.openByDefault() && stackOf(e.view()) == null) {
                show(e.view());
            }
        }
        relayout();
        setStatus("Layout reset");
    }

    /** The stack {@code view} is open in, or null. */
    ViewStack stackOf(WorkbenchView view) {
        for (ViewStack s : stacks.values()) {
            if (s.views().contains(view)) {
                return s;
            }
        }
        return null;
    }

    boolean isOpen(String id) {
        return stacks.values().stream().flatMap(s -> s.views().stream()).anyMatch(v -> id.equals(v.id()));
    }

    /** The open view with this id, or null. */
    WorkbenchView openView(String id) {
        return stacks.values().stream().flatMap(s -> s.views().stream()).filter(v -> id.equals(v.id())).findFirst()
                .orElse(null);
    }

    /** The host composite of an open view (its content), or null. */
    Control contentOf(WorkbenchView view) {
        ViewStack stack = stackOf(view);
        return stack == null ? null : stack.contentOf(view);
    }

    private void userClosed(WorkbenchView view) {
        closedByUser.add(view.id());
    }

    private void resetWeights() {
        outer.setWeights(OUTER_WEIGHTS);
        inner.setWeights(INNER_WEIGHTS);
    }

    /** Hides empty stacks, as Eclipse does, so no blank frames take space; an all-empty area stays. */
    private void relayout() {
        if (closing || shell.isDisposed()) {
            return;
        }
        ViewStack left = stacks.get(LEFT);
        ViewStack right = stacks.get(RIGHT);
        ViewStack bottom = stacks.get(BOTTOM);
        boolean allEmpty = left.isEmpty() && right.isEmpty() && bottom.isEmpty();
        left.control().setVisible(!left.isEmpty());
        right.control().setVisible(!right.isEmpty() || allEmpty);
        bottom.control().setVisible(!bottom.isEmpty());
        inner.setVisible(!right.isEmpty() || !bottom.isEmpty() || allEmpty);
        outer.layout(true);
        inner.layout(true);
    }

    private void placeOnScreen(Display display) {
        Rectangle screen = display.getPrimaryMonitor().getClientArea();
        int width = Math.max(MIN_WIDTH, (int) (screen.width * SCREEN_SHARE));
        int height = Math.max(MIN_HEIGHT, (int) (screen.height * SCREEN_SHARE));
        shell.setBounds(screen.x + (screen.width - width) / 2, screen.y + (screen.height - height) / 2, width, height);
    }
}
