package memwb.views.paging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import memwb.api.machine.Machine;
import memwb.api.paging.PagingMode;
import memwb.api.vmm.Mmu;

/**
 * What the Page Tables view shows at one machine version: a header line, the root table's present
 * entries, and the children of every entry the user has opened (by entry address), all read from RAM.
 */
record PageTablesSnapshot(String header, PageTableReader reader, List<PageTableEntry> root,
        Map<Long, List<PageTableEntry>> opened) {

    /** No tables to show, and why. */
    static PageTablesSnapshot empty(String why) {
        return new PageTablesSnapshot(why, null, List.of(), Map.of());
    }

    /**
     * Reads the root table CR3 points at (the current address space's: the kernel's or a user
     * space's) and, below it, the tables of the entries whose addresses are in {@code open} (only
     * those still present and not leaves).
     */
    static PageTablesSnapshot read(Machine machine, Set<Long> open) {
        if (machine == null) {
            return empty("no machine (boot one: File > Boot, or boot SPEC in the console)");
        }
        if (machine.mmu().isEmpty()) {
            return empty("paging is off: linear addresses are physical");
        }
        Mmu mmu = machine.mmu().get();
        PagingMode mode = mmu.mode();
        long rootTable = mode.rootTable(mmu.registers().cr3());
        PageTableReader reader = new PageTableReader(mode, machine.ram(), mmu.registers().pse());
        List<PageTableEntry> root = reader.root(rootTable);
        Map<Long, List<PageTableEntry>> opened = new HashMap<>();
        readOpened(reader, root, open, opened);
        String header = String.format("%s, %s paging, CR3=0x%x: %s @0x%x, %d present entries", spaceName(machine),
                mode.name(), mmu.registers().cr3(), mode.levelName(mode.levels()), rootTable, root.size());
        return new PageTablesSnapshot(header, reader, root, opened);
    }

    /** "space NAME" for the space CR3 points at, as the console's cr3 command says it. */
    static String spaceName(Machine machine) {
        return machine.currentSpace().map(s -> "space " + s.name()).orElse("CR3 at no space of this machine");
    }

    private static void readOpened(PageTableReader reader, List<PageTableEntry> entries, Set<Long> open,
            Map<Long, List<PageTableEntry>> into) {
        for (PageTableEntry e : entries) {
            if (!e.leaf() && open.contains(e.entryAddress())) {
                List<PageTableEntry> children = reader.children(e);
                into.put(e.entryAddress(), children);
                readOpened(reader, children, open, into);
            }
        }
    }
}
