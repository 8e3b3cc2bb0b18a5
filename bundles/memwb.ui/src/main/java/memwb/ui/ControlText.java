package memwb.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * The rows a user can see in a view's main Table or Tree, as text: one line per row, cells joined by
 * tabs, tree rows indented two spaces per level (only rows under expanded parents). Call on the UI
 * thread. This is what {@code ui:dump} returns, so tests assert on real content.
 */
final class ControlText {
    private static final String INDENT = "  ";

    private ControlText() {
    }

    /** The first Table or Tree under {@code root} (depth first), or null. */
    static Control mainTable(Control root) {
        if (root instanceof Table || root instanceof Tree) {
            return root;
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                Control found = mainTable(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The first StyledText under {@code root} (a console's output), or null. */
    static org.eclipse.swt.custom.StyledText mainText(Control root) {
        if (root instanceof org.eclipse.swt.custom.StyledText t) {
            return t;
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                org.eclipse.swt.custom.StyledText found = mainText(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The visible rows of {@code table} (a Table or a Tree), one String per row. */
    static List<String> rows(Control table) {
        List<String> out = new ArrayList<>();
        if (table instanceof Table t) {
            int columns = Math.max(1, t.getColumnCount());
            // A virtual table may have millions of rows: only the ones on screen are real.
            TableItem[] items = (t.getStyle() & SWT.VIRTUAL) != 0 ? visibleItems(t) : t.getItems();
            for (TableItem item : items) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < columns; i++) {
                    cells.add(item.getText(i));
                }
                out.add(String.join("\t", cells));
            }
        } else if (table instanceof Tree t) {
            int columns = Math.max(1, t.getColumnCount());
            for (TreeItem item : t.getItems()) {
                addTreeRows(item, columns, 0, out);
            }
        } else {
            throw new IllegalArgumentException("not a Table or Tree: " + table);
        }
        return out;
    }

    /** The rows of a virtual table from the top one shown down to the bottom of its client area. */
    private static TableItem[] visibleItems(Table t) {
        int top = t.getTopIndex();
        int perPage = Math.max(1, (t.getClientArea().height - t.getHeaderHeight()) / Math.max(1, t.getItemHeight()) + 1);
        int end = Math.min(t.getItemCount(), top + perPage);
        TableItem[] out = new TableItem[Math.max(0, end - top)];
        for (int i = top; i < end; i++) {
            out[i - top] = t.getItem(i);
        }
        return out;
    }

    private static void addTreeRows(TreeItem item, int columns, int depth, List<String> out) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            cells.add(i == 0 ? INDENT.repeat(depth) + item.getText(i) : item.getText(i));
        }
        out.add(String.join("\t", cells));
        if (item.getExpanded()) {
            for (TreeItem child : item.getItems()) {
                addTreeRows(child, columns, depth + 1, out);
            }
        }
    }
}
