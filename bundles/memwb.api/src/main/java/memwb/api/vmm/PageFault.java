package memwb.api.vmm;

import java.util.List;

/**
 * A page fault (#PF, vector 14) as the CPU reports it: the error code pushed on the stack and the
 * faulting linear address it loads into CR2.
 *
 * @param va            the faulting linear address (what CR2 now holds)
 * @param errorCode     P, W/R, U/S, RSVD, I/D bits (SDM 4.7)
 * @param reason        why, in words: the level and entry that stopped the walk, or the rule broken
 * @param pageTableDump Linux's dump_pagetable line for this address ("PGD ... P4D ... PUD ...")
 * @param longMode      true if the kernel would be 64-bit (pointers print as 16 hex digits)
 * @param fromTlb       true if a cached TLB entry denied the access (no walk happened)
 */
public record PageFault(long va, int errorCode, Access access, Privilege privilege, String reason,
        String pageTableDump, boolean longMode, boolean fromTlb) implements Translation {
    /** Error code bit 0: the page was present (a protection violation); 0: not present. */
    public static final int P = 1;
    /** Bit 1: the access was a write. */
    public static final int W = 1 << 1;
    /** Bit 2: the access came from user mode (CPL 3). */
    public static final int U = 1 << 2;
    /** Bit 3: a reserved bit was set in a paging-structure entry. */
    public static final int RSVD = 1 << 3;
    /** Bit 4: an instruction fetch (only reported with SMEP, or with PAE paging and EFER.NXE). */
    public static final int I = 1 << 4;
    /** Bit 5: protection keys (not modelled; never set). */
    public static final int PK = 1 << 5;
    /** Bit 6: shadow stack (not modelled; never set). */
    public static final int SS = 1 << 6;
    private static final long NULL_PAGE_END = 4096;

    /** CR2 as the fault leaves it. */
    public long cr2() {
        return va;
    }

    public boolean protectionViolation() {
        return (errorCode & P) != 0;
    }

    public boolean write() {
        return (errorCode & W) != 0;
    }

    public boolean user() {
        return (errorCode & U) != 0;
    }

    public boolean reservedBit() {
        return (errorCode & RSVD) != 0;
    }

    public boolean instructionFetch() {
        return (errorCode & I) != 0;
    }

    /** {@code #PF: supervisor write access in kernel mode} (Linux show_fault_oops). */
    public String linuxAccessLine() {
        return String.format("#PF: %s %s in %s mode", user() ? "user" : "supervisor",
                instructionFetch() ? "instruction fetch" : write() ? "write access" : "read access",
                privilege == Privilege.USER ? "user" : "kernel");
    }

    /** {@code #PF: error_code(0x0003) - permissions violation} (Linux show_fault_oops). */
    public String linuxErrorLine() {
        return String.format("#PF: error_code(0x%04x) - %s", errorCode,
                !protectionViolation() ? "not-present page"
                        : reservedBit() ? "reserved bit violation"
                        : (errorCode & PK) != 0 ? "protection keys violation" : "permissions violation");
    }

    /**
     * The lines Linux prints for this fault, in order: the BUG line, the two #PF lines, the page-table
     * dump and the CR2 summary. Pointers print as %px does: 16 hex digits, or 8 for a 32-bit kernel.
     */
    public List<String> linuxLines() {
        String px = longMode ? String.format("%016x", va) : String.format("%08x", va & 0xffffffffL);
        String bug = Long.compareUnsigned(va, NULL_PAGE_END) < 0 && privilege == Privilege.SUPERVISOR
                ? "BUG: kernel NULL pointer dereference, address: " + px
                : "BUG: unable to handle page fault for address: " + px;
        return List.of(bug, linuxAccessLine(), linuxErrorLine(), pageTableDump, String.format("CR2: %016x", va));
    }
}
