package memwb.views.physical;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ScrollBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.service.component.annotations.Component;

import memwb.api.machine.Numbers;
import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.views.support.MachineWatch;

/**
 * Frames: every frame a cell coloured by state and owner. The picture is rendered into an ImageData
 * off the UI thread from the allocator's runs, so 1 Mi frames redraw without lag; the UI thread
 * only turns it into an Image and draws it. Ctrl+wheel or the buttons zoom, the wheel scrolls,
 * hovering names a frame, clicking opens it in Hex.
 */
@Component(service = WorkbenchView.class, property = "memwb.view.default:Boolean=true")
public final class FramesView implements WorkbenchView {
    public static final String ID = "memwb.view.frames";
    static final String HEX_VIEW = "memwb.view.hex";
    private static final int MAX_ZOOM = 24;
    /** The legend row that shows how long the last redraw took. */
    static final String REDRAW_ROW = "last redraw";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Frames";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Composite root = Widgets.grid(parent, 2);
        Composite bar = Widgets.grid(root, 4);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Label info = new Label(bar, SWT.NONE);
        info.setLayoutData(Widgets.fillWide());
        Canvas canvas = new Canvas(root, SWT.NO_BACKGROUND | SWT.V_SCROLL);
        canvas.setLayoutData(Widgets.fill());
        Table legend = Widgets.table(root, SWT.SINGLE, new String[] { "frames", "count", "size" }, new int[] { 180, 190, 90 });
        GridData legendData = new GridData(SWT.FILL, SWT.FILL, false, true);
        legendData.widthHint = 470;
        legend.setLayoutData(legendData);
        Grid g = new Grid(canvas, info, context);
        g.legend = legend;
        Widgets.button(bar, "Zoom in", () -> g.zoomBy(1));
        Widgets.button(bar, "Zoom out", () -> g.zoomBy(-1));
        Widgets.button(bar, "Fit", () -> {
            g.firstFrame = 0;
            g.zoomBy(-MAX_ZOOM);
        });

        canvas.addPaintListener(e -> {
            Rectangle area = canvas.getClientArea();
            e.gc.setBackground(Widgets.rgb(FrameColours.BACKGROUND));
            e.gc.fillRectangle(area);
            if (g.image != null && !g.image.isDisposed()) {
                e.gc.drawImage(g.image, 0, 0);
            } else {
                e.gc.drawText(g.state == null ? "No machine booted" : "Drawing ...", 4, 4, true);
            }
        });
        canvas.addListener(SWT.Resize, e -> g.render());
        canvas.addListener(SWT.MouseVerticalWheel, e -> {
            e.doit = false;
            if ((e.stateMask & SWT.MOD1) != 0) {
                g.zoomBy(e.count > 0 ? 1 : -1);
            } else {
                g.scrollRows(e.count > 0 ? -3 : 3);
            }
        });
        canvas.getVerticalBar().addListener(SWT.Selection, e -> g.scrollTo(canvas.getVerticalBar().getSelection()));
        canvas.addListener(SWT.MouseMove, e -> g.hover(e.x, e.y));
        canvas.addListener(SWT.MouseDown, e -> g.click(e.x, e.y));
        canvas.addDisposeListener(e -> g.disposeImage());
        new MachineWatch<AllocationState>(root, context, MachineWatch.booted(m -> m.frames().exportState()), st -> {
            g.state = st;
            legend.setRedraw(false);
            legend.removeAll();
            for (FrameSummary.Line l : FrameSummary.of(st)) {
                TableItem item = new TableItem(legend, SWT.NONE);
                item.setText(new String[] { l.label(), Long.toString(l.frames()), Numbers.human(l.frames() * FrameAllocator.FRAME_SIZE) });
                item.setBackground(0, Widgets.rgb(l.colour()));
                if (l.colour() == FrameColours.RESERVED || l.colour() == FrameColours.ofOwner(memwb.api.ram.Owner.KERNEL)) {
                    item.setForeground(0, canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
                }
            }
            legend.setRedraw(true);
            g.render();
        });
        return root;
    }

    /** The grid's UI-thread state and its background rendering. */
    private static final class Grid {
        private final Canvas canvas;
        private final Label info;
        private final ViewContext context;
        private final AtomicInteger generation = new AtomicInteger();
        AllocationState state;
        Table legend;
        FrameRaster.Grid layout;
        Image image;
        int zoom;
        long firstFrame;
        String timing = "";

