package memwb.views.physical;

import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.service.component.annotations.Component;

import memwb.api.machine.Machine;
import memwb.api.machine.Numbers;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.views.support.MachineWatch;

/**
 * Memory Map: the physical address space as coloured bands by type and owner, zoomable (mouse wheel
 * or buttons) from the whole space down to one page, with addresses on the axis, and every band in a
 * table beside it. Clicking a band selects its range.
 */
@Component(service = WorkbenchView.class, property = "memwb.view.default:Boolean=true")
public final class MemoryMapView implements WorkbenchView {
    public static final String ID = "memwb.view.memorymap";
    private static final String USABLE = memwb.api.ram.RegionType.USABLE.linuxName();
    private static final int STRIP_TOP = 6;
    private static final int STRIP_HEIGHT = 48;
    /** Space between two axis labels, in pixels. */
    private static final int TICK_GAP_PX = 16;
    private static final int CANVAS_HEIGHT = 90;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Memory Map";
    }

    @Override
    public String defaultStack() {
        return "left";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Composite root = Widgets.grid(parent, 1);
        Composite bar = Widgets.grid(root, 4);
        bar.setLayoutData(Widgets.fillWide());
        Label where = new Label(bar, SWT.NONE);
        where.setLayoutData(Widgets.fillWide());
        Canvas canvas = new Canvas(root, SWT.DOUBLE_BUFFERED);
        Table table = Widgets.table(root, SWT.SINGLE, new String[] { "start", "end", "size", "type", "owner" },
                new int[] { 155, 155, 70, 70, 200 });
        State s = new State();
        Widgets.button(bar, "Zoom in", () -> s.zoom(canvas, where, true, -1));
        Widgets.button(bar, "Zoom out", () -> s.zoom(canvas, where, false, -1));
        Widgets.button(bar, "Whole", () -> {
            if (s.axis != null) {
                s.axis = AddressAxis.whole(s.axis.spaceEnd());
                s.redraw(canvas, where);
            }
        });
        GridData canvasData = new GridData(SWT.FILL, SWT.TOP, true, false);
        canvasData.heightHint = CANVAS_HEIGHT;
        canvas.setLayoutData(canvasData);
        table.setLayoutData(Widgets.fill());

        canvas.addPaintListener(e -> s.paint(e.gc, canvas.getClientArea()));
        canvas.addListener(SWT.MouseVerticalWheel, e -> s.zoom(canvas, where, e.count > 0, e.x));
        canvas.addListener(SWT.MouseDown, e -> {
            int i = s.bandAt(e.x, canvas.getClientArea().width);
            if (i >= 0) {
                table.setSelection(i);
                Band b = s.bands.get(i);
                context.select(Location.physical(b.start(), b.size(), b.kind()), null);
            }
        });
        table.addListener(SWT.Selection, e -> {
            int i = table.getSelectionIndex();
            if (i >= 0 && i < s.bands.size()) {
                Band b = s.bands.get(i);
                context.status(String.format(Locale.ROOT, "%s: 0x%x-0x%x (%s)", b.kind(), b.start(), b.end() - 1,
                        Numbers.human(b.size())));
                if (s.axis != null) { // zoom the strip to the band, with a band's width of context each side
                    s.axis = new AddressAxis(s.axis.spaceEnd(), b.start() - b.size(), 3 * b.size());
                    s.redraw(canvas, where);
                }
            }
        });
        new MachineWatch<List<Band>>(root, context,
                MachineWatch.booted((Machine m) -> BandLayout.of(m.memoryMap(), m.ownedRanges(), m.frames().exportState())),
                bands -> s.show(bands, table, canvas, where));
        return root;
    }

    /** The view's UI-thread state. */
    private static final class State {
        List<Band> bands = List.of();
        AddressAxis axis;

        void show(List<Band> fresh, Table table, Canvas canvas, Label where) {
            bands = fresh;
            long end = fresh.isEmpty() ? 1 : fresh.get(fresh.size() - 1).end();
            if (axis == null || axis.spaceEnd() != end) {
                // Start on the RAM: firmware areas just below 4 GiB would otherwise squeeze it to a sliver.
                long ram = fresh.stream().filter(b -> b.type().equals(USABLE)).mapToLong(Band::end).max().orElse(end);
                axis = new AddressAxis(end, 0, ram);
            }
            table.setRedraw(false);
            table.removeAll();
            for (Band b : fresh) {
                TableItem item = new TableItem(table, SWT.NONE);
                item.setText(new String[] { Numbers.hex16(b.start()), Numbers.hex16(b.end() - 1), Numbers.human(b.size()),
                        b.type(), b.owner() });
                item.setBackground(0, Widgets.rgb(FrameColours.ofKind(b.kind())));
            }
            table.setRedraw(true);
            redraw(canvas, where);
        }

        void zoom(Canvas canvas, Label where, boolean in, int x) {
            if (axis == null) {
                return;
            }
            int w = Math.max(1, canvas.getClientArea().width);
            long around = axis.address(x < 0 ? w / 2 : x, w);
            axis = in ? axis.zoomIn(around) : axis.zoomOut(around);
            redraw(canvas, where);
        }

        void redraw(Canvas canvas, Label where) {
            if (axis != null) {
                where.setText(String.format(Locale.ROOT, "0x%x - 0x%x (%s shown)", axis.first(), axis.end() - 1,
                        Numbers.human(axis.length())));
                where.getParent().layout(new Control[] { where });
            }
            canvas.redraw();
        }

        int bandAt(int x, int width) {
            if (axis == null) {
                return -1;
            }
            long a = axis.address(x, Math.max(1, width));
            for (int i = 0; i < bands.size(); i++) {
                if (a >= bands.get(i).start() && a < bands.get(i).end()) {
                    return i;
                }
            }
            return -1;
        }

        void paint(GC gc, Rectangle area) {
            gc.setBackground(Widgets.rgb(FrameColours.BACKGROUND));
            gc.fillRectangle(area);
            if (axis == null) {
                gc.drawText("No machine booted", 4, STRIP_TOP, true);
                return;
            }
            int w = area.width;
            for (Band b : bands) {
                if (b.end() <= axis.first() || b.start() >= axis.end()) {
                    continue;
                }
                int x0 = axis.pixel(b.start(), w);
                int x1 = Math.max(x0 + 1, axis.pixel(b.end(), w));
                gc.setBackground(Widgets.rgb(FrameColours.ofKind(b.kind())));
                gc.fillRectangle(x0, STRIP_TOP, x1 - x0, STRIP_HEIGHT);
                Point text = gc.textExtent(b.kind());
                if (x1 - x0 > text.x + 4) {
                    gc.drawText(b.kind(), x0 + 2, STRIP_TOP + (STRIP_HEIGHT - text.y) / 2, true);
                }
            }
            gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
            int axisY = STRIP_TOP + STRIP_HEIGHT + 2;
            gc.drawLine(0, axisY, w, axisY);
            // As many ticks as labels fit without touching.
            int ticks = Math.max(1, w / (gc.textExtent(String.format(Locale.ROOT, "0x%x", axis.end())).x + TICK_GAP_PX));
            int lastRight = Integer.MIN_VALUE;
            for (int i = ticks; i >= 0; i--) { // right to left, so the end label always shows
                int x = Math.min(w - 1, i * w / ticks);
                long a = axis.address(x, w);
                gc.drawLine(x, axisY, x, axisY + 4);
                String label = String.format(Locale.ROOT, "0x%x", a);
                int tw = gc.textExtent(label).x;
                int tx = Math.max(0, Math.min(x - tw / 2, w - tw));
                if (lastRight == Integer.MIN_VALUE || tx + tw + TICK_GAP_PX / 2 <= lastRight) {
                    gc.drawText(label, tx, axisY + 6, true);
                    lastRight = tx;
                }
            }
        }
    }
}
