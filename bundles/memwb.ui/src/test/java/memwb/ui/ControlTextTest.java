package memwb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlTextTest {
    private static Display display;
    private Shell shell;

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
    void openShell() {
        shell = new Shell(display);
    }

    @AfterEach
    void closeShell() {
        shell.dispose();
    }

    @Test
    void theMainTableIsTheFirstTableOrTreeDepthFirst() {
        Composite outer = new Composite(shell, SWT.NONE);
        new Label(outer, SWT.NONE);
        Composite inner = new Composite(outer, SWT.NONE);
        Table table = new Table(inner, SWT.NONE);
        new Tree(outer, SWT.NONE);
        assertSame(table, ControlText.mainTable(outer));
        assertNull(ControlText.mainTable(new Label(shell, SWT.NONE)));
    }

    @Test
    void tableRowsAreTabSeparatedCells() {
        Table table = new Table(shell, SWT.NONE);
        new TableColumn(table, SWT.NONE);
        new TableColumn(table, SWT.NONE);
        new TableItem(table, SWT.NONE).setText(new String[] { "org.apache.felix.scr", "ACTIVE" });
        new TableItem(table, SWT.NONE).setText(new String[] { "memwb.api", "RESOLVED" });
        assertEquals(List.of("org.apache.felix.scr\tACTIVE", "memwb.api\tRESOLVED"), ControlText.rows(table));
    }

    @Test
    void treeRowsShowOnlyChildrenOfExpandedParentsIndentedByDepth() {
        Tree tree = new Tree(shell, SWT.NONE);
        new TreeColumn(tree, SWT.NONE);
        new TreeColumn(tree, SWT.NONE);
        TreeItem open = new TreeItem(tree, SWT.NONE);
        open.setText(new String[] { "memwb.ui", "6" });
        TreeItem group = new TreeItem(open, SWT.NONE);
        group.setText("registers 1 service");
        new TreeItem(group, SWT.NONE).setText(new String[] { "memwb.api.view.WorkbenchView", "12" });
        TreeItem closed = new TreeItem(tree, SWT.NONE);
        closed.setText(new String[] { "memwb.api", "5" });
        new TreeItem(closed, SWT.NONE).setText("hidden");
        open.setExpanded(true); // top-down, as GTK needs
        group.setExpanded(true);
        assertEquals(List.of("memwb.ui\t6", "  registers 1 service\t", "    memwb.api.view.WorkbenchView\t12",
                "memwb.api\t5"), ControlText.rows(tree));
    }
}
