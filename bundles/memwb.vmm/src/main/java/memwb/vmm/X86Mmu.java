package memwb.vmm;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.vmm.Tlb.R_D;
import static memwb.vmm.Tlb.R_G;
import static memwb.vmm.Tlb.R_U;
import static memwb.vmm.Tlb.R_W;
import static memwb.vmm.Tlb.R_X;

import java.util.List;
import java.util.Objects;

import memwb.api.paging.PagingMode;
import memwb.api.ram.PhysicalMemory;
import memwb.api.vmm.Access;
import memwb.api.vmm.ControlRegisters;
import memwb.api.vmm.GeneralProtection;
import memwb.api.vmm.Mapped;
import memwb.api.vmm.Mmu;
import memwb.api.vmm.PageFault;
import memwb.api.vmm.PageFaultException;
import memwb.api.vmm.PageWalk;
import memwb.api.vmm.Privilege;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.TlbEntryInfo;
import memwb.api.vmm.TlbStats;
import memwb.api.vmm.Translation;

/**
 * The paging unit: TLB first, then the walk of SDM vol. 3A, 4.4-4.6 over the tables in RAM.
 *
 * <p>The walk checks P, then the reserved bits, then sets A in the entry and goes down; rights are
 * checked at the leaf, whose A (and D on a write) are set only if the access is allowed. That is the
 * order QEMU's walker uses; Intel allows either for the leaf. A permission fault from a cached TLB
 * entry drops that entry, as a real #PF does, without walking: that is how lazily flushed
 * permission upgrades give Linux its "spurious" faults. A write through a cached entry whose D is
 * clear walks again so D gets set in RAM.
 *
 * <p>PAE note: Intel CPUs load the four PDPTEs into registers at MOV CR3 and report their reserved
 * bits as #GP there; like QEMU and AMD CPUs, this walker reads them from RAM on every walk and
 * reports a reserved PDPTE bit as a #PF with RSVD.
 */
final class X86Mmu implements Mmu {
    private static final long PAGE = 4096;
    private static final long LOW_32_BITS = 0xffffffffL;
    private static final int NO_LEVEL = 0;
    private static final int WHY_NOT_PRESENT = 100;
    private static final int WHY_RESERVED = 101;

    private final PhysicalMemory ram;
    private final ControlRegisters regs;
    private final Tlb tlb;
    private PagingMode mode;
    private long version;

    // What the last translate found, so translateDetailed can explain it without the hot path allocating.
    private boolean lastHit;
    private long lastPageSize;
    private int lastRights;
    private int lastWhy;
    private int lastLevel;
    private long lastEntryAddress;
    private long lastEntry;

    X86Mmu(PhysicalMemory ram, PagingMode mode, ControlRegisters regs, TlbConfig config) {
        this.ram = Objects.requireNonNull(ram, "ram");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.regs = Objects.requireNonNull(regs, "registers");
        this.tlb = new Tlb(Objects.requireNonNull(config, "tlb"));
    }

    @Override
    public PhysicalMemory ram() {
        return ram;
    }

    @Override
    public PagingMode mode() {
        return mode;
    }

    @Override
    public ControlRegisters registers() {
        return regs;
    }

    @Override
    public long translate(long va, Access access, Privilege privilege) {
        ControlRegisters r = regs;
        if (!r.paging()) {
            lastHit = false;
            lastPageSize = PAGE;
            lastRights = R_W | R_U | R_X;
            return va & LOW_32_BITS; // without paging, linear is physical (and 32 bits wide)
        }
        if (!mode.isCanonical(va)) {
            return Mmu.GENERAL_PROTECTION;
        }
        int acc = access.ordinal();
        boolean user = privilege == Privilege.USER;
        int slot = tlb.find(va);
        if (slot >= 0) {
            int rights = tlb.rights(slot);
            int why = AccessRules.deny(rights, acc, user, r);
            if (why != AccessRules.OK) {
                // The cached rights deny it: #PF without a walk, and the fault drops the entry.
                tlb.hits++;
                tlb.drop(slot);
                version++;
                lastHit = true;
                lastRights = rights;
                return fault(va, PageFault.P | AccessRules.accessBits(acc, user, r), why, NO_LEVEL, -1, 0);
            }
            if (acc != AccessRules.WRITE || (rights & R_D) != 0) {
                tlb.touch(slot);
                lastHit = true;
                lastRights = rights;
                lastPageSize = tlb.pageSize(slot);
                return tlb.physical(slot, va);
            }
            // An allowed write through a clean entry: the CPU walks again to set D in RAM.
        }
        tlb.misses++;
        lastHit = false;
        return walk(va, acc, user, r);
    }

