package memwb.api.paging;

/**
 * One x86 paging mode (32-bit, PAE, 4-level, 5-level): how a linear address splits into table
 * indexes, which addresses are canonical, which page sizes exist. Each mode is its own service, so
 * a machine can switch mode while it runs. Levels count from 1 (the page table) up to
 * {@link #levels()} (the root CR3 points at).
 */
@org.osgi.annotation.versioning.ConsumerType
public interface PagingMode {
    /** "32-bit", "pae", "4-level" or "5-level": what users type in {@code use paging NAME}. */
    String name();

    int levels();

    /** Linear address bits translated: 32, 48 or 57. */
    int linearAddressBits();

    /** Bytes per entry: 4 for 32-bit paging, 8 otherwise. */
    int entrySize();

    /** Leaf page sizes in bytes, ascending: 4 KiB first. */
    long[] pageSizes();

    /** Highest physical address + 1 an entry of this mode can point at. */
    long physicalLimit();

    /** Bits 63:47 (63:56 for 5-level) all equal; always true for 32-bit and PAE. */
    boolean isCanonical(long va);

    /** The index into the level-{@code level} table for {@code va}. */
    int index(long va, int level);

    /** "PML5", "PML4", "PDPT", "PD", "PT". */
    String levelName(int level);
}
