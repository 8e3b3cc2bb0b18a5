package memwb.views.heap;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
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

import memwb.api.heap.FreeList;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapMemory;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.views.support.MachineWatch;

/**
 * The heap's title and check line, the block strip (headers, used, free; click a block to open it in
 * Hex), the free lists as a table and the plots. Each machine version adds one sample to the plots.
 */
final class HeapPanel {
    private static final String HEX_VIEW = "memwb.view.hex";
    /** Widget data key of the names a GUI test finds the labels by. */
    private static final String NAME = "memwb.name";
    /** Samples kept for the plots: a few minutes of steady changes. */
    private static final int HISTORY = 600;
    private static final int STRIP_HEIGHT = 150;
    private static final int ROW_HEIGHT = 12;
    private static final int ROW_GAP = 2;
    private static final int MARGIN = 6;
    private static final int LEGEND_SWATCH = 10;
    private static final String[] COLUMNS = { "Free list", "Blocks", "Headers (list order)" };
    private static final int[] WIDTHS = { 240, 50, 300 };
    private static final Color HEADER = new Color(80, 80, 90);
    private static final Color USED = new Color(70, 130, 205);
    private static final Color FREE = new Color(130, 205, 130);
    private static final Color SLOT_USED = new Color(40, 150, 160);
    private static final Color SLOT_FREE = new Color(190, 230, 190);
    private static final Color SLOT_EDGE = new Color(245, 245, 245);
    private static final Color INK = new Color(30, 30, 30);
    private static final Color OK = new Color(30, 120, 50);
    private static final Color BAD = new Color(190, 30, 30);
    private static final int MAX_HEADERS_SHOWN = 16;

    private final Composite root;
    private final Label title;
    private final Label check;
    private final Canvas strip;
    private final Table lists;
    private final HeapPlots plots;
    private final HeapHistory history = new HeapHistory(HISTORY);
    private final ViewContext context;
    private HeapSnapshot snapshot = HeapSnapshot.none("reading...");
    private List<HeapStrip.Segment> segments = List.of();
    private long bytesPerRow = 1;

