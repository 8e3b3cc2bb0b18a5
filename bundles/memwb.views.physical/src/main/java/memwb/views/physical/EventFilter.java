package memwb.views.physical;

import java.util.List;
import java.util.Locale;

import memwb.api.machine.MachineEvent;

/**
 * The Events view's filter: a kind prefix ("pfa" matches pfa.alloc and pfa.free; empty or "all"
 * matches every kind) and words that must all appear in the kind, message or hex address.
 */
record EventFilter(String kind, String text) {
    static final String ALL = "all";
    /** MachineEvent.address() when no address is concerned (kernel addresses are negative longs too). */
    static final long NO_ADDRESS = -1;

    EventFilter {
        kind = kind == null ? "" : kind.trim();
        text = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    boolean matches(MachineEvent e) {
        if (!kind.isEmpty() && !ALL.equals(kind) && !(e.kind().equals(kind) || e.kind().startsWith(kind + "."))) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        String hay = (e.kind() + " " + e.message() + " " + (e.address() == NO_ADDRESS ? "" : String.format("0x%x", e.address())))
                .toLowerCase(Locale.ROOT);
        for (String word : text.split("\\s+")) {
            if (!hay.contains(word)) {
                return false;
            }
        }
        return true;
    }

    List<MachineEvent> apply(List<MachineEvent> events) {
        return events.stream().filter(this::matches).toList();
    }

    /** The kinds' first words present in {@code events}, sorted, for the kind chooser. */
    static List<String> kinds(List<MachineEvent> events) {
        return events.stream().map(e -> e.kind().contains(".") ? e.kind().substring(0, e.kind().indexOf('.')) : e.kind())
                .distinct().sorted().toList();
    }
}
