package memwb.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import memwb.api.view.WorkbenchView;

/**
 * The live list of view contributions (the WorkbenchView services bound right now). Safe for the
 * service thread that binds, the UI thread that builds menus and the console thread that asks.
 */
final class ViewRegistry {
    /** One bound contribution and whether it asked to be open in a fresh layout. */
    record Entry(WorkbenchView view, boolean openByDefault) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds a contribution; adding the same service object twice keeps one entry. */
    void add(WorkbenchView view, boolean openByDefault) {
        remove(view);
        entries.add(new Entry(view, openByDefault));
    }

    /** Removes a contribution (by identity); returns whether it was there. */
    boolean remove(WorkbenchView view) {
        return entries.removeIf(e -> e.view() == view);
    }

    /** Every contribution, sorted by title then id (the order of Window &gt; Show View). */
    List<Entry> entries() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((Entry e) -> safe(e.view().title())).thenComparing(e -> safe(e.view().id())));
        return sorted;
    }

    /** Whether {@code view} is still contributed (by identity). */
    boolean contains(WorkbenchView view) {
        return entries.stream().anyMatch(e -> e.view() == view);
    }

    /** The first contribution with this id, if any. */
    Optional<WorkbenchView> find(String id) {
        return entries().stream().map(Entry::view).filter(v -> id.equals(v.id())).findFirst();
    }

    /** The ids of every contribution, for error messages. */
    List<String> ids() {
        return entries().stream().map(e -> e.view().id()).toList();
    }

    private static String safe(String s) {
        return s == null ? "" : s;
    }
}
