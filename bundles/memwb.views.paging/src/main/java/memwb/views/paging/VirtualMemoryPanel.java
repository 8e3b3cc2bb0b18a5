package memwb.views.paging;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.views.support.MachineWatch;

/**
 * Bands on an axis (holes collapsed, see {@link BandLayout}) above a table of the same runs.
 * Clicking a band or a row selects the run's start as a virtual location.
 */
final class VirtualMemoryPanel {
    private static final String[] COLUMNS = { "Start", "End", "Size", "Prot", "Physical", "Pages" };
    private static final int[] WIDTHS = { 150, 150, 80, 55, 100, 60 };
    private static final int AXIS_HEIGHT = 96;
    private static final int BAND_TOP = 22;
    private static final int BAND_HEIGHT = 36;
    private static final int MARGIN = 8;
    private static final int LABEL_GAP = 4;
    private static final Color KERNEL_EXEC = new Color(225, 130, 70);
    private static final Color KERNEL_WRITE = new Color(80, 130, 215);
    private static final Color KERNEL_READ = new Color(160, 160, 170);
    private static final Color USER = new Color(80, 175, 95);
    private static final Color INK = new Color(30, 30, 30);

    private final Composite root;
    private final Label header;
    private final Canvas axis;
    private final Table table;
    private final ViewContext context;
    private List<VirtualRun> runs = List.of();
    private List<BandLayout.Band> bands = List.of();
    private VirtualRun selected;

    VirtualMemoryPanel(Composite parent, ViewContext context) {
        this.context = context;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        header = new Label(root, SWT.NONE);
        header.setData(TranslationPanel.NAME, "virtualmemory.header");
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        axis = new Canvas(root, SWT.DOUBLE_BUFFERED);
        GridData ad = new GridData(SWT.FILL, SWT.TOP, true, false);
        ad.heightHint = AXIS_HEIGHT;
        axis.setLayoutData(ad);
        table = new Table(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(WIDTHS[i]);
        }
        axis.addListener(SWT.Paint, e -> paint(e.gc));
        axis.addListener(SWT.Resize, e -> relayout());
        axis.addListener(SWT.MouseMove, this::hover);
        axis.addListener(SWT.MouseDown, e -> {
            BandLayout.Band b = BandLayout.at(bands, e.x - MARGIN);
            if (b != null) {
                select(b.run());
            }
        });
        table.addListener(SWT.Selection, e -> select((VirtualRun) e.item.getData()));
        Runnable unlisten = context.onSelection(this::selectedElsewhere);
        root.addListener(SWT.Dispose, e -> unlisten.run());
        new MachineWatch<>(root, context, VirtualMemorySnapshot::read, this::show, header::setText);
    }

    Control control() {
        return root;
    }

    private void show(VirtualMemorySnapshot s) {
        header.setText(s.header());
        runs = s.runs();
        table.setRedraw(false);
        try {
            table.removeAll();
            for (VirtualRun r : runs) {
                TableItem item = new TableItem(table, SWT.NONE);
                item.setData(r);
                item.setText(new String[] { String.format("0x%016x", r.start()), String.format("0x%016x", r.end()),
                        Sizes.name(r.size()), r.protection(), String.format("0x%x", r.pa()),
                        Long.toString(r.mappings()) });
            }
        } finally {
            table.setRedraw(true);
        }
        relayout();
    }

    private void relayout() {
        bands = BandLayout.layout(runs, Math.max(0, axis.getClientArea().width - 2 * MARGIN));
        axis.redraw();
    }

    private void paint(GC gc) {
        gc.setForeground(INK);
        if (runs.isEmpty()) {
            gc.drawText("nothing mapped", MARGIN, BAND_TOP, true);
            return;
        }
        if (bands.isEmpty()) {
            gc.drawText(runs.size() + " runs: too many to draw at this width (see the table)", MARGIN, BAND_TOP, true);
            return;
        }
        gc.drawText("linear addresses (holes collapsed; band width grows with log2 of the pages)", MARGIN, 2, true);
        int lastLabelEnd = Integer.MIN_VALUE;
        int row = 0;
        for (BandLayout.Band b : bands) {
            int x = MARGIN + b.x();
            if (b.gapBefore()) {
                int gx = x - BandLayout.GAP / 2;
                gc.drawLine(gx - 2, BAND_TOP + BAND_HEIGHT, gx + 2, BAND_TOP);
            }
            gc.setBackground(colour(b.run()));
            gc.fillRectangle(x, BAND_TOP, b.width() - 1, BAND_HEIGHT);
            if (b.run().equals(selected)) {
                gc.setLineWidth(2);
                gc.drawRectangle(x, BAND_TOP, b.width() - 2, BAND_HEIGHT);
                gc.setLineWidth(1);
            }
            String prot = b.run().protection();
            Point ps = gc.textExtent(prot);
            if (ps.x + LABEL_GAP < b.width()) {
                gc.drawText(prot, x + (b.width() - ps.x) / 2, BAND_TOP + (BAND_HEIGHT - ps.y) / 2, true);
            }
            String start = String.format("0x%x", b.run().start());
            Point ss = gc.textExtent(start);
            int right = axis.getClientArea().width - MARGIN;
            if (x + ss.x > right) {
                x = Math.max(MARGIN, right - ss.x); // the last labels end at the edge instead of being cut
            }
            row = x > lastLabelEnd ? 0 : row + 1;
            if (row < 2) {
                gc.drawText(start, x, BAND_TOP + BAND_HEIGHT + 2 + row * ss.y, true);
                lastLabelEnd = Math.max(lastLabelEnd, x + ss.x + LABEL_GAP);
            }
        }
    }

    private static Color colour(VirtualRun r) {
        if (r.rights().user()) {
            return USER;
        }
        return r.rights().executable() ? KERNEL_EXEC : r.rights().writable() ? KERNEL_WRITE : KERNEL_READ;
    }

    private void hover(Event e) {
        BandLayout.Band b = BandLayout.at(bands, e.x - MARGIN);
        String tip = b == null ? null : String.format("0x%x-0x%x %s %s -> 0x%x", b.run().start(), b.run().end() - 1,
                Sizes.name(b.run().size()), b.run().protection(), b.run().pa());
        if (tip == null ? axis.getToolTipText() != null : !tip.equals(axis.getToolTipText())) {
            axis.setToolTipText(tip);
        }
    }

    /** A virtual address selected in another view (a heap block, a walk) marks the run holding it. */
    private void selectedElsewhere(Location l) {
        if (l.space() != Location.Space.VIRTUAL || root.isDisposed()) {
            return;
        }
        for (int i = 0; i < runs.size(); i++) {
            VirtualRun r = runs.get(i);
            if (Long.compareUnsigned(l.address(), r.start()) >= 0 && Long.compareUnsigned(l.address(), r.end()) < 0) {
                selected = r;
                table.setSelection(i);
                axis.redraw();
                return;
            }
        }
    }

    private void select(VirtualRun r) {
        selected = r;
        int i = runs.indexOf(r);
        if (i >= 0 && table.getSelectionIndex() != i) {
            table.setSelection(i);
        }
        axis.redraw();
        context.select(Location.virtual(r.start(), r.size(), String.format("run %s %s", r.protection(),
                Sizes.name(r.size()))), null);
    }
}
