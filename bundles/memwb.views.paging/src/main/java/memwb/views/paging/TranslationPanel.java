package memwb.views.paging;

import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import memwb.api.machine.Machine;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.api.vmm.Access;
import memwb.api.vmm.Privilege;
import memwb.views.support.Background;
import memwb.views.support.MachineWatch;

/**
 * Address field, access and privilege choosers, the walk as a table and the outcome as text. A
 * translation runs only when asked (Enter or Translate): it sets A/D bits and fills the TLB, as the
 * CPU does, so it must not run on every refresh. A virtual location selected elsewhere fills the field.
 */
final class TranslationPanel {
    /** Widget data key of the names ("translation.address", ...) a GUI test finds the controls by. */
    static final String NAME = "memwb.name";
    private static final String[] COLUMNS = { "Level", "Table", "Index", "Entry at", "Entry", "Flags", "Rights so far" };
    private static final int[] WIDTHS = { 55, 80, 50, 80, 160, 130, 100 };
    private static final int ADDRESS_CHARS = 22;
    private static final int WALK_WEIGHT = 1;
    private static final int OUTCOME_WEIGHT = 1;

    private final Composite root;
    private final Text address;
    private final Combo access;
    private final Combo privilege;
    private final Label machineLine;
    private final Table steps;
    private final Text outcome;
    private final ViewContext context;

    TranslationPanel(Composite parent, ViewContext context) {
        this.context = context;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(6, false));
        new Label(root, SWT.NONE).setText("Linear address");
        address = new Text(root, SWT.BORDER | SWT.SINGLE);
        address.setData(NAME, "translation.address");
        address.setMessage("0xffffffff80000000");
        GridData ad = new GridData(SWT.FILL, SWT.CENTER, false, false);
        ad.widthHint = ADDRESS_CHARS * 9;
        address.setLayoutData(ad);
        access = choice("access", Access.values());
        privilege = choice("privilege", Privilege.values());
        privilege.select(Privilege.SUPERVISOR.ordinal());
        Button go = new Button(root, SWT.PUSH);
        go.setText("Translate");
        go.setData(NAME, "translation.go");
        new Label(root, SWT.NONE); // keeps the choosers packed to the left
        machineLine = new Label(root, SWT.NONE);
        machineLine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 6, 1));

        // The walk above, the outcome below, both resizable: a fault's Linux lines need room too.
        SashForm split = new SashForm(root, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 6, 1));
        steps = new Table(split, SWT.BORDER | SWT.FULL_SELECTION);
        steps.setHeaderVisible(true);
        steps.setLinesVisible(true);
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn c = new TableColumn(steps, SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(WIDTHS[i]);
        }
        outcome = new Text(split, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        outcome.setData(NAME, "translation.outcome");
        split.setWeights(WALK_WEIGHT, OUTCOME_WEIGHT);
        outcome.setText("Type a linear address and press Enter.");

        address.addListener(SWT.DefaultSelection, e -> translate());
        go.addListener(SWT.Selection, e -> translate());
        Runnable unlisten = context.onSelection(this::selectedElsewhere);
        root.addListener(SWT.Dispose, e -> unlisten.run());
        new MachineWatch<>(root, context, TranslationPanel::describe, machineLine::setText, machineLine::setText);
    }

    Control control() {
        return root;
    }

    private Combo choice(String name, Enum<?>[] values) {
        Combo c = new Combo(root, SWT.READ_ONLY);
        for (Enum<?> v : values) {
            c.add(v.name().toLowerCase(Locale.ROOT));
        }
        c.select(0);
        c.setData(NAME, "translation." + name);
        return c;
    }

    private static String describe(Machine m) {
        if (m == null || m.mmu().isEmpty()) {
            return m == null ? "no machine" : "paging off";
        }
        var s = m.mmu().get().tlbStats();
        return String.format("%s, %s paging, CR3=0x%x, TLB %d+%d entries, %d hits, %d misses",
                PageTablesSnapshot.spaceName(m), m.pagingMode(), m.mmu().get().registers().cr3(), s.used4k(), s.usedLarge(),
                s.hits(), s.misses());
    }

    private void translate() {
        TranslationRequest request = new TranslationRequest(address.getText().strip(),
                Access.values()[access.getSelectionIndex()], Privilege.values()[privilege.getSelectionIndex()]);
        outcome.setText("translating...");
        Background.run(root, context, () -> request.run(context.service(Machine.class)), this::show,
                msg -> show(TranslationReport.error(msg)));
    }

    private void show(TranslationReport r) {
        steps.removeAll();
        for (TranslationReport.Row row : r.steps()) {
            new TableItem(steps, SWT.NONE).setText(row.cells().toArray(String[]::new));
        }
        outcome.setText(String.join("\n", r.lines()));
        outcome.setForeground(r.error() ? root.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        if (r.error()) {
            context.status("Address Translation: " + r.lines().get(0));
        } else if (r.pa() != TranslationReport.NO_ADDRESS) {
            // Hex, Frames and Memory Map mark the byte the access reached.
            context.select(Location.physical(r.pa(), 1, String.format("0x%x, translated from 0x%x", r.pa(), r.va())),
                    null);
        }
    }

    private void selectedElsewhere(Location l) {
        if (l.space() == Location.Space.VIRTUAL && !root.isDisposed()) {
            address.setText(String.format("0x%x", l.address()));
        }
    }
}
