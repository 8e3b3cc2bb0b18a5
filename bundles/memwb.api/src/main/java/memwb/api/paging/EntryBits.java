package memwb.api.paging;

/**
 * Bit positions of x86 paging-structure entries (Intel SDM vol. 3A, tables 4-4 to 4-20). The low 12
 * bits mean the same in every mode; 32-bit entries simply stop at bit 31.
 */
public final class EntryBits {
    /** Present. */
    public static final long P = 1L;
    /** Read/write: 0 makes the region read-only (for supervisors too when CR0.WP=1). */
    public static final long RW = 1L << 1;
    /** User/supervisor: 1 lets CPL 3 in. */
    public static final long US = 1L << 2;
    /** Page-level write-through. */
    public static final long PWT = 1L << 3;
    /** Page-level cache disable. */
    public static final long PCD = 1L << 4;
    /** Accessed: set by the walk in every entry it uses. */
    public static final long A = 1L << 5;
    /** Dirty: set by a write in the leaf. */
    public static final long D = 1L << 6;
    /** Page size: in a PDE/PDPTE, the entry maps a large page instead of pointing at a table. */
    public static final long PS = 1L << 7;
    /** PAT index bit of a 4 KiB PTE (same position as PS one level up). */
    public static final long PAT = 1L << 7;
    /** Global: survives a CR3 load when CR4.PGE=1 (leaves only). */
    public static final long G = 1L << 8;
    /** Bits 11:9, ignored by the processor: free for software. */
    public static final long AVL = 0x7L << 9;
    /** PAT index bit of a 2 MiB / 4 MiB / 1 GiB leaf, where the address starts higher. */
    public static final long PAT_LARGE = 1L << 12;
    /** Bits 58:52 of a 4-level/5-level entry, ignored by the processor. */
    public static final long AVL_HIGH = 0x7fL << 52;
    /** Bits 62:59: protection key of a 4-level/5-level leaf (ignored unless CR4.PKE). */
    public static final long PK = 0xfL << 59;
    /** Execute-disable (bit 63), only with EFER.NXE; reserved otherwise. */
    public static final long XD = 1L << 63;

    private EntryBits() {
    }
}
