package memwb.paging;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.AVL;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PAT_LARGE;
import static memwb.api.paging.EntryBits.PCD;
import static memwb.api.paging.EntryBits.PS;
import static memwb.api.paging.EntryBits.PWT;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;

/**
 * PAE paging (CR0.PG=1, CR4.PAE=1, not long mode): 32-bit linear addresses, 8-byte entries, three
 * levels: a page-directory-pointer table of 4 PDPTEs (CR3 bits 31:5, 32-byte aligned), page
 * directories of 512 PDEs (a PDE with PS maps 2 MiB), page tables of 512 PTEs.
 *
 * <p>Reserved bits (SDM tables 4-8 to 4-11): in a PDPTE bits 2:1, 8:5 and 63:MAXPHYADDR (bit 63
 * included: PDPTEs have no XD); in PDEs and PTEs bits 62:MAXPHYADDR (unlike 4-level paging, PAE has
 * no ignored high bits), bit 63 unless EFER.NXE, and bits 20:13 of a 2 MiB PDE.
 */
public class PagingPae extends X86PagingMode {
    public static final String NAME = "pae";
    private static final long PDPTE_RESERVED_LOW = 0x1e6L; // bits 1, 2, 5, 6, 7, 8
    private static final long PDPTE_FLAGS = P | PWT | PCD | AVL;
    private static final long PDE_TABLE_FLAGS = P | RW | US | PWT | PCD | A | AVL | XD;
    private static final long PTE_FLAGS = 0xfffL | XD;
    private static final long PDE_2M_FLAGS = P | RW | US | PWT | PCD | A | D | G | AVL | PAT_LARGE | XD;
    /** Bits 20:13 of a 2 MiB PDE: below the page's address, above PAT. */
    private static final long LARGE_2M_RESERVED = 0x1fe000L;
    private static final long CR3_PDPT = 0xffffffe0L;
    /** The PDPT is 4 entries of 8 bytes: CR3 needs 32-byte alignment only. */
    private static final long PDPT_ALIGN = 32;

    /** Bits 62:MAXPHYADDR, reserved in every PAE entry. */
    private final long reservedHigh;
    private final long frame4k;
    private final long frame2m;

    public PagingPae() {
        this(MAX_PHYS_ADDR_BITS);
    }

    public PagingPae(int maxPhysBits) {
        super(maxPhysBits);
        this.reservedHigh = ~((1L << maxPhysBits) - 1) & ~XD;
        this.frame4k = addressMask(12);
        this.frame2m = addressMask(21);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int levels() {
        return 3;
    }

    @Override
    public int linearAddressBits() {
        return 32;
    }

    @Override
    public int entrySize() {
        return 8;
    }

    @Override
    public int entriesPerTable(int level) {
        checkLevel(level);
        return level == 3 ? 4 : 512;
    }

    @Override
    public int indexShift(int level) {
        checkLevel(level);
        return 12 + 9 * (level - 1);
    }

    @Override
    public long leafSize(int level) {
        checkLevel(level);
        return level == 1 ? KIB_4 : level == 2 ? MIB_2 : 0;
    }

    @Override
    public long physicalLimit() {
        return 1L << maxPhysBits;
    }

    @Override
    public long leafPhysicalLimit(int level) {
        return physicalLimit();
    }

    @Override
    public long tablePhysicalLimit() {
        return physicalLimit();
    }

    @Override
    public boolean hasExecuteDisable() {
        return true;
    }

    @Override
    public boolean isCanonical(long va) {
        return (va >>> 32) == 0;
    }

    @Override
    public int index(long va, int level) {
        return level == 3 ? (int) (va >>> 30) & 3 : (int) (va >>> (12 + 9 * (level - 1))) & 0x1ff;
    }

    @Override
    public String levelName(int level) {
        checkLevel(level);
        return level == 3 ? "PDPT" : level == 2 ? "PD" : "PT";
    }

    @Override
    public long rootTable(long cr3) {
        return cr3 & CR3_PDPT;
    }

    @Override
    public long cr3For(long rootTable) {
        checkAddress("page-directory-pointer table", rootTable, PDPT_ALIGN, GIB_4, "CR3 in PAE paging");
        return rootTable;
    }

    @Override
    public boolean controlsRights(int level) {
        return level != 3;
    }

    @Override
    public boolean isLeaf(long entry, int level, boolean pse) {
        return level == 1 || (level == 2 && (entry & PS) != 0);
    }

    @Override
    public long reservedBits(long entry, int level, boolean pse, boolean nxe) {
        if (level == 3) {
            return entry & (PDPTE_RESERVED_LOW | reservedHigh | XD);
        }
        long mask = reservedHigh | (nxe ? 0 : XD);
        if (level == 2 && (entry & PS) != 0) {
            mask |= LARGE_2M_RESERVED;
        }
        return entry & mask;
    }

    @Override
    public long address(long entry, int level, boolean pse) {
        return level == 2 && (entry & PS) != 0 ? entry & frame2m : entry & frame4k;
    }

    @Override
    public long encodeTable(int level, long table, long flags) {
        if (level < 2 || level > 3) {
            throw new IllegalArgumentException("PAE paging has tables below levels 2 and 3 only, not at level " + level);
        }
        if (!fits(table, KIB_4, physicalLimit())) { // the message is built only for a refusal
            checkAddress(level == 3 ? "page directory" : "page table", table, KIB_4, physicalLimit(),
                    "a PAE " + (level == 3 ? "PDPTE" : "PDE"));
        }
        checkFlags(flags, level == 3 ? PDPTE_FLAGS : PDE_TABLE_FLAGS,
                level == 3 ? "a PAE PDPTE (only P, PWT, PCD)" : "a PAE PDE pointing at a page table");
        return table | flags;
    }

    @Override
    public long encodeLeaf(int level, long pa, long flags) {
        checkLevel(level);
        if (level == 1) {
            checkAddress("physical address", pa, KIB_4, physicalLimit(), "a PAE PTE");
            checkFlags(flags, PTE_FLAGS, "a PAE PTE");
            return pa | flags;
        }
        if (level == 2) {
            checkAddress("physical address", pa, MIB_2, physicalLimit(), "a PAE 2 MiB PDE");
            checkFlags(flags, PDE_2M_FLAGS, "a PAE 2 MiB PDE");
            return pa | flags | PS;
        }
        throw new IllegalArgumentException("PAE PDPTEs cannot map pages (no 1 GiB pages in PAE paging)");
    }

    @Override
    public long leafFlags(long entry, int level) {
        return level == 1 ? entry & PTE_FLAGS : entry & PDE_2M_FLAGS;
    }
}
