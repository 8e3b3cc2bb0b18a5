package memwb.paging;

import static memwb.api.paging.EntryBits.A;
import static memwb.api.paging.EntryBits.AVL;
import static memwb.api.paging.EntryBits.AVL_HIGH;
import static memwb.api.paging.EntryBits.D;
import static memwb.api.paging.EntryBits.G;
import static memwb.api.paging.EntryBits.P;
import static memwb.api.paging.EntryBits.PAT_LARGE;
import static memwb.api.paging.EntryBits.PCD;
import static memwb.api.paging.EntryBits.PK;
import static memwb.api.paging.EntryBits.PS;
import static memwb.api.paging.EntryBits.PWT;
import static memwb.api.paging.EntryBits.RW;
import static memwb.api.paging.EntryBits.US;
import static memwb.api.paging.EntryBits.XD;

/**
 * 4-level and 5-level paging (IA-32e: CR4.PAE + EFER.LME + CR0.PG, plus CR4.LA57 for 5 levels):
 * 512 8-byte entries per table, 9 index bits per level above the 12-bit offset, 4 KiB pages in PTEs,
 * 2 MiB pages in PDEs with PS, 1 GiB pages in PDPTEs with PS.
 *
 * <p>Reserved bits (SDM tables 4-14 to 4-20): 51:MAXPHYADDR everywhere (none when MAXPHYADDR is 52),
 * bit 63 unless EFER.NXE, PS in a PML4E/PML5E, and the bits between PAT (12) and the address of a
 * large page: 20:13 for 2 MiB, 29:13 for 1 GiB. Bits 58:52 are ignored (software may use them) and
 * 62:59 are the protection key, ignored while CR4.PKE=0.
 */
public class LongModePaging extends X86PagingMode {
    public static final String NAME_4 = "4-level";
    public static final String NAME_5 = "5-level";
    private static final long TABLE_FLAGS = P | RW | US | PWT | PCD | A | AVL | AVL_HIGH | XD;
    private static final long PTE_FLAGS = 0xfffL | AVL_HIGH | PK | XD;
    private static final long LARGE_FLAGS = P | RW | US | PWT | PCD | A | D | G | AVL | PAT_LARGE | AVL_HIGH | PK | XD;
    private static final long LARGE_2M_RESERVED = 0x1fe000L;   // bits 20:13
    private static final long LARGE_1G_RESERVED = 0x3fffe000L; // bits 29:13

    private final int levels;
    private final int vaBits;
    /** Bits 51:MAXPHYADDR: empty for MAXPHYADDR 52. */
    private final long reservedHigh;
    private final long frame4k;
    private final long frame2m;
    private final long frame1g;

    /** 4-level paging for MAXPHYADDR 52 (the DS component's choice). */
    public LongModePaging() {
        this(4, MAX_PHYS_ADDR_BITS);
    }

    /** @param levels 4, or 5 for LA57 */
    public LongModePaging(int levels, int maxPhysBits) {
        super(maxPhysBits);
        if (levels != 4 && levels != 5) {
            throw new IllegalArgumentException("long-mode paging has 4 or 5 levels, not " + levels);
        }
        this.levels = levels;
        this.vaBits = levels == 5 ? 57 : 48;
        this.reservedHigh = ((1L << 52) - 1) & ~((1L << maxPhysBits) - 1);
        this.frame4k = addressMask(12);
        this.frame2m = addressMask(21);
        this.frame1g = addressMask(30);
    }

    @Override
    public String name() {
        return levels == 5 ? NAME_5 : NAME_4;
    }

    @Override
    public int levels() {
        return levels;
    }

    @Override
    public int linearAddressBits() {
        return vaBits;
    }

    @Override
    public int entrySize() {
        return 8;
    }

    @Override
    public int entriesPerTable(int level) {
        checkLevel(level);
        return 512;
    }

    @Override
    public int indexShift(int level) {
        checkLevel(level);
        return 12 + 9 * (level - 1);
    }

    @Override
    public long leafSize(int level) {
        checkLevel(level);
        return level == 1 ? KIB_4 : level == 2 ? MIB_2 : level == 3 ? GIB_1 : 0;
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
        int unused = 64 - vaBits;
        return (va << unused) >> unused == va;
    }

    @Override
    public int index(long va, int level) {
        return (int) (va >>> (12 + 9 * (level - 1))) & 0x1ff;
    }

    @Override
    public String levelName(int level) {
        checkLevel(level);
        return switch (level) {
            case 5 -> "PML5";
            case 4 -> "PML4";
            case 3 -> "PDPT";
            case 2 -> "PD";
            default -> "PT";
        };
    }

    @Override
    public long rootTable(long cr3) {
        return cr3 & frame4k;
    }

    @Override
    public long cr3For(long rootTable) {
        checkAddress(levelName(levels), rootTable, KIB_4, physicalLimit(), "CR3");
        return rootTable;
    }

    @Override
    public boolean controlsRights(int level) {
        return true;
    }

    @Override
    public boolean isLeaf(long entry, int level, boolean pse) {
        return level == 1 || ((level == 2 || level == 3) && (entry & PS) != 0);
    }

    @Override
    public long reservedBits(long entry, int level, boolean pse, boolean nxe) {
        long mask = reservedHigh | (nxe ? 0 : XD);
        if (level >= 4) {
            mask |= PS;
        } else if (level == 3 && (entry & PS) != 0) {
            mask |= LARGE_1G_RESERVED;
        } else if (level == 2 && (entry & PS) != 0) {
            mask |= LARGE_2M_RESERVED;
        }
        return entry & mask;
    }

    @Override
    public long address(long entry, int level, boolean pse) {
        if (level == 3 && (entry & PS) != 0) {
            return entry & frame1g;
        }
        if (level == 2 && (entry & PS) != 0) {
            return entry & frame2m;
        }
        return entry & frame4k;
    }

    @Override
    public long encodeTable(int level, long table, long flags) {
        if (level < 2) {
            throw new IllegalArgumentException("level 1 entries map pages; there is no table below them");
        }
        checkLevel(level);
        if (!fits(table, KIB_4, physicalLimit())) { // the message is built only for a refusal: this is the VMM's hot path
            checkAddress(levelName(level - 1), table, KIB_4, physicalLimit(), "a " + levelName(level) + " entry");
        }
        if ((flags & ~TABLE_FLAGS) != 0) {
            checkFlags(flags, TABLE_FLAGS, "a " + levelName(level) + " entry pointing at a table");
        }
        return table | flags;
    }

    @Override
    public long encodeLeaf(int level, long pa, long flags) {
        checkLevel(level);
        long size = leafSize(level);
        if (size == 0) {
            throw new IllegalArgumentException(levelName(level) + " entries cannot map pages (PS is reserved there)");
        }
        if (!fits(pa, size, physicalLimit())) { // messages are built only for a refusal: this is the VMM's hot path
            checkAddress("physical address", pa, size, physicalLimit(),
                    "a " + levelName(level) + " entry (" + size(size) + " pages)");
        }
        long allowed = level == 1 ? PTE_FLAGS : LARGE_FLAGS;
        if ((flags & ~allowed) != 0) {
            checkFlags(flags, allowed, "a " + size(size) + " " + levelName(level) + " leaf");
        }
        return level == 1 ? pa | flags : pa | flags | PS;
    }

    @Override
    public long leafFlags(long entry, int level) {
        return level == 1 ? entry & PTE_FLAGS : entry & LARGE_FLAGS;
    }
}
