package memwb.views.physical;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.component.annotations.Component;

import memwb.api.machine.MachineEvent;
import memwb.api.view.Location;
import memwb.api.view.ViewContext;
import memwb.api.view.WorkbenchView;
import memwb.views.support.MachineWatch;

/**
 * Events: what the machine did (frame allocations, maps, faults, TLB flushes, swaps) in a virtual
 * table, newest last, filterable by kind and by words. Selecting an event with an address selects it.
 */
@Component(service = WorkbenchView.class, property = "memwb.view.default:Boolean=true")
public final class EventsView implements WorkbenchView {
    public static final String ID = "memwb.view.events";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Events";
    }

    @Override
    public String defaultStack() {
        return "bottom";
    }

    @Override
    public Control createControl(Composite parent, ViewContext context) {
        Composite root = Widgets.grid(parent, 1);
        Composite bar = Widgets.grid(root, 4);
        bar.setLayoutData(Widgets.fillWide());
        new Label(bar, SWT.NONE).setText("kind");
        Combo kind = new Combo(bar, SWT.READ_ONLY);
        kind.setItems(EventFilter.ALL);
        kind.select(0);
        Text words = new Text(bar, SWT.BORDER | SWT.SEARCH);
        words.setMessage("filter words, e.g. heap 0x9000");
        words.setLayoutData(Widgets.fillWide());
        Label count = new Label(bar, SWT.NONE);
        Table table = Widgets.table(root, SWT.VIRTUAL | SWT.SINGLE, new String[] { "#", "time", "kind", "address", "what" },
                new int[] { 50, 95, 90, 150, 600 });
        table.setLayoutData(Widgets.fill());
        List<MachineEvent>[] all = new List[] { List.of() };
        List<MachineEvent>[] shown = new List[] { List.of() };
        Runnable apply = () -> {
            String k = kind.getText();
            shown[0] = new EventFilter(k, words.getText()).apply(all[0]);
            table.setItemCount(shown[0].size());
            table.clearAll();
            if (!shown[0].isEmpty()) {
                table.setTopIndex(shown[0].size() - 1);
            }
            count.setText(shown[0].size() + " of " + all[0].size());
            count.getParent().layout(new Control[] { count });
        };
        table.addListener(SWT.SetData, e -> {
            TableItem item = (TableItem) e.item;
            int i = table.indexOf(item);
            if (i < shown[0].size()) {
                MachineEvent ev = shown[0].get(i);
                item.setText(new String[] { Long.toString(ev.sequence()), TIME.format(Instant.ofEpochMilli(ev.timeMillis())),
                        ev.kind(), ev.address() == EventFilter.NO_ADDRESS ? "" : String.format(Locale.ROOT, "0x%x", ev.address()), ev.message() });
            }
        });
        table.addListener(SWT.Selection, e -> {
            int i = table.getSelectionIndex();
            if (i >= 0 && i < shown[0].size() && shown[0].get(i).address() != EventFilter.NO_ADDRESS) {
                MachineEvent ev = shown[0].get(i);
                context.select(Location.physical(ev.address(), 1, ev.kind() + ": " + ev.message()), null);
            }
        });
        kind.addListener(SWT.Selection, e -> apply.run());
        words.addListener(SWT.Modify, e -> apply.run());
        new MachineWatch<List<MachineEvent>>(root, context, MachineWatch.booted(m -> new ArrayList<>(m.events(0))), events -> {
            all[0] = events;
            String k = kind.getText();
            List<String> kinds = new ArrayList<>(List.of(EventFilter.ALL));
            kinds.addAll(EventFilter.kinds(events));
            kind.setItems(kinds.toArray(String[]::new));
            kind.select(Math.max(0, kinds.indexOf(k)));
            apply.run();
        });
        return root;
    }
}
