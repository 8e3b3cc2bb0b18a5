package memwb.ui;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

import memwb.api.view.ViewContext;

/**
 * One open Bundles view: a toolbar and a tree of bundles with their registered and used services.
 * Framework events only request a refresh; the snapshot is taken in the background, coalesced, and
 * the tree is rebuilt on the UI thread keeping expansion and selection. Its listeners are removed
 * when the control is disposed (the view closed).
 */
final class BundlesPanel {
    /** Events closer together than this give one refresh. */
    private static final long REFRESH_DELAY_MILLIS = 150;
    /** State before Version: the left stack is narrow and the state is what one looks for. */
    private static final String[] COLUMNS = { "Bundle", "Id", "State", "Version" };
    private static final int[] MIN_WIDTHS = { 240, 40, 80, 130 };
    private static final int STATE_COLUMN = 2;
    /** Item data key of a row's stable identity ("b3", "b3/registered", "b3/registered/42"). */
    private static final String KEY = "memwb.key";

    private final BundleContext context;
    private final ViewContext view;
    private final Display display;
    private final Composite root;
    private final Tree tree;
    private final ToolItem start;
    private final ToolItem stop;
    private final ToolItem uninstall;
    private final BundleActions actions;
    private final Coalescer refresh;
    private final BundleListener bundleListener = this::bundleChanged;
    private final ServiceListener serviceListener = this::serviceChanged;
    /** Whether rows were shown once (columns are packed and our bundle expanded only then). */
    private boolean shownOnce;

