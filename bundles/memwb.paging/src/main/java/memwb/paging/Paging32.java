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

/**
 * 32-bit paging (CR0.PG=1, CR4.PAE=0): a page directory of 1024 4-byte PDEs, each pointing at a
 * page table of 1024 PTEs (4 KiB pages) or, with CR4.PSE and PDE.PS, mapping a 4 MiB page.
 *
 * <p>PSE-36: a 4 MiB PDE holds physical address bits 31:22 in bits 31:22 and bits 39:32 in bits
 * 20:13, so 4 MiB pages reach 1 TiB (2^min(MAXPHYADDR, 40)); bit 21 is reserved. PTEs and page
 * tables stay below 4 GiB. There is no execute-disable bit: every page is executable.
 */
public class Paging32 extends X86PagingMode {
    public static final String NAME = "32-bit";
    /** 32-bit paging never reaches past 40 physical address bits, whatever MAXPHYADDR says. */
    static final int PSE36_MAX_BITS = 40;
    /** PDE bits 20:13 hold physical address bits 39:32 of a 4 MiB page. */
    static final int PSE36_SHIFT = 13;
    /** Bits 21:13 of a 4 MiB PDE: PSE-36 address bits and the reserved bit 21. */
    private static final long PDE_4M_BITS_21_13 = 0x3fe000L;
    private static final long FRAME_4K = 0xfffff000L;
    private static final long FRAME_4M = 0xffc00000L;
    private static final long PDE_TABLE_FLAGS = P | RW | US | PWT | PCD | A | AVL;
    private static final long PTE_FLAGS = 0xfffL;
    private static final long PDE_4M_FLAGS = P | RW | US | PWT | PCD | A | D | G | AVL | PAT_LARGE;

    /** Address bits above 31 a 4 MiB PDE can hold: 8 with MAXPHYADDR >= 40. */
    private final int highBits;
    /** Reserved bits of a 4 MiB PDE: 21, plus 20:(13+highBits) when MAXPHYADDR < 40. */
    private final long reserved4M;

    public Paging32() {
        this(MAX_PHYS_ADDR_BITS);
    }

    /** A 32-bit mode for a CPU with the given MAXPHYADDR (tests use smaller values). */
    public Paging32(int maxPhysBits) {
        super(maxPhysBits);
        this.highBits = Math.min(maxPhysBits, PSE36_MAX_BITS) - 32;
        this.reserved4M = PDE_4M_BITS_21_13 & ~(((1L << highBits) - 1) << PSE36_SHIFT);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int levels() {
        return 2;
    }

    @Override
    public int linearAddressBits() {
        return 32;
    }

    @Override
    public int entrySize() {
        return 4;
    }

    @Override
    public int entriesPerTable(int level) {
        checkLevel(level);
        return 1024;
    }

    @Override
    public int indexShift(int level) {
        checkLevel(level);
        return level == 1 ? 12 : 22;
    }

    @Override
    public long leafSize(int level) {
        checkLevel(level);
        return level == 1 ? KIB_4 : MIB_4;
    }

    @Override
    public long physicalLimit() {
        return 1L << (32 + highBits);
    }

    @Override
    public long leafPhysicalLimit(int level) {
        checkLevel(level);
        return level == 1 ? GIB_4 : physicalLimit();
    }

    @Override
    public long tablePhysicalLimit() {
        return GIB_4;
    }

    @Override
    public boolean hasExecuteDisable() {
        return false;
    }

    @Override
    public boolean isCanonical(long va) {
        return (va >>> 32) == 0;
    }

    @Override
    public int index(long va, int level) {
        return (int) (va >>> (level == 1 ? 12 : 22)) & 0x3ff;
    }

    @Override
    public String levelName(int level) {
        checkLevel(level);
        return level == 1 ? "PT" : "PD";
    }

    @Override
    public long rootTable(long cr3) {
        return cr3 & FRAME_4K;
    }

    @Override
    public long cr3For(long rootTable) {
        checkAddress("page directory", rootTable, KIB_4, GIB_4, "CR3 in 32-bit paging");
        return rootTable;
    }

    @Override
    public boolean controlsRights(int level) {
        return true;
    }

    @Override
    public boolean isLeaf(long entry, int level, boolean pse) {
        return level == 1 || (pse && (entry & PS) != 0);
    }

    @Override
    public long reservedBits(long entry, int level, boolean pse, boolean nxe) {
        return level == 2 && pse && (entry & PS) != 0 ? entry & reserved4M : 0;
    }

    @Override
    public long address(long entry, int level, boolean pse) {
        if (level == 2 && pse && (entry & PS) != 0) {
            long high = (entry >>> PSE36_SHIFT) & ((1L << highBits) - 1);
            return (high << 32) | (entry & FRAME_4M);
        }
        return entry & FRAME_4K;
    }

    @Override
    public long encodeTable(int level, long table, long flags) {
        if (level != 2) {
            throw new IllegalArgumentException("32-bit paging has tables below level 2 only, not at level " + level);
        }
        checkAddress("page table", table, KIB_4, GIB_4, "a 32-bit PDE");
        checkFlags(flags, PDE_TABLE_FLAGS, "a 32-bit PDE pointing at a page table");
        return table | flags;
    }

    @Override
    public long encodeLeaf(int level, long pa, long flags) {
        checkLevel(level);
        if (level == 1) {
            checkAddress("physical address", pa, KIB_4, GIB_4, "a 32-bit PTE (4 KiB pages)");
            checkFlags(flags, PTE_FLAGS, "a 32-bit PTE");
            return pa | flags;
        }
        checkAddress("physical address", pa, MIB_4, physicalLimit(), "a 32-bit 4 MiB PDE (PSE-36)");
        checkFlags(flags, PDE_4M_FLAGS, "a 32-bit 4 MiB PDE");
        return (pa & FRAME_4M) | ((pa >>> 32) << PSE36_SHIFT) | flags | PS;
    }

    @Override
    public long leafFlags(long entry, int level) {
        return level == 1 ? entry & PTE_FLAGS : entry & PDE_4M_FLAGS;
    }
}
