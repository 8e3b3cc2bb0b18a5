package memwb.views.paging;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;

import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.views.support.Background;
import memwb.views.support.MachineWatch;

/**
 * The Page Tables tree. Non-leaf entries get one placeholder child, so the tree shows an expander
 * without reading the table below; expanding reads it (off the UI thread) and shows its present
 * entries. On every machine change the open tables are read again and the rows that changed redrawn.
 */
final class PageTablesPanel {
    private static final String[] COLUMNS = { "Entry", "Linear range", "Raw", "Flags", "Maps" };
    private static final int[] WIDTHS = { 140, 250, 150, 130, 180 };
    private static final String READING = "reading...";
    static final String HEX_VIEW = "memwb.view.hex";
    private static final double NANOS_PER_MILLI = 1e6;
    /** A paging structure is one page. */
    private static final long PAGE_BYTES = 4096;

    private final Composite root;
    private final Label header;
    private final Tree tree;
    private final ViewContext context;
    /** Entry addresses of the opened non-leaf entries: read again on every change. */
    private final Set<Long> open = ConcurrentHashMap.newKeySet();
    private PageTableReader reader;

    PageTablesPanel(Composite parent, ViewContext context) {
        this.context = context;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        header = new Label(root, SWT.NONE);
        header.setData(TranslationPanel.NAME, "pagetables.header");
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        tree = new Tree(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        tree.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tree.setHeaderVisible(true);
        tree.setLinesVisible(true);
        tree.setData(TranslationPanel.NAME, "pagetables.tree");
        for (int i = 0; i < COLUMNS.length; i++) {
            TreeColumn c = new TreeColumn(tree, SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(WIDTHS[i]);
        }
        tree.addListener(SWT.Expand, this::expanded);
        tree.addListener(SWT.Collapse, e -> open.remove(((PageTableEntry) e.item.getData()).entryAddress()));
        tree.addListener(SWT.Selection, e -> selected(e, null));
        tree.addListener(SWT.DefaultSelection, e -> selected(e, HEX_VIEW));
        new MachineWatch<>(tree, context, m -> PageTablesSnapshot.read(m, Set.copyOf(open)), this::show,
                header::setText);
    }

    Control control() {
        return root;
    }

    private void show(PageTablesSnapshot s) {
        reader = s.reader();
        header.setText(s.header());
        tree.setRedraw(false);
        try {
            sync(null, s.root(), s);
        } finally {
            tree.setRedraw(true);
        }
    }

    /** Makes {@code parent}'s (the tree's, if null) children show {@code entries}, keeping unchanged rows. */
    private void sync(TreeItem parent, List<PageTableEntry> entries, PageTablesSnapshot s) {
        TreeItem[] items = parent == null ? tree.getItems() : parent.getItems();
        boolean same = items.length == entries.size();
        for (int i = 0; same && i < items.length; i++) {
            same = entries.get(i).equals(items[i].getData());
        }
        if (!same) {
            for (TreeItem item : items) {
                item.dispose();
            }
            for (PageTableEntry e : entries) {
                fill(parent == null ? new TreeItem(tree, SWT.NONE) : new TreeItem(parent, SWT.NONE), e);
            }
            items = parent == null ? tree.getItems() : parent.getItems();
        }
        for (TreeItem item : items) {
            PageTableEntry e = (PageTableEntry) item.getData();
            List<PageTableEntry> children = s.opened().get(e.entryAddress());
            if (children != null) {
                sync(item, children, s);
                item.setExpanded(true);
            }
        }
    }

    private void fill(TreeItem item, PageTableEntry e) {
        item.setData(e);
        item.setText(new String[] { e.label(), e.range(), reader.raw(e.raw()), e.flags(), e.points() });
        if (!e.leaf()) {
            new TreeItem(item, SWT.NONE).setText(READING);
        }
    }

    private void expanded(Event event) {
        TreeItem item = (TreeItem) event.item;
        PageTableEntry e = (PageTableEntry) item.getData();
        open.add(e.entryAddress());
        TreeItem[] kids = item.getItems();
        if (kids.length != 1 || kids[0].getData() != null) {
            return; // already read
        }
        PageTableReader r = reader;
        long asked = System.nanoTime();
        Background.run(tree, context, () -> r.children(e), children -> {
            if (item.isDisposed()) {
                return;
            }
            long read = System.nanoTime();
            tree.setRedraw(false);
            try {
                for (TreeItem k : item.getItems()) {
                    k.dispose();
                }
                for (PageTableEntry c : children) {
                    fill(new TreeItem(item, SWT.NONE), c);
                }
                item.setExpanded(true);
            } finally {
                tree.setRedraw(true);
            }
            context.status(String.format("Page Tables: %s @0x%x: %d present entries (read and handed over in %.1f ms, "
                    + "shown in %.1f ms)", e.targetName(), e.target(), children.size(), (read - asked) / NANOS_PER_MILLI,
                    (System.nanoTime() - read) / NANOS_PER_MILLI));
        }, msg -> context.status("Page Tables: " + msg));
    }

    /** A leaf selects its frame; a table entry selects the table it points at. */
    private void selected(Event event, String viewId) {
        if (!(event.item instanceof TreeItem item) || !(item.getData() instanceof PageTableEntry e)) {
            return;
        }
        long length = e.leaf() ? e.size() : PAGE_BYTES;
        String what = e.leaf() ? String.format("frame 0x%x mapped by %s of the %s at 0x%x", e.target(), e.label(),
                e.levelName(), e.table()) : String.format("%s at 0x%x (from %s)", e.targetName(), e.target(), e.label());
        context.select(Location.physical(e.target(), length, what), viewId);
    }

}