    /** The translating walk: sets A/D in RAM and fills the TLB on success. */
    private long walk(long va, int acc, boolean user, ControlRegisters r) {
        PagingMode m = mode;
        checkModeMatches(r);
        boolean pse = r.pse();
        boolean nxe = r.nxe();
        long table = m.rootTable(r.cr3());
        int rights = R_W | R_U | R_X;
        for (int level = m.levels(); level >= 1; level--) {
            long ea = table + (long) m.index(va, level) * m.entrySize();
            long e = m.readEntry(ram, ea);
            if ((e & P) == 0) {
                return fault(va, AccessRules.accessBits(acc, user, r), WHY_NOT_PRESENT, level, ea, e);
            }
            if (m.reservedBits(e, level, pse, nxe) != 0) {
                return fault(va, PageFault.P | PageFault.RSVD | AccessRules.accessBits(acc, user, r), WHY_RESERVED,
                        level, ea, e);
            }
            if (m.controlsRights(level)) {
                if ((e & RW) == 0) {
                    rights &= ~R_W;
                }
                if ((e & US) == 0) {
                    rights &= ~R_U;
                }
                if (nxe && e < 0) {
                    rights &= ~R_X; // XD is bit 63
                }
            }
            if (level > 1 && !m.isLeaf(e, level, pse)) {
                if (m.controlsRights(level) && (e & A) == 0) {
                    m.writeEntry(ram, ea, e | A);
                }
                table = m.address(e, level, pse);
                continue;
            }
            int why = AccessRules.deny(rights, acc, user, r);
            if (why != AccessRules.OK) {
                lastRights = rights;
                return fault(va, PageFault.P | AccessRules.accessBits(acc, user, r), why, level, ea, e);
            }
            long updated = e | A | (acc == AccessRules.WRITE ? D : 0);
            if (updated != e) {
                m.writeEntry(ram, ea, updated);
            }
            long size = m.leafSize(level);
            long frame = m.address(e, level, pse);
            int cached = rights | ((updated & D) != 0 ? R_D : 0) | (r.pge() && (e & G) != 0 ? R_G : 0);
            tlb.fill(va, frame, size, cached);
            version++;
            lastRights = cached;
            lastPageSize = size;
            return frame | (va & (size - 1));
        }
        throw new AssertionError("walk fell off level 1");
    }

    private void checkModeMatches(ControlRegisters r) {
        String selected = r.pagingModeName();
        if (!selected.equals(mode.name())) {
            throw new IllegalStateException("CR0/CR4/EFER select " + selected + " paging but this MMU walks "
                    + mode.name() + " tables; switch the paging mode first");
        }
    }

    private long fault(long va, int errorCode, int why, int level, long entryAddress, long entry) {
        regs.setCr2(va);
        lastWhy = why;
        lastLevel = level;
        lastEntryAddress = entryAddress;
        lastEntry = entry;
        return Mmu.FAULT | errorCode;
    }

    @Override
    public Translation translateDetailed(long va, Access access, Privilege privilege) {
        long result = translate(va, access, privilege);
        if (!Mmu.isFault(result)) {
            return new Mapped(va, result, lastPageSize, Tlb.rightsOf(lastRights), lastHit);
        }
        if (Mmu.isGeneralProtection(result)) {
            return new GeneralProtection(va, nonCanonical(va));
        }
        return new PageFault(va, Mmu.errorCode(result), access, privilege, faultReason(), LinuxDump.line(mode, regs, ram, va),
                regs.pagingModeName().endsWith("level"), lastLevel == NO_LEVEL);
    }

    private String nonCanonical(long va) {
        return mode.linearAddressBits() == 32
                ? String.format("0x%x is not a 32-bit linear address", va)
                : String.format("0x%x is not canonical: bits 63:%d must all equal bit %d", va,
                        mode.linearAddressBits() - 1, mode.linearAddressBits() - 1);
    }

    private String faultReason() {
        String where = lastLevel == NO_LEVEL ? "the cached TLB entry"
                : String.format("%s entry 0x%016x at 0x%x", mode.levelName(lastLevel), lastEntry, lastEntryAddress);
        return switch (lastWhy) {
            case WHY_NOT_PRESENT -> "not present: " + where + " has P=0";
            case WHY_RESERVED -> String.format("reserved bits 0x%x set in %s", mode.reservedBits(lastEntry, lastLevel,
                    regs.pse(), regs.nxe()), where);
            default -> AccessRules.explain(lastWhy, regs) + " (rights " + Tlb.rightsOf(lastRights) + ", from " + where + ")";
        };
    }

    @Override
    public PageWalk walk(long va) {
        return new WalkTracer(mode, regs, ram, tlb.info(va)).trace(va);
    }

