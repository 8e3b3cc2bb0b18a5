package memwb.api.paging;

import memwb.api.ram.PhysicalMemory;

/**
 * One x86 paging mode (32-bit, PAE, 4-level, 5-level): how a linear address splits into table
 * indexes, which addresses are canonical, which page sizes exist, and the exact bit layout of every
 * entry. Each mode is its own service (property {@code paging.name}), so a machine can switch mode
 * while it runs.
 *
 * <p>Levels count from 1 (the page table) up to {@link #levels()} (the table CR3 points at). A
 * {@code pse} argument is CR4.PSE (it only matters in 32-bit paging, where it enables 4 MiB pages);
 * {@code nxe} is EFER.NXE (without it bit 63 is reserved). Every encode method validates its input
 * and throws {@link IllegalArgumentException} naming the bad value in hex.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface PagingMode {
    /** MAXPHYADDR of the emulated CPU: physical addresses have 52 bits, the architectural maximum. */
    int MAX_PHYS_ADDR_BITS = 52;
    /** The smallest page and the size of every paging structure. */
    long PAGE_SIZE = 4096;

    /** "32-bit", "pae", "4-level" or "5-level": what users type in {@code use paging NAME}. */
    String name();

    int levels();

    /** Linear address bits translated: 32, 32, 48 or 57. */
    int linearAddressBits();

    /** Bytes per entry: 4 for 32-bit paging, 8 otherwise. */
    int entrySize();

    /** Entries in a table of {@code level}: 1024 (32-bit), 4 (the PAE PDPT) or 512. */
    int entriesPerTable(int level);

    /** Lowest linear-address bit of {@code level}'s index: 12, 21 (22 in 32-bit), 30, 39, 48. */
    int indexShift(int level);

    /** Leaf page sizes in bytes, ascending: 4 KiB first. */
    long[] pageSizes();

    /** Bytes a leaf at {@code level} maps, or 0 if that level cannot hold a leaf. */
    long leafSize(int level);

    /** The level whose leaves are {@code pageSize} bytes, or 0 if the mode has no such page. */
    int levelOfPageSize(long pageSize);

    /** Highest physical address + 1 any leaf of this mode can point at (32-bit: 2^40, via PSE-36). */
    long physicalLimit();

    /** Highest physical address + 1 a leaf at {@code level} can point at (32-bit PTE: 4 GiB). */
    long leafPhysicalLimit(int level);

    /** Highest physical address + 1 where a paging structure other than the root may sit. */
    long tablePhysicalLimit();

    /** True if the mode has an execute-disable bit (all but 32-bit paging). */
    boolean hasExecuteDisable();

    /**
     * True if {@code va} is a linear address of this mode: bits 63:47 (63:56 for 5-level) all equal;
     * for 32-bit and PAE, the address fits in 32 bits.
     */
    boolean isCanonical(long va);

    /** The index into the level-{@code level} table for {@code va}. */
    int index(long va, int level);

    /** "PML5", "PML4", "PDPT", "PD", "PT". */
    String levelName(int level);

    /** The root table's physical address held in {@code cr3} (PAE: bits 31:5; otherwise 51:12). */
    long rootTable(long cr3);

    /** The CR3 value pointing at {@code rootTable}, flags clear; refuses a misaligned or unreachable root. */
    long cr3For(long rootTable);

    /**
     * True if entries at {@code level} carry R/W, U/S and A (false only for PAE's PDPTEs, which have
     * just P, PWT, PCD and the address; the walk treats their rights as allowing everything).
     */
    boolean controlsRights(int level);

    /** True if a present {@code entry} at {@code level} maps a page rather than pointing at a table. */
    boolean isLeaf(long entry, int level, boolean pse);

    /** The reserved bits that are set in a present {@code entry}: 0 if none (then no RSVD fault). */
    long reservedBits(long entry, int level, boolean pse, boolean nxe);

    /** The physical address in a present {@code entry}: the next table, or the page frame of a leaf. */
    long address(long entry, int level, boolean pse);

    /** An entry pointing at the table at {@code table}, with {@code flags} (P, RW, US, PWT, PCD, A, AVL). */
    long encodeTable(int level, long table, long flags);

    /**
     * A leaf mapping the page at {@code pa} with {@code flags}; PS is added for large pages. For a
     * large leaf, the PAT bit is {@link EntryBits#PAT_LARGE}; for a 4 KiB leaf, {@link EntryBits#PAT}.
     */
    long encodeLeaf(int level, long pa, long flags);

    /**
     * The flag bits of a present leaf at {@code level}: everything but the address and PS. The PAT bit
     * stays where this level keeps it (bit 7 in a PTE, bit 12 in a large leaf).
     */
    long leafFlags(long entry, int level);

    /** The entry's set flags by their SDM names, e.g. "P RW US A D PS G XD". */
    String describe(long entry, int level, boolean pse);

    /** Reads the entry at physical {@code address} (zero-extended for 4-byte entries). */
    default long readEntry(PhysicalMemory ram, long address) {
        return entrySize() == 4 ? ram.read32(address) & 0xffffffffL : ram.read64(address);
    }

    /** Writes the entry at physical {@code address}. */
    default void writeEntry(PhysicalMemory ram, long address, long entry) {
        if (entrySize() == 4) {
            ram.write32(address, (int) entry);
        } else {
            ram.write64(address, entry);
        }
    }
}
