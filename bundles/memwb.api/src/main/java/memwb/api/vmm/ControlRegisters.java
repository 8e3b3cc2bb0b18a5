package memwb.api.vmm;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The registers paging depends on, as a small mutable value: CR0, CR2, CR3, CR4, EFER and RFLAGS
 * (for AC, which SMAP reads). Setting a field here is like editing it in a debugger: nothing else
 * happens (but for telling the change listeners, through which the paging unit sees the new value on
 * its next access). {@link Mmu}'s setters behave like the MOV instructions (TLB flushes, mode checks).
 */
public final class ControlRegisters {
    /** CR0.PE: protected mode. */
    public static final long CR0_PE = 1L;
    /** CR0.ET: hard-wired to 1 on every CPU since the 486 (QEMU forces it too). */
    public static final long CR0_ET = 1L << 4;
    /** CR0.WP: supervisor writes honour read-only pages. */
    public static final long CR0_WP = 1L << 16;
    /** CR0.PG: paging on. */
    public static final long CR0_PG = 1L << 31;
    /** CR4.PSE: 4 MiB pages in 32-bit paging. */
    public static final long CR4_PSE = 1L << 4;
    /** CR4.PAE: 8-byte entries (PAE, 4-level, 5-level). */
    public static final long CR4_PAE = 1L << 5;
    /** CR4.PGE: G=1 translations survive CR3 loads. */
    public static final long CR4_PGE = 1L << 7;
    /** CR4.LA57: 5-level paging. */
    public static final long CR4_LA57 = 1L << 12;
    /** CR4.SMEP: supervisor fetches from user pages fault. */
    public static final long CR4_SMEP = 1L << 20;
    /** CR4.SMAP: supervisor data accesses to user pages fault unless RFLAGS.AC. */
    public static final long CR4_SMAP = 1L << 21;
    /** EFER.SCE: SYSCALL enable (not used by paging, named for listings). */
    public static final long EFER_SCE = 1L;
    /** EFER.LME: long mode enable. */
    public static final long EFER_LME = 1L << 8;
    /** EFER.LMA: long mode active (set by the CPU when CR0.PG turns on with LME). */
    public static final long EFER_LMA = 1L << 10;
    /** EFER.NXE: bit 63 of PAE/4-level/5-level entries is XD instead of reserved. */
    public static final long EFER_NXE = 1L << 11;
    /** RFLAGS.AC: with SMAP, lets the supervisor reach user pages (STAC/CLAC). */
    public static final long RFLAGS_AC = 1L << 18;
    /** RFLAGS bit 1 always reads 1. */
    public static final long RFLAGS_FIXED = 1L << 1;

    private long cr0 = CR0_ET;
    private long cr2;
    private long cr3;
    private long cr4;
    private long efer;
    private long rflags = RFLAGS_FIXED;
    /** Counts every set of a register paging reads (all but CR2), so a paging unit can cache what it derives. */
    private long version;
    /** Told of every change to {@link #version}; null until the first is added (a copy has none). */
    private List<WeakReference<Runnable>> listeners;

    /** Registers as after reset: paging off. */
    public ControlRegisters() {
    }

    public ControlRegisters(long cr0, long cr2, long cr3, long cr4, long efer, long rflags) {
        this.cr0 = cr0;
        this.cr2 = cr2;
        this.cr3 = cr3;
        this.cr4 = cr4;
        this.efer = efer;
        this.rflags = rflags;
    }

    /**
     * Typical values with paging on in {@code mode} ("32-bit", "pae", "4-level", "5-level"), CR3 left
     * 0: CR0 = PE|ET|WP|PG; CR4.PGE (plus PSE for 32-bit, PAE for the others, LA57 for 5-level);
     * EFER.NXE for PAE and up, plus LME|LMA for long mode.
     *
     * @throws IllegalArgumentException for an unknown mode name
     */
    public static ControlRegisters forMode(String mode) {
        long cr0 = CR0_PE | CR0_ET | CR0_WP | CR0_PG;
        return switch (mode) {
            case "32-bit" -> new ControlRegisters(cr0, 0, 0, CR4_PSE | CR4_PGE, 0, RFLAGS_FIXED);
            case "pae" -> new ControlRegisters(cr0, 0, 0, CR4_PAE | CR4_PGE, EFER_NXE, RFLAGS_FIXED);
            case "4-level" -> new ControlRegisters(cr0, 0, 0, CR4_PAE | CR4_PGE,
                    EFER_LME | EFER_LMA | EFER_NXE, RFLAGS_FIXED);
            case "5-level" -> new ControlRegisters(cr0, 0, 0, CR4_PAE | CR4_PGE | CR4_LA57,
                    EFER_LME | EFER_LMA | EFER_NXE, RFLAGS_FIXED);
            default -> throw new IllegalArgumentException("unknown paging mode \"" + mode
                    + "\" (use 32-bit, pae, 4-level or 5-level)");
        };
    }

