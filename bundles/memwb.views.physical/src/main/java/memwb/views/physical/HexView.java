package memwb.views.physical;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.TableEditor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.component.annotations.Component;

import memwb.api.machine.Machine;
import memwb.api.machine.NamedSpace;
import memwb.api.machine.Numbers;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.api.vmm.Mapping;
import memwb.views.support.MachineWatch;

/**
 * Hex: physical or virtual memory in a virtual table (rows are read in the background only when
 * shown, so any size works), a Go-to field, the structure under the cursor named, bytes changed
 * since the last refresh highlighted, and editing in place (double-click a byte, type hex, Enter).
 */
@Component(service = WorkbenchView.class, property = "memwb.view.default:Boolean=true")
public final class HexView implements WorkbenchView {
    public static final String ID = FramesView.HEX_VIEW;
    private static final int FETCH_BLOCK = 64;
    private static final int CHANGED = 0xffe066;
    /** How often the table's top row is checked, in ms: catches scrolling no event reports (scrollbar drags, GTK kinetics). */
    private static final int FOLLOW_MILLIS = 100;
    /** One jump of the buttons: a window's bytes (1 MiB). */
    private static final long JUMP_BYTES = (long) HexRows.MAX_ROWS * HexRows.BYTES_PER_ROW;
    /** Names the IT's driver finds widgets by. */
    private static final String NAME = "memwb.name";
    private static final String[] SPACES = { "physical", "virtual" };

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Hex";
    }

    @Override
    public String defaultStack() {
        return "bottom";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Composite root = Widgets.grid(parent, 1);
        Composite bar = Widgets.grid(root, 5);
        bar.setLayoutData(Widgets.fillWide());
        Combo space = new Combo(bar, SWT.READ_ONLY);
        space.setItems(SPACES);
        space.select(0);
        Text address = new Text(bar, SWT.BORDER | SWT.SINGLE);
        address.setMessage("address, e.g. 0x1000");
        address.setData(NAME, "hex.address");
        address.setLayoutData(new org.eclipse.swt.layout.GridData(160, SWT.DEFAULT));
        String[] headers = new String[HexRows.BYTES_PER_ROW + 2];
        int[] widths = new int[headers.length];
        headers[0] = "address";
        widths[0] = 150;
        for (int i = 0; i < HexRows.BYTES_PER_ROW; i++) {
            headers[i + 1] = String.format(Locale.ROOT, "%x", i);
            widths[i + 1] = 30;
        }
        headers[headers.length - 1] = "ascii";
        widths[headers.length - 1] = 140;
        Label under = new Label(root, SWT.NONE);
        under.setLayoutData(Widgets.fillWide());
        Table table = Widgets.table(root, SWT.VIRTUAL | SWT.SINGLE, headers, widths);
        table.setLayoutData(Widgets.fill());
        table.setData(NAME, "hex.rows");
        Hex h = new Hex(table, under, context);
        Widgets.button(bar, "Go to", () -> h.goTo(space.getSelectionIndex() == 1, address.getText(), address.getText()));
        Widgets.button(bar, "< 1 MiB", () -> h.jump(-1));
        Widgets.button(bar, "1 MiB >", () -> h.jump(1));
        address.addListener(SWT.DefaultSelection, e -> h.goTo(space.getSelectionIndex() == 1, address.getText(), address.getText()));
        space.addListener(SWT.Selection, e -> h.goTo(space.getSelectionIndex() == 1, "0", "the start"));
        table.addListener(SWT.SetData, e -> h.fill((TableItem) e.item, table.indexOf((TableItem) e.item)));
        table.addListener(SWT.MouseMove, e -> h.nameAt(e.x, e.y));
        table.addListener(SWT.MouseDoubleClick, e -> h.edit(e.x, e.y));
        // Scrolling, keys and selection move the top row: slide the window once they have.
        Runnable follow = () -> table.getDisplay().asyncExec(h::follow);
        table.getVerticalBar().addListener(SWT.Selection, e -> follow.run());
        table.addListener(SWT.KeyDown, e -> follow.run());
        table.addListener(SWT.MouseWheel, e -> follow.run());
        table.addListener(SWT.Selection, e -> follow.run());
        table.getDisplay().timerExec(FOLLOW_MILLIS, new Runnable() {
            @Override
            public void run() {
                if (!table.isDisposed()) {
                    h.follow();
                    table.getDisplay().timerExec(FOLLOW_MILLIS, this);
                }
            }
        });
        Runnable unlisten = context.onSelection(loc -> {
            space.select(loc.space() == Location.Space.VIRTUAL ? 1 : 0);
            address.setText(String.format(Locale.ROOT, "0x%x", loc.address())); // the field names what is shown
            // Quietly: whoever selected says what it is in the status bar.
            h.goTo(loc.space() == Location.Space.VIRTUAL, String.format("0x%x", loc.address()), null);
        });
        table.addDisposeListener(e -> unlisten.run());
        h.watch = new MachineWatch<Structures>(root, context, MachineWatch.booted(Structures::of), h::machineChanged);
        return root;
    }

    /** The view's state; UI thread except where said. */
    private static final class Hex {
        private final Table table;
        private final Label under;
        private final ViewContext context;
        private final Map<Integer, HexRows.Row> cache = new ConcurrentHashMap<>();
        private final Map<Integer, Boolean> inFlight = new ConcurrentHashMap<>();
        MachineWatch<Structures> watch;
        Structures structures;
        HexRows rows;
        boolean virtual;
        long pendingGoTo = -1;

        Hex(Table table, Label under, ViewContext context) {
            this.table = table;
            this.under = under;
            this.context = context;
        }

        /** A new machine version: re-read the shown rows (changed bytes get highlighted). */
        void machineChanged(Structures s) {
            structures = s;
            Machine m = watch.machine();
            if (rows == null || m == null || rows.source() instanceof PhysicalSource p && !sameMachine(m)) {
                open(m, virtual, pendingGoTo < 0 ? 0 : pendingGoTo);
                return;
            }
            HexRows r = rows;
            context.background().execute(() -> {
                r.refresh();
                cache.clear();
                table.getDisplay().asyncExec(() -> {
                    if (!table.isDisposed()) {
                        table.clearAll();
                    }
                });
            });
        }

        private Machine shownMachine;

        private boolean sameMachine(Machine m) {
            return m == shownMachine;
        }

        private void open(Machine m, boolean virt, long address) {
            if (m == null) {
                return;
            }
            ByteSource source;
            if (virt) {
                if (m.mmu().isEmpty()) {
                    context.status("Paging is off: virtual addresses are physical addresses");
                    return;
                }
                source = new VirtualSource(m.mmu().get(), 0); // 0: the space ends at 2^64
            } else {
                source = new PhysicalSource(m.ram());
            }
            shownMachine = m;
            virtual = virt;
            show(new HexRows(source, HexRows.windowBase(address, source.end())), null);
            int row = rows.rowOf(address);
            if (row >= 0) {
                table.setTopIndex(Math.max(0, row - 2));
                table.setSelection(row);
            }
            nameAddress(address);
        }

        /** Shows {@code text} (an address) in the given space; {@code what} names it in the status (null: no status). */
        void goTo(boolean virt, String text, String what) {
            long a;
            try {
                a = Numbers.parse(text, "Go to address");
            } catch (IllegalArgumentException e) {
                context.status(e.getMessage());
                return;
            }
            Machine m = watch.machine();
            if (m == null) {
                pendingGoTo = a;
                context.status("No machine booted yet");
                return;
            }
            if (!virt && Long.compareUnsigned(a, m.ram().limit()) >= 0) {
                context.status(String.format(Locale.ROOT, "Go to 0x%x: beyond the end of physical memory (0x%x)", a, m.ram().limit()));
                return;
            }
            open(m, virt, a);
            if (what != null) {
                context.status(String.format(Locale.ROOT, "Hex: %s 0x%x (%s)", virt ? "virtual" : "physical", a, what));
            }
        }

        /** Moves what is shown back (-1) or on (+1) by a window's bytes, the top row's offset kept. */
        void jump(int direction) {
            HexRows r = rows;
            if (r == null || table.isDisposed()) {
                return;
            }
            long top = r.addressOf(table.getTopIndex());
            long target = top + direction * JUMP_BYTES;
            long end = r.source().end();
            if (direction < 0 && Long.compareUnsigned(top, JUMP_BYTES) < 0) {
                context.status("Hex: already at the start");
                return;
            }
            if (direction > 0 && (Long.compareUnsigned(target, top) < 0 || end != 0 && Long.compareUnsigned(target, end) >= 0)) {
                context.status("Hex: already at the end of " + r.source().space() + " memory");
                return;
            }
            show(r.at(HexRows.windowBase(target, end)), null);
            table.setTopIndex(rows.rowOf(target));
        }

        /**
         * Slides the window when the top visible row is within a screenful of either end, keeping
         * the rows on screen (and the selection) exactly where they are.
         */
        void follow() {
            HexRows r = rows;
            if (r == null || sliding || table.isDisposed() || table.getItemCount() == 0) {
                return;
            }
            int top = table.getTopIndex();
            int screen = Math.max(1, (table.getClientArea().height - table.getHeaderHeight()) / Math.max(1, table.getItemHeight()));
            HexWindow.Slide slide = HexWindow.slide(HexWindow.rowOf(r.base()), HexRows.MAX_ROWS,
                    HexWindow.spaceRows(r.source().end()), top, screen);
            if (slide == null) {
                return;
            }
            int selected = table.getSelectionIndex();
            sliding = true; // until the scroll position is set again after the layout (below)
            try {
                show(r.at(HexWindow.addressOf(slide.startRow())), slide);
                int count = table.getItemCount();
                int sel = slide.map(selected, count);
                if (sel >= 0) {
                    table.setSelection(sel);
                }
                int wantTop = Math.max(0, slide.map(top, count));
                table.setTopIndex(wantTop);
                // GTK applies a virtual table's scroll position once it has laid out the new rows,
                // and may land elsewhere before that: set it again after the pending events, and let
                // follow() judge the position only then.
                table.getDisplay().asyncExec(() -> {
                    try {
                        if (!table.isDisposed() && table.getTopIndex() != wantTop) {
                            table.setTopIndex(wantTop);
                        }
                    } finally {
                        sliding = false;
                    }
                });
            } catch (RuntimeException e) {
                sliding = false;
                throw e;
            }
        }

        private boolean sliding;

        /** Shows {@code r} in the table; rows already read move with {@code slide} (null: read afresh). */
        private void show(HexRows r, HexWindow.Slide slide) {
            Map<Integer, HexRows.Row> kept = new java.util.HashMap<>();
            if (slide != null) {
                cache.forEach((i, row) -> {
                    int j = slide.map(i, r.rowCount());
                    if (j >= 0) {
                        kept.put(j, row);
                    }
                });
            }
            rows = r;
            cache.clear();
            cache.putAll(kept);
            table.setItemCount(r.rowCount());
            table.clearAll();
        }

        void fill(TableItem item, int index) {
            HexRows.Row row = cache.get(index);
            if (row != null && rows != null && row.address() != rows.addressOf(index)) {
                row = null; // read for a window that has since slid
                cache.remove(index);
            }
            if (row == null) {
                item.setText(0, String.format(Locale.ROOT, "0x%016x", rows == null ? 0 : rows.addressOf(index)));
                fetch(index);
                return;
            }
            item.setText(0, row.addressText());
            for (int i = 0; i < HexRows.BYTES_PER_ROW; i++) {
                item.setText(i + 1, row.hex()[i]);
                item.setBackground(i + 1, row.changed()[i] ? Widgets.rgb(CHANGED) : null);
            }
            item.setText(HexRows.BYTES_PER_ROW + 1, row.ascii());
        }

        /** Reads a block of rows around {@code index} in the background, then fills them. */
        private void fetch(int index) {
            int start = index - index % FETCH_BLOCK;
            HexRows r = rows;
            if (r == null || inFlight.putIfAbsent(start, Boolean.TRUE) != null) {
                return;
            }
            context.background().execute(() -> {
                int end = Math.min(start + FETCH_BLOCK, r.rowCount());
                try {
                    for (int i = start; i < end; i++) {
                        cache.put(i, r.row(i));
                    }
                } catch (RuntimeException e) {
                    context.status("Hex: cannot read: " + e.getMessage());
                } finally {
                    inFlight.remove(start);
                }
                table.getDisplay().asyncExec(() -> {
                    if (!table.isDisposed() && rows == r) {
                        for (int i = start; i < end && i < table.getItemCount(); i++) {
                            table.clear(i);
                        }
                    }
                });
            });
        }

        /** The address of the byte cell at (x, y), or null. */
        private long[] cellAt(int x, int y) {
            TableItem item = table.getItem(new Point(x, y));
            if (item == null || rows == null) {
                return null;
            }
            for (int col = 1; col <= HexRows.BYTES_PER_ROW; col++) {
                Rectangle b = item.getBounds(col);
                if (b.contains(x, y)) {
                    return new long[] { rows.addressOf(table.indexOf(item)) + col - 1, col };
                }
            }
            return null;
        }

        void nameAt(int x, int y) {
            long[] cell = cellAt(x, y);
            if (cell != null) {
                nameAddress(cell[0]);
            }
        }

        /** Names the structure at {@code a} (in the shown space) in the line above the table. */
        void nameAddress(long a) {
            Structures s = structures;
            Machine m = watch.machine();
            if (s == null || m == null) {
                return;
            }
            if (!virtual) {
                setUnder(String.format(Locale.ROOT, "0x%x: %s", a, s.name(a)));
                return;
            }
            context.background().execute(() -> {
                // The space CR3 points at, as the virtual rows are read through the MMU
                String text = m.currentSpace().map(NamedSpace::space).or(m::kernelSpace).flatMap(sp -> sp.lookup(a))
                        .map((Mapping mp) -> String.format(Locale.ROOT, "va 0x%x -> pa 0x%x: %s", a, mp.pa() + (a - mp.va()),
                                s.name(mp.pa() + (a - mp.va()))))
                        .orElse(String.format(Locale.ROOT, "va 0x%x: not mapped", a));
                table.getDisplay().asyncExec(() -> setUnder(text));
            });
        }

        private void setUnder(String text) {
            if (!under.isDisposed()) {
                under.setText(text);
                under.setToolTipText(text);
                under.getParent().layout(new Control[] { under });
            }
        }

        /** Edits the byte under (x, y): a text field over the cell; Enter writes, Escape cancels. */
        void edit(int x, int y) {
            long[] cell = cellAt(x, y);
            if (cell == null) {
                return;
            }
            TableItem item = table.getItem(new Point(x, y));
            TableEditor editor = new TableEditor(table);
            editor.grabHorizontal = true;
            Text text = new Text(table, SWT.NONE);
            text.setText(item.getText((int) cell[1]));
            text.selectAll();
            editor.setEditor(text, item, (int) cell[1]);
            text.setFocus();
            text.addListener(SWT.DefaultSelection, e -> {
                write(cell[0], text.getText());
                text.dispose();
            });
            text.addListener(SWT.Traverse, e -> {
                if (e.detail == SWT.TRAVERSE_ESCAPE) {
                    text.dispose();
                }
            });
            text.addListener(SWT.FocusOut, e -> text.dispose());
        }

        /**
         * Validates {@code text} as hex bytes and writes them at {@code address} in the background;
         * a bad value or a hole is refused with the address and nothing is written.
         */
        void write(long address, String text) {
            byte[] bytes;
            try {
                bytes = HexRows.parseBytes(text, address);
            } catch (IllegalArgumentException e) {
                context.status("Not written: " + e.getMessage());
                return;
            }
            HexRows r = rows;
            context.background().execute(() -> {
                try {
                    r.source().write(address, bytes);
                    context.status(String.format(Locale.ROOT, "Wrote %d byte(s) at %s 0x%x", bytes.length, r.source().space(), address));
                } catch (RuntimeException e) {
                    context.status("Not written: " + e.getMessage());
                }
                watch.refresh();
            });
        }
    }
}