    @Override
    public void readVirtual(long va, byte[] dst, int offset, int length, Privilege privilege) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        long[] pas = translateRange(va, length, Access.READ, privilege);
        copy(va, length, pas, (pa, at, n) -> ram.read(pa, dst, offset + at, n));
    }

    @Override
    public void writeVirtual(long va, byte[] src, int offset, int length, Privilege privilege) {
        Objects.checkFromIndexSize(offset, length, src.length);
        long[] pas = translateRange(va, length, Access.WRITE, privilege);
        copy(va, length, pas, (pa, at, n) -> ram.write(pa, src, offset + at, n));
    }

    private interface Piece {
        void copy(long pa, int at, int length);
    }

    /** The physical address of every page piece of {@code [va, va + length)}, or the first fault. */
    private long[] translateRange(long va, int length, Access access, Privilege privilege) {
        int pieces = length == 0 ? 0 : (int) (((va + length - 1) >>> 12) - (va >>> 12) + 1);
        long[] pas = new long[pieces];
        long at = va;
        for (int i = 0; i < pieces; i++) {
            Translation t = translateDetailed(at, access, privilege);
            if (!(t instanceof Mapped m)) {
                throw new PageFaultException(t);
            }
            pas[i] = m.pa();
            at = (at & -PAGE) + PAGE;
        }
        return pas;
    }

    private static void copy(long va, int length, long[] pas, Piece piece) {
        int done = 0;
        for (int i = 0; i < pas.length; i++) {
            int n = (int) Math.min(length - done, PAGE - ((va + done) & (PAGE - 1)));
            piece.copy(pas[i], done, n);
            done += n;
        }
    }

    @Override
    public void setMode(PagingMode newMode) {
        mode = Objects.requireNonNull(newMode, "mode");
        tlb.flushAll();
        version++;
    }

    @Override
    public void setCr0(long value) {
        long old = regs.cr0();
        regs.setCr0(value);
        if ((old & ControlRegisters.CR0_PG) != 0 && (value & ControlRegisters.CR0_PG) == 0) {
            tlb.flushAll();
            regs.setEfer(regs.efer() & ~ControlRegisters.EFER_LMA);
        }
        if ((value & ControlRegisters.CR0_PG) != 0 && (regs.efer() & ControlRegisters.EFER_LME) != 0 && regs.pae()) {
            regs.setEfer(regs.efer() | ControlRegisters.EFER_LMA); // the CPU activates long mode itself
        }
        version++;
    }

    @Override
    public void setCr3(long value) {
        if ((value >>> PagingMode.MAX_PHYS_ADDR_BITS) != 0) {
            throw new IllegalArgumentException(String.format(
                    "CR3 0x%x has bits set above MAXPHYADDR (%d): MOV to CR3 would #GP", value,
                    PagingMode.MAX_PHYS_ADDR_BITS));
        }
        regs.setCr3(value);
        tlb.flushNonGlobal();
        version++;
    }

    @Override
    public void setCr4(long value) {
        long old = regs.cr4();
        regs.setCr4(value);
        long changed = old ^ value;
        long flushing = ControlRegisters.CR4_PGE | ControlRegisters.CR4_PAE | ControlRegisters.CR4_PSE
                | ControlRegisters.CR4_LA57;
        if ((changed & flushing) != 0 || (changed & value & ControlRegisters.CR4_SMEP) != 0) {
            tlb.flushAll();
        }
        version++;
    }

    @Override
    public void setEfer(long value) {
        long changed = regs.efer() ^ value;
        regs.setEfer(value);
        if ((changed & (ControlRegisters.EFER_NXE | ControlRegisters.EFER_LME)) != 0) {
            tlb.flushAll();
        }
        version++;
    }

    @Override
    public void setRflags(long value) {
        regs.setRflags(value);
        version++;
    }

    @Override
    public void invlpg(long va) {
        tlb.invalidatePage(va);
        version++;
    }

    @Override
    public void invalidate(long va, long length) {
        if (length > 0) {
            tlb.invalidateRange(va, length);
            version++;
        }
    }

    @Override
    public void flushTlb() {
        tlb.flushAll();
        version++;
    }

    @Override
    public TlbConfig tlbConfig() {
        return tlb.config();
    }

    @Override
    public TlbStats tlbStats() {
        return tlb.stats();
    }

    @Override
    public void resetTlbStats() {
        tlb.resetStats();
    }

    @Override
    public List<TlbEntryInfo> tlbEntries() {
        return tlb.entries();
    }

    @Override
    public String infoTlb() {
        return QemuMonitor.infoTlb(ram, regs);
    }

    @Override
    public String infoMem() {
        return QemuMonitor.infoMem(ram, regs, false);
    }

    @Override
    public String infoMemVerbose() {
        return QemuMonitor.infoMem(ram, regs, true);
    }

    @Override
    public long version() {
        return version;
    }
}
