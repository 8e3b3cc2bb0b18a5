package memwb.views.paging;

import java.util.ArrayList;
import java.util.List;

import memwb.api.machine.Numbers;
import memwb.api.vmm.Access;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.Translation;
import memwb.api.vmm.WalkStep;

/**
 * What the Address Translation view shows for one access: the walk's steps as table rows, then the
 * TLB's part (hit, miss, or a stale entry), then the result or the fault in Linux's words; {@code pa}
 * is the physical address, or -1 after a fault. An {@link #error} report names what was wrong with
 * the input instead.
 */
record TranslationReport(long va, long pa, List<Row> steps, List<String> lines, boolean error) {
    /** One level of the walk: level, table address, index, entry address, raw entry, flags, rights so far. */
    record Row(String level, String table, String index, String entryAt, String entry, String flags, String rights) {
        List<String> cells() {
            return List.of(level, table, index, entryAt, entry, flags, rights);
        }
    }

    /** {@link #pa} when there is no physical address. */
    static final long NO_ADDRESS = -1;

    TranslationReport {
        steps = List.copyOf(steps);
        lines = List.copyOf(lines);
    }

    /** A report that shows only {@code message} (bad input, no machine). */
    static TranslationReport error(String message) {
        return new TranslationReport(0, NO_ADDRESS, List.of(), List.of(message), true);
    }

    /**
     * Parses a typed linear address as the console does (0x1000, 4096, 4K) and checks it is an address
     * of {@code mmu}'s mode.
     *
     * @throws IllegalArgumentException naming the text if it is not a number or not canonical
     */
    static long parse(String text, Mmu mmu) {
        long va = Numbers.parse(text, "address");
        if (!mmu.mode().isCanonical(va)) {
            int bits = mmu.mode().linearAddressBits();
            throw new IllegalArgumentException(String.format(
                    "address 0x%x is not canonical in %s paging (%s)", va, mmu.mode().name(),
                    bits > Integer.SIZE ? "bits 63:" + (bits - 1) + " must all equal bit " + (bits - 1)
                            : "it must fit in 32 bits"));
        }
        return va;
    }

    /**
     * Walks the tables for {@code va} without side effects (so the TLB is shown as it was), then
     * translates the access as the CPU would (setting A/D bits and filling the TLB, as real hardware).
     */
    static TranslationReport of(Mmu mmu, long va, Access access, Privilege privilege) {
        PageWalk walk = mmu.walk(va);
        Translation t = mmu.translateDetailed(va, access, privilege);
        List<Row> rows = new ArrayList<>();
        for (WalkStep s : walk.steps()) {
            rows.add(new Row(s.levelName(), hex(s.table()), Integer.toString(s.index()), hex(s.entryAddress()),
                    String.format("0x%016x", s.entry()), s.flags() + (s.leaf() ? " (leaf)" : ""),
                    String.valueOf(s.rightsSoFar())));
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s %s access to 0x%x (%s, CR3=0x%x)", privilege.name().toLowerCase(),
                access.name().toLowerCase(), va, walk.mode(), walk.cr3()));
        lines.add(tlbLine(walk, t));
        if (walk.stale()) {
            lines.add(String.format("stale TLB entry: it maps 0x%x -> 0x%x (%s page, rights %s) but the tables say: %s",
                    walk.tlb().va(), walk.tlb().pa(), Sizes.name(walk.tlb().pageSize()), walk.tlb().rights(),
                    walk.outcome() == PageWalk.Outcome.MAPPED ? String.format("0x%x -> 0x%x", va, walk.pa())
                            : walk.note()));
        }
        if (t instanceof Mapped m) {
            lines.add(String.format("=> physical 0x%x (%s page, rights %s)", m.pa(), Sizes.name(m.pageSize()),
                    m.rights()));
        } else if (t instanceof PageFault f) {
            lines.addAll(f.linuxLines());
            lines.add("reason: " + f.reason());
        } else if (t instanceof GeneralProtection gp) {
            lines.add(gp.linuxLine());
            lines.add("reason: " + gp.reason());
        }
        return new TranslationReport(va, t instanceof Mapped m ? m.pa() : NO_ADDRESS, rows, lines, false);
    }

    private static String tlbLine(PageWalk walk, Translation t) {
        boolean hit = t instanceof Mapped m ? m.tlbHit() : t instanceof PageFault f && f.fromTlb();
        if (!hit) {
            return "TLB miss: walked " + walk.steps().size() + " levels";
        }
        return walk.tlb() == null ? "TLB hit"
                : String.format("TLB hit (set %d, way %d%s)", walk.tlb().set(), walk.tlb().way(),
                        walk.tlb().global() ? ", global" : "");
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