        Grid(Canvas canvas, Label info, ViewContext context) {
            this.canvas = canvas;
            this.info = info;
            this.context = context;
        }

        void zoomBy(int steps) {
            zoom = Math.max(0, Math.min(MAX_ZOOM, zoom + steps));
            render();
        }

        void scrollRows(int rows) {
            if (layout != null) {
                firstFrame = Math.max(0, firstFrame + rows * layout.columns() * layout.framesPerCell());
                render();
            }
        }

        void scrollTo(int row) {
            if (layout != null) {
                firstFrame = (long) row * layout.columns() * layout.framesPerCell();
                render();
            }
        }

        /** Renders the current state and layout in the background; only the newest result is shown. */
        void render() {
            AllocationState st = state;
            Rectangle area = canvas.getClientArea();
            if (st == null || area.width <= 0 || area.height <= 0) {
                canvas.redraw();
                return;
            }
            FrameRaster.Grid grid = FrameRaster.fit(FrameRaster.span(st), st.frameCount(), area.width, area.height, zoom,
                    firstFrame);
            int mine = generation.incrementAndGet();
            context.background().execute(() -> {
                long t0 = System.nanoTime();
                ImageData data = FramesImage.render(st, grid);
                long renderNanos = System.nanoTime() - t0;
                if (canvas.isDisposed()) {
                    return;
                }
                canvas.getDisplay().asyncExec(() -> {
                    if (canvas.isDisposed() || generation.get() != mine) {
                        return;
                    }
                    long t1 = System.nanoTime();
                    disposeImage();
                    image = new Image(canvas.getDisplay(), data);
                    layout = grid;
                    firstFrame = grid.firstFrame();
                    updateScrollBar(st, grid);
                    canvas.redraw();
                    canvas.update();
                    long uiNanos = System.nanoTime() - t1;
                    timing = String.format(Locale.ROOT, "render %.1f ms + draw %.1f ms", renderNanos / 1e6, uiNanos / 1e6);
                    info.setText(String.format(Locale.ROOT, "%d frames (%s), %d per cell, %d px cells", st.frameCount(),
                            Numbers.human(st.frameCount() * FrameAllocator.FRAME_SIZE), grid.framesPerCell(), grid.cellPx()));
                    info.getParent().layout(new Control[] { info });
                    showTiming(timing);
                });
            });
        }

        private void updateScrollBar(AllocationState st, FrameRaster.Grid grid) {
            ScrollBar bar = canvas.getVerticalBar();
            long perRow = grid.columns() * grid.framesPerCell();
            int rows = (int) Math.min(Integer.MAX_VALUE / 2, (st.frameCount() + perRow - 1) / perRow);
            bar.setValues((int) (grid.firstFrame() / perRow), 0, Math.max(rows, 1), Math.max(1, Math.min(rows, grid.rows())), 1,
                    Math.max(1, grid.rows() - 1));
        }

        /** Keeps the last redraw's figures as the legend's last row, so users (and tests) can read them. */
        private void showTiming(String figures) {
            int last = legend.getItemCount() - 1;
            TableItem item = last >= 0 && REDRAW_ROW.equals(legend.getItem(last).getText(0)) ? legend.getItem(last)
                    : new TableItem(legend, SWT.NONE);
            item.setText(new String[] { REDRAW_ROW, figures, String.format(Locale.ROOT, "%d frames", state.frameCount()) });
        }

        void hover(int x, int y) {
            if (layout == null || state == null) {
                return;
            }
            long frame = layout.frameAt(x, y);
            String text = frame < 0 || frame >= state.frameCount() ? null : FrameRaster.describe(state, frame);
            canvas.setToolTipText(text);
            if (text != null) {
                context.status(text);
            }
        }

        void click(int x, int y) {
            if (layout == null || state == null) {
                return;
            }
            long frame = layout.frameAt(x, y);
            if (frame >= 0 && frame < state.frameCount()) {
                long pa = frame * FrameAllocator.FRAME_SIZE;
                context.select(Location.physical(pa, FrameAllocator.FRAME_SIZE, String.format(Locale.ROOT, "frame 0x%x", pa)), HEX_VIEW);
                context.status(FrameRaster.describe(state, frame));
            }
        }

        void disposeImage() {
            if (image != null && !image.isDisposed()) {
                image.dispose();
            }
            image = null;
        }
    }
}
