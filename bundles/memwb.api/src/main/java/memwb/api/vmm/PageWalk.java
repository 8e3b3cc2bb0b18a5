package memwb.api.vmm;

import java.util.ArrayList;
import java.util.List;

/**
 * A side-effect-free walk of the tables in RAM for one linear address (no A/D bits set, no TLB
 * change), with what the TLB holds for that address and whether the two disagree.
 *
 * @param pa       the physical address when {@code outcome} is MAPPED, else -1
 * @param pageSize the page size when MAPPED, else 0
 * @param rights   the effective rights when MAPPED, else null
 * @param tlb      the TLB's entry for this address, or null
 * @param stale    true if the TLB translates this address differently from the tables
 * @param note     what differs, or what stopped the walk
 */
public record PageWalk(long va, String mode, long cr3, List<WalkStep> steps, Outcome outcome, long pa, long pageSize,
        Rights rights, TlbEntryInfo tlb, boolean stale, String note) {
    public enum Outcome { MAPPED, NOT_PRESENT, RESERVED_BIT, NON_CANONICAL, PAGING_DISABLED }

    public PageWalk {
        steps = List.copyOf(steps);
    }

    /** The walk as the console prints it, one line per level then the result and the TLB's view. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format("walk 0x%x (%s, CR3=0x%x)", va, mode, cr3));
        for (WalkStep s : steps) {
            out.add(String.format("  %-4s table 0x%x [%d] @0x%x = 0x%016x %s%s  rights %s", s.levelName(), s.table(),
                    s.index(), s.entryAddress(), s.entry(), s.flags(), s.leaf() ? " (leaf)" : "",
                    s.rightsSoFar()));
        }
        switch (outcome) {
            case MAPPED -> out.add(String.format("  => 0x%x -> 0x%x (%s page, rights %s)", va, pa, sizeName(pageSize),
                    rights));
            default -> out.add("  => " + note);
        }
        if (tlb == null) {
            out.add("  TLB: no entry");
        } else if (stale) {
            out.add(String.format("  TLB: stale TLB entry: it maps 0x%x -> 0x%x (%s page, rights %s); %s", tlb.va(),
                    tlb.pa(), sizeName(tlb.pageSize()), tlb.rights(), note));
        } else {
            out.add(String.format("  TLB: entry agrees (set %d, way %d%s)", tlb.set(), tlb.way(),
                    tlb.global() ? ", global" : ""));
        }
        return out;
    }

    static String sizeName(long size) {
        return size >= (1L << 30) ? (size >> 30) + " GiB" : size >= (1L << 20) ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
    }
}
