package memwb.views.physical;

import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.TableEditor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.component.annotations.Component;

import memwb.api.gdt.DescriptorCodec;
import memwb.api.gdt.GdtEntry;
import memwb.api.machine.Machine;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.views.support.MachineWatch;

/**
 * GDT: the table GDTR points at, decoded from RAM, one row per entry with its raw bytes beside it.
 * Double-click a field to edit it: the new descriptor is validated (field range, then the codec's
 * rules) before anything is written; a refused value keeps the old one and the reason shows.
 */
@Component(service = WorkbenchView.class)
public final class GdtView implements WorkbenchView {
    public static final String ID = "memwb.view.gdt";
    private static final int FIRST_FIELD_COLUMN = GdtEditor.FIRST_FIELD_COLUMN;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "GDT";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Composite root = Widgets.grid(parent, 1);
        Label header = new Label(root, SWT.NONE);
        header.setLayoutData(Widgets.fillWide());
        List<String> headers = GdtEditor.headers();
        int[] widths = new int[headers.size()];
        java.util.Arrays.fill(widths, 42);
        widths[0] = 30;
        widths[1] = 64;
        widths[2] = 180;
        widths[GdtField.BASE.ordinal() + FIRST_FIELD_COLUMN] = 96;
        widths[GdtField.LIMIT.ordinal() + FIRST_FIELD_COLUMN] = 70;
        Table table = Widgets.table(root, SWT.SINGLE, headers.toArray(String[]::new), widths);
        table.setLayoutData(Widgets.fill());
        Label reason = new Label(root, SWT.WRAP);
        reason.setLayoutData(Widgets.fillWide());
        Holder h = new Holder();
        h.watch = new MachineWatch<Snapshot>(root, context, MachineWatch.booted(Snapshot::of), snap -> {
            h.snap = snap;
            header.setText(String.format(Locale.ROOT, "GDTR base 0x%x limit 0x%x (%d slots), %s", snap.base, snap.limit,
                    (snap.limit + 1) / 8, snap.longMode ? "long mode" : "protected mode"));
            int selected = table.getSelectionIndex();
            table.setRedraw(false);
            table.removeAll();
            for (String[] cells : snap.rows) {
                new TableItem(table, SWT.NONE).setText(cells);
            }
            if (selected >= 0 && selected < table.getItemCount()) {
                table.setSelection(selected);
            }
            table.setRedraw(true);
        });
        table.addListener(SWT.Selection, e -> {
            int i = table.getSelectionIndex();
            if (h.snap != null && i >= 0 && i < h.snap.entries.size()) {
                GdtEntry entry = h.snap.entries.get(i);
                context.select(Location.physical(h.snap.base + entry.index() * 8L, entry.wide() ? 16 : 8,
                        "GDT entry " + entry.index()), null);
            }
        });
        table.addListener(SWT.MouseDoubleClick, e -> edit(table, e.x, e.y, h, context, reason));
        return root;
    }

    private static void edit(Table table, int x, int y, Holder h, ViewContext context, Label reason) {
        TableItem item = table.getItem(new Point(x, y));
        if (item == null || h.snap == null) {
            return;
        }
        int column = -1;
        for (int c = FIRST_FIELD_COLUMN; c < FIRST_FIELD_COLUMN + GdtField.values().length; c++) {
            if (item.getBounds(c).contains(x, y)) {
                column = c;
            }
        }
        if (column < 0) {
            return;
        }
        GdtEntry entry = h.snap.entries.get(table.indexOf(item));
        GdtField field = GdtField.values()[column - FIRST_FIELD_COLUMN];
        TableEditor editor = new TableEditor(table);
        editor.grabHorizontal = true;
        Text text = new Text(table, SWT.NONE);
        text.setText(item.getText(column));
        text.selectAll();
        editor.setEditor(text, item, column);
        text.setFocus();
        Machine m = h.watch.machine();
        long base = h.snap.base;
        text.addListener(SWT.DefaultSelection, e -> {
            String value = text.getText();
            text.dispose();
            context.background().execute(() -> {
                String outcome;
                try {
                    DescriptorCodec codec = context.service(DescriptorCodec.class);
                    if (codec == null) {
                        throw new IllegalStateException("no DescriptorCodec service installed");
                    }
                    new GdtEditor(codec).edit(m.ram(), base, entry, field, value);
                    outcome = String.format(Locale.ROOT, "GDT entry %d: %s = %s written", entry.index(), field.label(), value.trim());
                    m.record("gdt.edit", base + entry.index() * 8L, outcome);
                } catch (RuntimeException ex) {
                    outcome = "Refused, old value kept: " + ex.getMessage();
                }
                String shown = outcome;
                context.status(shown);
                table.getDisplay().asyncExec(() -> {
                    if (!reason.isDisposed()) {
                        reason.setText(shown);
                        reason.getParent().layout(new Control[] { reason });
                    }
                });
                h.watch.refresh();
            });
        });
        text.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_ESCAPE) {
                text.dispose();
            }
        });
        text.addListener(SWT.FocusOut, e -> text.dispose());
    }

    private static final class Holder {
        MachineWatch<Snapshot> watch;
        Snapshot snap;
    }

    /** The table as read in the background. */
    private record Snapshot(long base, int limit, boolean longMode, List<GdtEntry> entries, List<String[]> rows) {
        static Snapshot of(Machine m) {
            List<GdtEntry> entries = m.gdt();
            long base = m.gdtr().base();
            return new Snapshot(base, m.gdtr().limit(), m.longMode(), entries,
                    entries.stream().map(e -> GdtEditor.row(m.ram(), base, e)).toList());
        }
    }
}