    BundlesPanel(Composite parent, BundleContext context, ViewContext view) {
        this.context = context;
        this.view = view;
        this.display = parent.getDisplay();
        this.actions = new BundleActions(context, view.background(), new ViewFeedback());
        this.refresh = new Coalescer(view.background(), REFRESH_DELAY_MILLIS, this::snapshot);

        root = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.verticalSpacing = 2;
        root.setLayout(layout);

        ToolBar bar = new ToolBar(root, SWT.FLAT | SWT.RIGHT);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        tool(bar, "Install...", "Install a bundle jar and start it", this::install);
        new ToolItem(bar, SWT.SEPARATOR);
        start = tool(bar, "Start", "Start the selected bundle", () -> actOnSelection("start"));
        stop = tool(bar, "Stop", "Stop the selected bundle", () -> actOnSelection("stop"));
        uninstall = tool(bar, "Uninstall", "Uninstall the selected bundle", () -> actOnSelection("uninstall"));

        tree = new Tree(root, SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        tree.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree.setHeaderVisible(true);
        tree.setLinesVisible(true);
        for (int i = 0; i < COLUMNS.length; i++) {
            TreeColumn c = new TreeColumn(tree, i == 1 ? SWT.RIGHT : SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(MIN_WIDTHS[i]);
        }
        tree.addListener(SWT.Selection, e -> updateButtons());
        tree.addListener(SWT.DefaultSelection, e -> toggle());
        updateButtons();

        context.addBundleListener(bundleListener);
        context.addServiceListener(serviceListener);
        root.addDisposeListener(e -> removeListeners());
        refresh.request();
    }

    Control control() {
        return root;
    }

    private void bundleChanged(BundleEvent event) {
        refresh.request();
    }

    private void serviceChanged(ServiceEvent event) {
        refresh.request();
    }

    private void removeListeners() {
        try {
            context.removeBundleListener(bundleListener);
            context.removeServiceListener(serviceListener);
        } catch (IllegalStateException contextGone) {
            // Our bundle stopped first; the framework dropped the listeners with it.
        }
    }

    /** Background: reads the framework, then hands the snapshot to the UI thread. */
    private void snapshot() {
        if (root.isDisposed()) {
            return; // isDisposed is safe off the UI thread; a late refresh after close is dropped
        }
        List<BundleSummary> bundles;
        try {
            bundles = BundleSnapshots.take(context);
        } catch (IllegalStateException contextGone) {
            return;
        }
        Ui.async(display, () -> render(bundles));
    }

    private void render(List<BundleSummary> bundles) {
        if (tree.isDisposed()) {
            return;
        }
        Set<String> expanded = new HashSet<>();
        collectExpanded(tree.getItems(), expanded);
        String selected = tree.getSelectionCount() == 1 ? (String) tree.getSelection()[0].getData(KEY) : null;
        String top = tree.getTopItem() == null ? null : (String) tree.getTopItem().getData(KEY);

        tree.setRedraw(false);
        try {
            tree.removeAll();
            for (BundleSummary b : bundles) {
                TreeItem item = row(null, b, "b" + b.id(), b.symbolicName(), Long.toString(b.id()), b.state(), b.version());
                if ("INSTALLED".equals(b.state())) {
                    item.setForeground(STATE_COLUMN, display.getSystemColor(SWT.COLOR_RED)); // unresolved: look here
                }
                if (b.fragment()) {
                    row(item, b, "b" + b.id() + "/host", "fragment of " + (b.host().isEmpty() ? "(no host yet)" : b.host()),
                            "", "", "");
                }
                group(item, b, "registered", "registers", b.registered());
                group(item, b, "inUse", "uses", b.inUse());
            }
            restore(tree.getItems(), expanded, selected, top);
            if (!shownOnce && !bundles.isEmpty()) {
                expandOwnBundle();
                packColumns();
                shownOnce = true;
            }
        } finally {
            tree.setRedraw(true);
        }
        updateButtons();
    }

    private void group(TreeItem parent, BundleSummary b, String key, String verb, List<BundleSummary.ServiceLine> services) {
        if (services.isEmpty()) {
            return;
        }
        String groupKey = parent.getData(KEY) + "/" + key;
        TreeItem g = row(parent, b, groupKey, verb + " " + services.size() + (services.size() == 1 ? " service" : " services"),
                "", "", "");
        for (BundleSummary.ServiceLine s : services) {
            row(g, b, groupKey + "/" + s.serviceId(), s.objectClasses(), Long.toString(s.serviceId()), "", "");
        }
    }

    private TreeItem row(TreeItem parent, BundleSummary b, String key, String... cells) {
        TreeItem item = parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE);
        item.setText(cells);
        item.setData(b);
        item.setData(KEY, key);
        return item;
    }

    private static void collectExpanded(TreeItem[] items, Set<String> out) {
        for (TreeItem i : items) {
            if (i.getExpanded()) {
                out.add((String) i.getData(KEY));
                collectExpanded(i.getItems(), out);
            }
        }
    }

    /** Re-expands top-down (GTK ignores expanding a child of a collapsed parent) and reselects. */
    private void restore(TreeItem[] items, Set<String> expanded, String selected, String top) {
        for (TreeItem i : items) {
            String key = (String) i.getData(KEY);
            if (expanded.contains(key)) {
                i.setExpanded(true);
                restore(i.getItems(), expanded, selected, top);
            }
            if (key.equals(selected)) {
                tree.setSelection(i);
            }
            if (key.equals(top)) {
                tree.setTopItem(i);
            }
        }
    }

    /** First show: open this workbench's own bundle, so the tree shows what a bundle provides and uses. */
    private void expandOwnBundle() {
        String own = "b" + context.getBundle().getBundleId();
        for (TreeItem i : tree.getItems()) {
            if (own.equals(i.getData(KEY))) {
                i.setExpanded(true); // top-down: GTK ignores expanding a child of a collapsed parent
                for (TreeItem group : i.getItems()) {
                    group.setExpanded(true);
                }
            }
        }
    }

    private void packColumns() {
        TreeColumn[] columns = tree.getColumns();
        for (int i = 0; i < columns.length; i++) {
            columns[i].pack();
            if (columns[i].getWidth() < MIN_WIDTHS[i]) {
                columns[i].setWidth(MIN_WIDTHS[i]);
            }
        }
    }

    private BundleSummary selection() {
        return tree.getSelectionCount() == 1 ? (BundleSummary) tree.getSelection()[0].getData() : null;
    }

    private void updateButtons() {
        BundleSummary b = selection();
        boolean system = b == null || b.id() == 0;
        start.setEnabled(!system && !b.fragment() && !"ACTIVE".equals(b.state()));
        stop.setEnabled(!system && !b.fragment() && ("ACTIVE".equals(b.state()) || "STARTING".equals(b.state())));
        uninstall.setEnabled(!system);
    }

    private void toggle() {
        if (tree.getSelectionCount() == 1) {
            TreeItem i = tree.getSelection()[0];
            i.setExpanded(!i.getExpanded());
        }
    }

    private void install() {
        FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
        dialog.setText("Install bundle");
        dialog.setFilterExtensions(new String[] { "*.jar", "*" });
        String chosen = dialog.open();
        if (chosen != null) {
            actions.install(Path.of(chosen));
        }
    }

    private void actOnSelection(String verb) {
        BundleSummary b = selection();
        if (b == null) {
            return;
        }
        if (b.id() == context.getBundle().getBundleId() && !confirm("Stopping or uninstalling " + b.label()
                + " closes this window. Continue?")) {
            return;
        }
        switch (verb) {
            case "start" -> {
                view.status("Starting " + b.label() + " ...");
                actions.start(b.id());
            }
            case "stop" -> {
                view.status("Stopping " + b.label() + " ...");
                actions.stop(b.id());
            }
            default -> {
                view.status("Uninstalling " + b.label() + " ...");
                actions.uninstall(b.id());
            }
        }
    }

    private boolean confirm(String question) {
        MessageBox box = new MessageBox(root.getShell(), SWT.ICON_QUESTION | SWT.YES | SWT.NO);
        box.setText("Bundles");
        box.setMessage(question);
        return box.open() == SWT.YES;
    }

    private static ToolItem tool(ToolBar bar, String text, String tip, Runnable action) {
        ToolItem item = new ToolItem(bar, SWT.PUSH);
        item.setText(text);
        item.setToolTipText(tip);
        item.addListener(SWT.Selection, e -> action.run());
        return item;
    }

    /** Reports through the workbench's status bar, and errors in a dialog over this view. */
    private final class ViewFeedback implements Feedback {
        @Override
        public void status(String message) {
            view.status(message);
        }

        @Override
        public void error(String title, String message) {
            view.status(message);
            System.err.println("memwb.ui: " + message);
            Ui.async(display, () -> {
                if (!root.isDisposed()) {
                    MessageBox box = new MessageBox(root.getShell(), SWT.ICON_ERROR | SWT.OK);
                    box.setText(title);
                    box.setMessage(message);
                    box.open();
                }
            });
        }
    }
}
