package memwb.views.heap;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import memwb.api.machine.Numbers;

/** Four small line plots, two by two, of the heap's history: size, live payload, utilisation, fragmentation. */
final class HeapPlots {
    private record Plot(String name, ToDoubleFunction<HeapSample> value, boolean fraction, Color colour) {
    }

    private static final List<Plot> PLOTS = List.of(
            new Plot("heap size", s -> s.mappedBytes(), false, new Color(60, 110, 190)),
            new Plot("live payload", s -> s.liveBytes(), false, new Color(200, 110, 40)),
            new Plot("utilisation", HeapSample::utilisation, true, new Color(40, 150, 70)),
            new Plot("fragmentation", HeapSample::fragmentation, true, new Color(190, 50, 60)));
    private static final int PAD = 6;
    private static final int COLUMNS = 2;
    private static final Color FRAME = new Color(170, 170, 170);
    private static final Color INK = new Color(30, 30, 30);

    private final Canvas canvas;
    private final HeapHistory history;

    HeapPlots(Composite parent, HeapHistory history) {
        this.history = history;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
    }

    Canvas control() {
        return canvas;
    }

    void redraw() {
        canvas.redraw();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        int rows = (PLOTS.size() + COLUMNS - 1) / COLUMNS;
        int w = area.width / COLUMNS;
        int h = area.height / rows;
        int line = gc.getFontMetrics().getHeight();
        for (int i = 0; i < PLOTS.size(); i++) {
            Plot p = PLOTS.get(i);
            int x = (i % COLUMNS) * w + PAD;
            int y = (i / COLUMNS) * h + PAD;
            double[] values = history.series(p.value());
            double max = p.fraction() ? 1 : HeapHistory.max(values);
            String now = values.length == 0 ? "-" : label(values[values.length - 1], p.fraction());
            gc.setForeground(INK);
            gc.setClipping(x, y, w - 2 * PAD, h - 2 * PAD); // a narrow view clips a title, never overlaps the next
            String title = p.name() + ": " + now;
            gc.drawText(title, x, y, true);
            String top = "max " + label(max, p.fraction());
            int topX = x + w - 2 * PAD - gc.textExtent(top).x;
            if (topX > x + gc.textExtent(title).x + PAD) {
                gc.drawText(top, topX, y, true);
            }
            gc.setClipping((org.eclipse.swt.graphics.Rectangle) null);
            int boxY = y + line + 2;
            int boxW = w - 2 * PAD;
            int boxH = h - line - 2 * PAD - 2;
            if (boxW < 2 || boxH < 2) {
                continue;
            }
            gc.setForeground(FRAME);
            gc.drawRectangle(x, boxY, boxW - 1, boxH - 1);
            if (values.length > 0) {
                gc.setForeground(p.colour());
                gc.setLineWidth(2);
                int[] pts = HeapHistory.polyline(values, x + 1, boxY + 1, boxW - 2, boxH - 2, max);
                if (pts.length == 2) {
                    gc.drawLine(pts[0], pts[1], pts[0] + 2, pts[1]);
                } else {
                    gc.drawPolyline(pts);
                }
                gc.setLineWidth(1);
            }
        }
    }

    private static String label(double v, boolean fraction) {
        return fraction ? String.format("%.1f%%", v * 100) : Numbers.human((long) v);
    }
}
