package memwb.views.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import memwb.views.support.FakeViewContext;
import memwb.views.support.SwtTests;
import memwb.api.view.Location;
import memwb.api.vmm.MapOptions;
import memwb.api.vmm.Rights;

/** The panels on a real display (skipped without X): what a user sees after typing, expanding, clicking. */
class PanelsTest {
    private Display display;
    private Shell shell;
    private Rig rig;
    private FakeViewContext context;

    @BeforeEach
    void open() {
        display = SwtTests.display();
        shell = new Shell(display);
        shell.setSize(900, 600);
        shell.setLayout(new org.eclipse.swt.layout.FillLayout());
        rig = new Rig();
        rig.kernel.map(Rig.KERNEL_VA, Rig.KERNEL_PHYS, 2 * Rig.MIB, Rights.parse("x"), MapOptions.DEFAULT.withPageSize(4096));
        context = new FakeViewContext(() -> rig.machine);
    }

    @AfterEach
    void close() {
        if (shell != null) {
            shell.dispose();
        }
    }

    @Test
    void typingAnAddressShowsTheWalkAndThePhysicalAddress() {
        new TranslationPanel(shell, context);
        shell.open();
        Text address = named(shell, "translation.address", Text.class);
        Text outcome = named(shell, "translation.outcome", Text.class);
        address.setText("0xffffffff80001234");
        address.notifyListeners(SWT.DefaultSelection, new Event());
        assertTrue(SwtTests.until(display, () -> outcome.getText().contains("=> physical")), outcome.getText());
        assertTrue(outcome.getText().contains("=> physical 0x201234 (4 KiB page, rights -r-x)"), outcome.getText());
        assertEquals(Location.physical(0x201234, 1, "0x201234, translated from 0xffffffff80001234"), context.selection(),
                "the other views mark the byte reached");
        Table steps = named(shell, null, Table.class);
        assertEquals(4, steps.getItemCount());
        assertEquals("0x" + Long.toHexString(rig.kernel.root()), steps.getItem(0).getText(1));
        assertEquals("511", steps.getItem(0).getText(2));
        assertEquals("PT", steps.getItem(3).getText(0));
    }

    @Test
    void badInputIsShownNamingItAndLeavesTheWalkEmpty() {
        new TranslationPanel(shell, context);
        shell.open();
        Text address = named(shell, "translation.address", Text.class);
        Text outcome = named(shell, "translation.outcome", Text.class);
        named(shell, "translation.access", Combo.class).select(1);
        address.setText("12three");
        address.notifyListeners(SWT.DefaultSelection, new Event());
        assertTrue(SwtTests.until(display, () -> outcome.getText().contains("12three")), outcome.getText());
        assertEquals("address: \"12three\" is not a number (use 0x1000, 4096, 128M or 4G)", outcome.getText());
        assertEquals(0, named(shell, null, Table.class).getItemCount());
        assertEquals(display.getSystemColor(SWT.COLOR_RED), outcome.getForeground());
    }

    @Test
    void aVirtualLocationSelectedElsewhereFillsTheAddress() {
        new TranslationPanel(shell, context);
        context.select(Location.virtual(0xffffffff80400000L, 4096, "heap block"), null);
        assertEquals("0xffffffff80400000", named(shell, "translation.address", Text.class).getText());
    }