    HeapPanel(Composite parent, ViewContext context) {
        this.context = context;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        title = new Label(root, SWT.NONE);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        check = new Label(root, SWT.NONE);
        title.setData(NAME, "heap.title");
        check.setData(NAME, "heap.check");
        check.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        strip = new Canvas(root, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.heightHint = STRIP_HEIGHT;
        strip.setLayoutData(sd);
        SashForm bottom = new SashForm(root, SWT.HORIZONTAL);
        bottom.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        lists = new Table(bottom, SWT.BORDER | SWT.FULL_SELECTION);
        lists.setHeaderVisible(true);
        lists.setLinesVisible(true);
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn c = new TableColumn(lists, SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(WIDTHS[i]);
        }
        plots = new HeapPlots(bottom, history);
        bottom.setWeights(1, 1);
        strip.addListener(SWT.Paint, e -> paint(e.gc));
        strip.addListener(SWT.Resize, e -> relayout());
        strip.addListener(SWT.MouseMove, this::hover);
        strip.addListener(SWT.MouseDown, this::clicked);
        new MachineWatch<>(root, context, HeapSnapshot::read, this::show, msg -> show(HeapSnapshot.none(msg)));
    }

    Control control() {
        return root;
    }

    private void show(HeapSnapshot s) {
        snapshot = s;
        title.setText(s.title());
        check.setText(s.heap() ? s.checkLine() : "");
        check.setForeground(s.problems().isEmpty() ? OK : BAD);
        if (s.heap()) {
            history.add(HeapSample.of(s.version(), s.stats()));
        } else {
            history.clear();
        }
        lists.setRedraw(false);
        try {
            lists.removeAll();
            // Segregated heaps have dozens of bins, most of them empty: list the ones with blocks.
            for (FreeList f : s.freeLists()) {
                if (!f.blocks().isEmpty()) {
                    new TableItem(lists, SWT.NONE).setText(new String[] { f.name(),
                            Integer.toString(f.blocks().size()), headers(f.blocks()) });
                }
            }
            if (s.heap() && lists.getItemCount() == 0) {
                new TableItem(lists, SWT.NONE).setText(new String[] { "(every free list is empty)", "0", "" });
            }
        } finally {
            lists.setRedraw(true);
        }
        relayout();
        plots.redraw();
    }

    private static String headers(List<Long> blocks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < blocks.size() && i < MAX_HEADERS_SHOWN; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("0x%x", blocks.get(i)));
        }
        if (blocks.size() > MAX_HEADERS_SHOWN) {
            sb.append(" ... (").append(blocks.size() - MAX_HEADERS_SHOWN).append(" more)");
        }
        return sb.toString();
    }

    private int legendHeight() {
        return ROW_HEIGHT + 2 * ROW_GAP;
    }

    private void relayout() {
        Rectangle a = strip.getClientArea();
        int rows = Math.max(1, (a.height - legendHeight() - MARGIN) / (ROW_HEIGHT + ROW_GAP));
        bytesPerRow = HeapStrip.bytesPerRow(Math.max(1, HeapStrip.span(snapshot.blocks())), rows);
        segments = HeapStrip.layout(snapshot.blocks(), bytesPerRow);
        strip.redraw();
    }

    private void paint(GC gc) {
        Rectangle a = strip.getClientArea();
        gc.setForeground(INK);
        if (!snapshot.heap()) {
            gc.drawText(snapshot.title(), MARGIN, MARGIN, true);
            return;
        }
        int x = MARGIN;
        x = swatch(gc, x, HEADER, "header");
        x = swatch(gc, x, USED, "used");
        x = swatch(gc, x, FREE, "free");
        if (snapshot.blocks().stream().anyMatch(b -> b.kind() == HeapBlock.Kind.SLOT)) {
            x = swatch(gc, x, SLOT_USED, "slot");
            x = swatch(gc, x, SLOT_FREE, "free slot");
        }
        gc.setBackground(BAD);
        gc.fillRectangle(x, ROW_GAP + 2, 2, LEGEND_SWATCH);
        gc.drawText("hole", x + 5, ROW_GAP, true);
        x += 5 + gc.textExtent("hole").x + 2 * MARGIN;
        String scale = String.format("%d blocks from 0x%x, %d bytes per row", snapshot.blocks().size(),
                snapshot.blocks().isEmpty() ? 0 : snapshot.blocks().get(0).header(), bytesPerRow);
        gc.drawText(scale, x + MARGIN, ROW_GAP, true);
        double pxPerByte = (double) (a.width - 2 * MARGIN) / bytesPerRow;
        for (HeapStrip.Segment s : segments) {
            int x0 = MARGIN + (int) Math.floor(s.offset() * pxPerByte);
            if (s.kind() == HeapStrip.Kind.GAP) {
                gc.setForeground(BAD);
                gc.setLineWidth(2);
                gc.drawLine(x0, rowY(s.row()) - 1, x0, rowY(s.row()) + ROW_HEIGHT);
                gc.setLineWidth(1);
                continue;
            }
            gc.setBackground(colour(s.kind()));
            int x1 = MARGIN + (int) Math.ceil((s.offset() + s.length()) * pxPerByte);
            gc.fillRectangle(x0, rowY(s.row()), Math.max(1, x1 - x0), ROW_HEIGHT);
            boolean slot = s.kind() == HeapStrip.Kind.SLOT_USED || s.kind() == HeapStrip.Kind.SLOT_FREE;
            if (slot && x1 - x0 >= 4) {
                // Slots have no header to separate them: a thin edge shows where each one starts.
                gc.setForeground(SLOT_EDGE);
                gc.drawLine(x0, rowY(s.row()), x0, rowY(s.row()) + ROW_HEIGHT - 1);
                gc.setForeground(INK);
            }
        }
    }

    private static Color colour(HeapStrip.Kind kind) {
        return switch (kind) {
            case HEADER -> HEADER;
            case USED -> USED;
            case FREE -> FREE;
            case SLOT_USED -> SLOT_USED;
            case SLOT_FREE -> SLOT_FREE;
            case GAP -> BAD;
        };
    }

    private int swatch(GC gc, int x, Color colour, String name) {
        gc.setBackground(colour);
        gc.fillRectangle(x, ROW_GAP + 2, LEGEND_SWATCH, LEGEND_SWATCH);
        gc.drawText(name, x + LEGEND_SWATCH + 3, ROW_GAP, true);
        return x + LEGEND_SWATCH + 3 + gc.textExtent(name).x + 2 * MARGIN;
    }

    private int rowY(int row) {
        return legendHeight() + row * (ROW_HEIGHT + ROW_GAP);
    }

    private HeapBlock blockAt(int px, int py) {
        int row = (py - legendHeight()) / (ROW_HEIGHT + ROW_GAP);
        if (py < legendHeight() || snapshot.blocks().isEmpty()) {
            return null;
        }
        double pxPerByte = (double) (strip.getClientArea().width - 2 * MARGIN) / bytesPerRow;
        int i = HeapStrip.blockAt(segments, row, (long) ((px - MARGIN) / pxPerByte));
        return i < 0 ? null : snapshot.blocks().get(i);
    }

    private void hover(Event e) {
        HeapBlock b = blockAt(e.x, e.y);
        String tip = b == null ? null : tip(b);
        if (tip == null ? strip.getToolTipText() != null : !tip.equals(strip.getToolTipText())) {
            strip.setToolTipText(tip);
        }
    }

    static String tip(HeapBlock b) {
        return switch (b.kind()) {
            case BLOCK -> String.format("%s: header 0x%x, payload 0x%x, %d bytes", b.label(), b.header(), b.payload(), b.size());
            case SLOT -> String.format("%s: 0x%x, %d bytes, no header (slab page 0x%x)", b.label(), b.payload(), b.size(),
                    b.payload() & -HeapMemory.PAGE_SIZE);
            case SLAB -> String.format("%s: 0x%x-0x%x, %d bytes", b.label(), b.header(), b.end(), b.size());
        };
    }

    private void clicked(Event e) {
        HeapBlock b = blockAt(e.x, e.y);
        if (b != null) {
            context.select(Location.virtual(b.header(), b.size(), String.format(b.kind() == HeapBlock.Kind.BLOCK ? "heap %s, header at 0x%x" : "heap %s at 0x%x",
                    b.label(), b.header())), HEX_VIEW);
        }
    }
}
