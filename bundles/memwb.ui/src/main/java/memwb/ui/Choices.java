package memwb.ui;

import java.util.List;

/**
 * What a toolbar chooser shows: the installed implementations and the active one. The active one is
 * listed even when its bundle's service is gone (the machine keeps it until it swaps), so the
 * chooser never shows a name the machine is not using.
 */
record Choices(List<String> names, String active) {
    Choices {
        names = List.copyOf(names);
        if (active != null && !names.contains(active)) {
            names = new java.util.ArrayList<>(names);
            names.add(0, active);
            names = List.copyOf(names);
        }
    }

    /** The index to select, or -1 if nothing is active. */
    int activeIndex() {
        return active == null ? -1 : names.indexOf(active);
    }

    /** Whether choosing {@code name} means a swap (it is known and not already active). */
    boolean isSwap(String name) {
        return name != null && names.contains(name) && !name.equals(active);
    }
}