    @Test
    void thePageTableTreeReadsATableOnlyWhenItsRowIsExpandedAndALeafSelectsItsFrame() {
        new PageTablesPanel(shell, context);
        shell.open();
        Tree tree = named(shell, "pagetables.tree", Tree.class);
        assertTrue(SwtTests.until(display, () -> tree.getItemCount() == 1), "the root's one present entry");
        TreeItem pml4e = tree.getItem(0);
        assertEquals("PML4[511]", pml4e.getText(0));
        assertEquals(1, pml4e.getItemCount());
        assertEquals("reading...", pml4e.getItem(0).getText(), "a placeholder: the PDPT is not read yet");

        TreeItem pdpte = expand(tree, pml4e);
        assertEquals("PDPT[510]", pdpte.getText(0));
        TreeItem pde = expand(tree, pdpte);
        assertEquals("PD[0]", pde.getText(0));
        expand(tree, pde);
        assertEquals(512, pde.getItemCount(), "2 MiB in 4 KiB pages");
        TreeItem pte = pde.getItem(3);
        assertEquals("PT[3]", pte.getText(0));
        assertEquals("frame 0x203000 (4 KiB)", pte.getText(4));
        assertTrue(context.statuses.stream().anyMatch(s -> s.startsWith("Page Tables: PT @0x") && s.contains("512 present")),
                context.statuses.toString());

        Event click = new Event();
        click.item = pte;
        tree.notifyListeners(SWT.Selection, click);
        Location l = context.selection();
        assertEquals(Location.Space.PHYSICAL, l.space());
        assertEquals(0x203000, l.address());
        assertEquals(4096, l.length());
        assertTrue(l.label().startsWith("frame 0x203000 mapped by PT[3] of the PT at 0x"), l.label());
    }

    @Test
    void anOpenTableIsReadAgainWhenTheTablesChange() {
        new PageTablesPanel(shell, context);
        shell.open();
        Tree tree = named(shell, "pagetables.tree", Tree.class);
        assertTrue(SwtTests.until(display, () -> tree.getItemCount() == 1));
        TreeItem pde = expand(tree, expand(tree, tree.getItem(0)));
        expand(tree, pde);
        rig.kernel.unmap(Rig.KERNEL_VA, 4096);
        assertTrue(SwtTests.until(display, () -> pde.getItemCount() == 511), "the unmapped PTE disappears");
        assertEquals("PT[1]", pde.getItem(0).getText(0), "PT[0] was the page unmapped");
        assertTrue(pde.getExpanded(), "the row stays open");
    }

    @Test
    void virtualMemoryListsTheRunsAndMarksTheRunHoldingAnAddressSelectedElsewhere() {
        rig.kernel.map(0x400000, 0x300000, 3 * 4096, Rights.parse("wu"));
        new VirtualMemoryPanel(shell, context);
        shell.open();
        Table table = named(shell, null, Table.class);
        assertTrue(SwtTests.until(display, () -> table.getItemCount() == 2), "two runs");
        assertEquals("0x0000000000400000\t0x0000000000403000\t12 KiB\turw-\t0x300000\t3", row(table, 0));
        assertEquals("0xffffffff80000000\t0xffffffff80200000\t2 MiB\t-r-x\t0x200000\t512", row(table, 1));
        context.select(Location.virtual(0xffffffff80001000L, 8, "elsewhere"), null);
        assertEquals(1, table.getSelectionIndex());

        table.setSelection(0);
        Event click = new Event();
        click.item = table.getItem(0);
        table.notifyListeners(SWT.Selection, click);
        assertEquals(Location.virtual(0x400000, 3 * 4096, "run urw- 12 KiB"), context.selection());
    }

    private static String row(Table t, int i) {
        String[] cells = new String[t.getColumnCount()];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = t.getItem(i).getText(c);
        }
        return String.join("\t", cells);
    }

    /** Expands {@code item} as a user does and returns its first child once read. */
    private TreeItem expand(Tree tree, TreeItem item) {
        Event e = new Event();
        e.item = item;
        tree.notifyListeners(SWT.Expand, e);
        item.setExpanded(true);
        assertTrue(SwtTests.until(display, () -> item.getItemCount() > 0 && item.getItem(0).getData() != null),
                "no children read for " + item.getText());
        return item.getItem(0);
    }

    private static <T extends Control> T named(Composite root, String name, Class<T> type) {
        for (Control c : root.getChildren()) {
            if (type.isInstance(c) && (name == null || name.equals(c.getData(TranslationPanel.NAME)))) {
                return type.cast(c);
            }
            if (c instanceof Composite comp) {
                T found = named(comp, name, type);
                if (found != null) {
                    return found;
                }
            }
        }
        if (root instanceof Shell) {
            throw new AssertionError("no " + type.getSimpleName() + " named " + name + " in "
                    + Arrays.toString(root.getChildren()));
        }
        return null;
    }
}
