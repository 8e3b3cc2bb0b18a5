package memwb.views.paging;

import java.util.ArrayList;
import java.util.List;

import memwb.api.paging.EntryBits;
import memwb.api.paging.PagingMode;
import memwb.api.ram.PhysicalMemory;

/**
 * Reads one paging structure from RAM at a time, so a tree shows a table only when it is opened: a
 * 1 GiB identity map in 4 KiB pages is 512 page tables, and none is read until expanded.
 */
final class PageTableReader {
    private final PagingMode mode;
    private final PhysicalMemory ram;
    private final boolean pse;

    /** A reader of {@code mode}'s tables in {@code ram}; {@code pse} is CR4.PSE (4 MiB pages in 32-bit paging). */
    PageTableReader(PagingMode mode, PhysicalMemory ram, boolean pse) {
        this.mode = mode;
        this.ram = ram;
        this.pse = pse;
    }

    PagingMode mode() {
        return mode;
    }

    /** The root table's present entries ({@code root} is a physical address, the table CR3 points at). */
    List<PageTableEntry> root(long root) {
        return present(root, mode.levels(), 0);
    }

    /** The present entries of a non-leaf entry's table, one level down. */
    List<PageTableEntry> children(PageTableEntry parent) {
        if (parent.leaf()) {
            throw new IllegalArgumentException(parent.label() + " at 0x" + Long.toHexString(parent.entryAddress())
                    + " is a leaf: it maps a frame, not a table");
        }
        return present(parent.target(), parent.level() - 1, parent.va());
    }

    /**
     * The present entries of the level-{@code level} table at physical {@code table}, ascending, whose
     * linear ranges start at {@code vaBase} (already canonical above the root).
     */
    List<PageTableEntry> present(long table, int level, long vaBase) {
        if (level < 1 || level > mode.levels()) {
            throw new IllegalArgumentException("level " + level + " is not a level of " + mode.name() + " paging (1-"
                    + mode.levels() + ")");
        }
        if ((table & (PagingMode.PAGE_SIZE - 1)) != 0 && level != mode.levels()) {
            throw new IllegalArgumentException(String.format("table 0x%x is not page aligned", table));
        }
        int entries = mode.entriesPerTable(level);
        int shift = mode.indexShift(level);
        String name = mode.levelName(level);
        String below = level > 1 ? mode.levelName(level - 1) : "";
        List<PageTableEntry> out = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            long at = table + (long) i * mode.entrySize();
            long raw = mode.readEntry(ram, at);
            if ((raw & EntryBits.P) == 0) {
                continue;
            }
            boolean leaf = level == 1 || mode.isLeaf(raw, level, pse);
            long va = canonical(vaBase + ((long) i << shift));
            out.add(new PageTableEntry(level, name, table, i, at, raw, mode.describe(raw, level, pse), leaf, va,
                    1L << shift, mode.address(raw, level, pse), leaf ? "" : below));
        }
        return out;
    }

    /** Sign-extends a 48- or 57-bit linear address; 32-bit modes have nothing to extend. */
    private long canonical(long va) {
        int bits = mode.linearAddressBits();
        if (bits <= Integer.SIZE || bits >= Long.SIZE) {
            return va;
        }
        return (va << (Long.SIZE - bits)) >> (Long.SIZE - bits);
    }

    /** The raw value as the entry's width prints: 8 or 16 hex digits. */
    String raw(long value) {
        return mode.entrySize() == 4 ? String.format("0x%08x", value) : String.format("0x%016x", value);
    }
}
