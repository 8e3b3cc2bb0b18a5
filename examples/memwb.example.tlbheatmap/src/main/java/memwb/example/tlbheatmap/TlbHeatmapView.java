package memwb.example.tlbheatmap;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.osgi.service.component.annotations.Component;

import memwb.api.machine.Machine;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.TlbEntryInfo;
import memwb.api.vmm.TlbStats;
import memwb.views.support.MachineWatch;

/**
 * A third-party view in one class: the TLB as a grid of sets (rows) by ways (columns), one grid for
 * 4 KiB pages and one for large pages, each valid entry coloured by its page size, with the hit and
 * miss counters. The annotation makes it a service; the workbench lists it under Window > Show View.
 */
@Component(service = WorkbenchView.class)
public final class TlbHeatmapView implements WorkbenchView {
    private static final int CELL_W = 150, CELL_H = 18, PAD = 8;
    private static final Color EMPTY = new Color(230, 230, 230), SMALL = new Color(120, 170, 230),
            LARGE = new Color(240, 160, 80), HUGE = new Color(210, 80, 80), INK = new Color(20, 20, 20);

    /** What one refresh draws: read off the UI thread, drawn on it. */
    private record Snapshot(String title, TlbConfig config, List<TlbEntryInfo> entries) {
    }

    @Override
    public String id() {
        return "memwb.example.tlbheatmap";
    }

    @Override
    public String title() {
        return "TLB Heat Map";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Canvas canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL);
        Snapshot[] shown = { new Snapshot("no machine", null, List.of()) };
        canvas.addListener(SWT.Paint, e -> paint(e.gc, shown[0], canvas.getVerticalBar().getSelection()));
        canvas.getVerticalBar().addListener(SWT.Selection, e -> canvas.redraw());
        // Polls the machine's version off the UI thread (at most 30 times a second), reads in the background.
        new MachineWatch<>(canvas, context, TlbHeatmapView::read, snap -> {
            shown[0] = snap;
            canvas.getVerticalBar().setMaximum(height(snap));
            canvas.getVerticalBar().setThumb(canvas.getClientArea().height);
            canvas.redraw();
        });
        return canvas;
    }

    private static Snapshot read(Machine m) {
        if (m == null || m.mmu().isEmpty()) {
            return new Snapshot(m == null ? "no machine" : "paging is off: no TLB", null, List.of());
        }
        Mmu mmu = m.mmu().get();
        TlbStats s = mmu.tlbStats();
        return new Snapshot(String.format("%d hits, %d misses (%.1f%% hits), %d fills, %d evictions, %d flushes",
                s.hits(), s.misses(), 100 * s.hitRate(), s.fills(), s.evictions(), s.flushes()), mmu.tlbConfig(),
                mmu.tlbEntries());
    }

    private static int height(Snapshot s) {
        return s.config() == null ? 0 : (s.config().entries4k() / s.config().ways4k()
                + s.config().entriesLarge() / s.config().waysLarge() + 4) * CELL_H + 4 * PAD;
    }

    private static void paint(GC gc, Snapshot s, int scroll) {
        gc.setForeground(INK);
        gc.drawText(s.title(), PAD, PAD - scroll, true);
        if (s.config() != null) {
            int y = PAD + 2 * CELL_H - scroll;
            y = grid(gc, s, false, s.config().entries4k(), s.config().ways4k(), y);
            grid(gc, s, true, s.config().entriesLarge(), s.config().waysLarge(), y + CELL_H);
        }
    }

    /** Draws one TLB (sets down, ways across) from {@code y}; returns the y below it. */
    private static int grid(GC gc, Snapshot s, boolean large, int entries, int ways, int y) {
        gc.drawText((large ? "large-page TLB: " : "4 KiB TLB: ") + entries + " entries, " + ways + " ways", PAD, y, true);
        for (int set = 0; set < entries / ways; set++) {
            for (int way = 0; way < ways; way++) {
                TlbEntryInfo e = find(s.entries(), large, set, way);
                int x = PAD + way * CELL_W, top = y + (set + 1) * CELL_H;
                gc.setBackground(e == null ? EMPTY : e.pageSize() >= (1L << 30) ? HUGE : e.pageSize() > 4096 ? LARGE : SMALL);
                gc.fillRectangle(x, top, CELL_W - 2, CELL_H - 2);
                if (e != null) {
                    gc.drawText(String.format("%x%s", e.va(), e.global() ? " G" : ""), x + 3, top, true);
                }
            }
        }
        return y + (entries / ways + 1) * CELL_H;
    }

    private static TlbEntryInfo find(List<TlbEntryInfo> entries, boolean large, int set, int way) {
        for (TlbEntryInfo e : entries) {
            if (e.large() == large && e.set() == set && e.way() == way) {
                return e;
            }
        }
        return null;
    }
}
