package memwb.vmm;

import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;

import java.util.ArrayList;
import java.util.List;

import memwb.api.paging.PagingMode;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.PageWalk.Outcome;
import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbEntryInfo;
import memwb.api.vmm.WalkStep;

/**
 * The console's {@code walk}: the same walk as the MMU's, recorded level by level, reading RAM
 * only (no A/D bits, no TLB fill), then compared with what the TLB holds for the address. A TLB
 * entry that translates differently from the tables is a stale entry: real x86 keeps using it until
 * INVLPG or a CR3 load drops it.
 */
final class WalkTracer {
    private final PagingMode mode;
    private final ControlRegisters regs;
    private final PhysicalMemory ram;
    private final TlbEntryInfo tlb;

    WalkTracer(PagingMode mode, ControlRegisters regs, PhysicalMemory ram, TlbEntryInfo tlb) {
        this.mode = mode;
        this.regs = regs;
        this.ram = ram;
        this.tlb = tlb;
    }

    PageWalk trace(long va) {
        long cr3 = regs.cr3();
        if (!regs.paging()) {
            return new PageWalk(va, "paging off", cr3, List.of(), Outcome.PAGING_DISABLED, va & 0xffffffffL, 4096,
                    new Rights(true, true, true, false), tlb, false, "CR0.PG=0: linear addresses are physical");
        }
        if (!mode.isCanonical(va)) {
            return new PageWalk(va, mode.name(), cr3, List.of(), Outcome.NON_CANONICAL, -1, 0, null, tlb, false,
                    String.format("0x%x is not a canonical %d-bit linear address: #GP, not #PF", va,
                            mode.linearAddressBits()));
        }
        boolean pse = regs.pse();
        boolean nxe = regs.nxe();
        List<WalkStep> steps = new ArrayList<>();
        boolean w = true;
        boolean u = true;
        boolean x = true;
        long table = mode.rootTable(cr3);
        for (int level = mode.levels(); level >= 1; level--) {
            int index = mode.index(va, level);
            long ea = table + (long) index * mode.entrySize();
            long e;
            try {
                e = mode.readEntry(ram, ea);
            } catch (PhysicalAccessException ex) {
                return end(va, cr3, steps, Outcome.NOT_PRESENT, String.format(
                        "the %s table at 0x%x is outside installed RAM", mode.levelName(level), table));
            }
            if ((e & P) == 0) {
                steps.add(new WalkStep(level, mode.levelName(level), table, index, ea, e, "not present", 0,
                        new Rights(w, x, u, false), false));
                return end(va, cr3, steps, Outcome.NOT_PRESENT, String.format(
                        "not present: %s entry %d is 0x%x (#PF with P=0)", mode.levelName(level), index, e));
            }
            long rsvd = mode.reservedBits(e, level, pse, nxe);
            if (mode.controlsRights(level)) {
                w &= (e & RW) != 0;
                u &= (e & US) != 0;
                x &= !(nxe && e < 0);
            }
            boolean leaf = level == 1 || mode.isLeaf(e, level, pse);
            boolean global = leaf && regs.pge() && (e & G) != 0;
            steps.add(new WalkStep(level, mode.levelName(level), table, index, ea, e, mode.describe(e, level, pse), rsvd,
                    new Rights(w, x, u, global), leaf && rsvd == 0));
            if (rsvd != 0) {
                return end(va, cr3, steps, Outcome.RESERVED_BIT, String.format(
                        "reserved bits 0x%x set in %s entry %d (#PF with RSVD=1)", rsvd, mode.levelName(level), index));
            }
            if (leaf) {
                long size = mode.leafSize(level);
                long frame = mode.address(e, level, pse);
                Rights rights = new Rights(w, x, u, global);
                boolean stale = tlb != null && (tlb.pa() != frame || tlb.pageSize() != size || !tlb.rights().equals(rights));
                String note = stale ? String.format("the tables say 0x%x -> 0x%x (%s page, rights %s)",
                        va & -size, frame, PagingSizes.name(size), rights) : "";
                return new PageWalk(va, mode.name(), cr3, steps, Outcome.MAPPED, frame | (va & (size - 1)), size, rights,
                        tlb, stale, note);
            }
            table = mode.address(e, level, pse);
        }
        throw new AssertionError("walk fell off level 1");
    }

    /** A walk that found no translation: any TLB entry for the address is stale. */
    private PageWalk end(long va, long cr3, List<WalkStep> steps, Outcome outcome, String note) {
        boolean stale = tlb != null;
        return new PageWalk(va, mode.name(), cr3, steps, outcome, -1, 0, null, tlb, stale,
                stale ? "the tables say " + note : note);
    }
}