    /**
     * The paging mode these bits select: "none" (CR0.PG=0), "32-bit" (PAE=0), "pae" (PAE=1, LMA=0),
     * "4-level", or "5-level" (LMA and LA57).
     */
    public String pagingModeName() {
        if (!paging()) {
            return "none";
        }
        if (!pae()) {
            return "32-bit";
        }
        if ((efer & EFER_LMA) == 0) {
            return "pae";
        }
        return la57() ? "5-level" : "4-level";
    }

    public long cr0() {
        return cr0;
    }

    public long cr2() {
        return cr2;
    }

    public long cr3() {
        return cr3;
    }

    public long cr4() {
        return cr4;
    }

    public long efer() {
        return efer;
    }

    public long rflags() {
        return rflags;
    }

    public void setCr0(long value) {
        cr0 = value;
        changed();
    }

    /** CR2 is an output of page faults, not an input of paging: setting it leaves {@link #version()} alone. */
    public void setCr2(long value) {
        cr2 = value;
    }

    public void setCr3(long value) {
        cr3 = value;
        changed();
    }

    public void setCr4(long value) {
        cr4 = value;
        changed();
    }

    public void setEfer(long value) {
        efer = value;
        changed();
    }

    public void setRflags(long value) {
        rflags = value;
        changed();
    }

    public boolean paging() {
        return (cr0 & CR0_PG) != 0;
    }

    public boolean wp() {
        return (cr0 & CR0_WP) != 0;
    }

    public boolean pse() {
        return (cr4 & CR4_PSE) != 0;
    }

    public boolean pae() {
        return (cr4 & CR4_PAE) != 0;
    }

    public boolean pge() {
        return (cr4 & CR4_PGE) != 0;
    }

    public boolean la57() {
        return (cr4 & CR4_LA57) != 0;
    }

    public boolean smep() {
        return (cr4 & CR4_SMEP) != 0;
    }

    public boolean smap() {
        return (cr4 & CR4_SMAP) != 0;
    }

    public boolean nxe() {
        return (efer & EFER_NXE) != 0;
    }

    public boolean ac() {
        return (rflags & RFLAGS_AC) != 0;
    }

    /** A copy (the machine snapshots registers this way). */
    public ControlRegisters copy() {
        return new ControlRegisters(cr0, cr2, cr3, cr4, efer, rflags);
    }

    /** Takes every value of {@code other}. */
    public void copyFrom(ControlRegisters other) {
        cr0 = other.cr0;
        cr2 = other.cr2;
        cr3 = other.cr3;
        cr4 = other.cr4;
        efer = other.efer;
        rflags = other.rflags;
        changed();
    }

    /** Changes with every set except of CR2 (not part of equality). */
    public long version() {
        return version;
    }

    /**
     * Runs {@code listener} after every change to {@link #version()} (every set but of CR2), so a
     * paging unit can redo what it derives from these registers then instead of checking the version
     * on every access. Held weakly, so registers do not keep a discarded paging unit alive: the caller
     * keeps its own reference for as long as it wants to be told. Not copied by {@link #copy()}.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public void addChangeListener(Runnable listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        if (listeners == null) {
            listeners = new ArrayList<>(1);
        }
        listeners.add(new WeakReference<>(listener));
    }

    /** Stops telling {@code listener} of changes; no effect if it was not added. */
    public void removeChangeListener(Runnable listener) {
        if (listeners != null) {
            listeners.removeIf(w -> w.get() == null || w.get() == listener);
        }
    }

    private void changed() {
        version++;
        if (listeners != null) {
            for (int i = 0; i < listeners.size(); i++) {
                Runnable l = listeners.get(i).get();
                if (l == null) {
                    listeners.remove(i--); // its owner is gone
                } else {
                    l.run();
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlRegisters r && r.cr0 == cr0 && r.cr2 == cr2 && r.cr3 == cr3 && r.cr4 == cr4
                && r.efer == efer && r.rflags == rflags;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(cr0, cr2, cr3, cr4, efer, rflags);
    }

    /** {@code CR0=80010011 CR2=... CR3=... CR4=... EFER=... RFLAGS=...} with the set bits named. */
    @Override
    public String toString() {
        return String.format("CR0=%08x [%s] CR2=%016x CR3=%016x CR4=%08x [%s] EFER=%016x [%s] RFLAGS=%08x%s",
                cr0, names(cr0, CR0_PE, "PE", CR0_ET, "ET", CR0_WP, "WP", CR0_PG, "PG"), cr2, cr3,
                cr4, names(cr4, CR4_PSE, "PSE", CR4_PAE, "PAE", CR4_PGE, "PGE", CR4_LA57, "LA57", CR4_SMEP, "SMEP",
                        CR4_SMAP, "SMAP"),
                efer, names(efer, EFER_SCE, "SCE", EFER_LME, "LME", EFER_LMA, "LMA", EFER_NXE, "NXE"),
                rflags, ac() ? " [AC]" : "");
    }

    private static String names(long value, Object... bitsAndNames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bitsAndNames.length; i += 2) {
            if ((value & (Long) bitsAndNames[i]) != 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(bitsAndNames[i + 1]);
            }
        }
        return sb.toString();
    }
}
