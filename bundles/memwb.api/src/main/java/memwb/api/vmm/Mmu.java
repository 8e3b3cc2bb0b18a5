package memwb.api.vmm;

import java.util.List;

import memwb.api.paging.PagingMode;
import memwb.api.ram.PhysicalMemory;

/**
 * The CPU's paging unit: control registers, the TLB and the page walker over one machine's RAM.
 * {@link #translate} is the hot path (allocation-free on a TLB hit); {@link #translateDetailed} and
 * {@link #walk} are for the console and views.
 *
 * <p>Like real x86, the TLB is consulted first: a page-table change is not seen until the page is
 * invalidated ({@link #invlpg}, a CR3 load, ...). Global translations (G with CR4.PGE) survive CR3
 * loads. One thread uses an Mmu at a time.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Mmu {
    /** Marks a fault in {@link #translate}'s result; the low 16 bits are the #PF error code. */
    long FAULT = Long.MIN_VALUE;
    /** {@link #translate}'s result for a #GP (non-canonical address). */
    long GENERAL_PROTECTION = Long.MIN_VALUE | (1L << 32);

    /** True if a {@link #translate} result is a fault (#PF or #GP), not a physical address. */
    static boolean isFault(long result) {
        return result < 0;
    }

    /** True if a {@link #translate} result is a #GP. */
    static boolean isGeneralProtection(long result) {
        return result == GENERAL_PROTECTION;
    }

    /** The #PF error code of a faulting {@link #translate} result. */
    static int errorCode(long result) {
        return (int) (result & 0xffff);
    }

    PhysicalMemory ram();

    PagingMode mode();

    /** The live registers (the same object on every call). */
    ControlRegisters registers();

    /**
     * Translates one access: the physical address, or {@link #FAULT} | error code for a #PF (CR2 is
     * set to {@code va}), or {@link #GENERAL_PROTECTION}. Sets A in every entry used and D in the leaf
     * on a write, in RAM. With CR0.PG=0 the physical address is {@code va} itself.
     *
     * @throws IllegalStateException if the registers select a different paging mode than {@link #mode()}
     * @throws memwb.api.ram.PhysicalAccessException if a (corrupted) entry sends the walk outside installed RAM
     */
    long translate(long va, Access access, Privilege privilege);

    /** {@link #translate} with the result explained: page size, rights, TLB hit, fault reason and Linux lines. */
    Translation translateDetailed(long va, Access access, Privilege privilege);

    /** Walks the tables for {@code va} without changing anything, and compares with the TLB. */
    PageWalk walk(long va);

    /** Reads {@code length} bytes at linear {@code va} through translation (may cross pages). */
    void readVirtual(long va, byte[] dst, int offset, int length, Privilege privilege) throws PageFaultException;

    /** Writes {@code length} bytes at linear {@code va} through translation; nothing is written if any page faults. */
    void writeVirtual(long va, byte[] src, int offset, int length, Privilege privilege) throws PageFaultException;

    /** Switches the table format (the machine does this with the registers); flushes the whole TLB. */
    void setMode(PagingMode mode);

    /** MOV to CR0: turning PG off flushes the whole TLB, globals included. */
    void setCr0(long value);

    /**
     * MOV to CR3: loads the root and drops every non-global TLB entry.
     *
     * @throws IllegalArgumentException if the value has bits set above MAXPHYADDR
     */
    void setCr3(long value);

    /** MOV to CR4: changing PGE, PAE, PSE or LA57, or setting SMEP, flushes the whole TLB. */
    void setCr4(long value);

    /** WRMSR to EFER: changing NXE or LME flushes the whole TLB (cached XD rights change meaning). */
    void setEfer(long value);

    /** RFLAGS (AC matters to SMAP); no flush. */
    void setRflags(long value);

    /** INVLPG: drops every TLB entry (4 KiB or large, global or not) for the page holding {@code va}. */
    void invlpg(long va);

    /** Drops every TLB entry overlapping {@code [va, va + length)}, as an OS's ranged flush. */
    void invalidate(long va, long length);

    /** Drops every TLB entry, globals included (as toggling CR4.PGE does). */
    void flushTlb();

    TlbConfig tlbConfig();

    TlbStats tlbStats();

    void resetTlbStats();

    /** Every valid TLB entry, 4 KiB ones first, by set and way. */
    List<TlbEntryInfo> tlbEntries();

    /** QEMU's {@code info tlb} for the current registers and RAM, byte for byte. */
    String infoTlb();

    /** QEMU's {@code info mem} (5-level with QEMU's inverted present checks fixed). */
    String infoMem();

    /**
     * {@code info mem -v}: QEMU's runs with a fourth column, {@code x} or {@code -}: XD ORed over
     * the levels (with EFER.NXE), so no-execute ranges show, which QEMU's listing never does. Runs
     * split where that differs too; {@code u} and {@code w} are U/S and R/W ANDed over the levels.
     */
    String infoMemVerbose();

    /** Counts register loads, TLB fills and flushes: views poll it. */
    long version();
}
