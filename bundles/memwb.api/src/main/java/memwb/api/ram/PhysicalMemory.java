package memwb.api.ram;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The emulated machine's physical address space: little-endian bytes at physical addresses.
 *
 * <p>Only addresses inside a region of the memory map are installed. Reading or writing anywhere
 * else (a hole, or past the top) throws {@link PhysicalAccessException} naming the address; nothing
 * is stored. Untouched installed memory reads as zero and costs no storage.
 *
 * <p>Every write bumps {@link #version()}, so a view can poll one long and redraw only on change.
 */
@ProviderType
public interface PhysicalMemory {
    /** Size of one dirty-tracking chunk in bytes (also the unit of lazy backing). */
    int CHUNK_SIZE = 64 * 1024;

    /** The memory map this RAM was built from. */
    MemoryMap memoryMap();

    /** One past the highest installed address. */
    long limit();

    /** True if {@code pa} lies inside a region of the memory map. */
    boolean isInstalled(long pa);

    int read8(long pa);
    int read16(long pa);
    int read32(long pa);
    long read64(long pa);
    void write8(long pa, int value);
    void write16(long pa, int value);
    void write32(long pa, int value);
    void write64(long pa, long value);

    /** Copies {@code length} bytes starting at {@code pa} into {@code dst[offset..]}. */
    void read(long pa, byte[] dst, int offset, int length);

    /** Copies {@code src[offset..offset+length)} to physical memory starting at {@code pa}. */
    void write(long pa, byte[] src, int offset, int length);

    /** Sets {@code length} bytes starting at {@code pa} to {@code value} (e.g. zeroing a page table). */
    void fill(long pa, long length, int value);

    /** Counts every modification; changes whenever any byte may have changed. */
    long version();

    /**
     * The chunks (index = address / CHUNK_SIZE) written since the given version, in ascending order.
     * A version older than the tracking window reports every touched chunk.
     */
    long[] chunksWrittenSince(long version);

    /** Bytes of host storage backing touched chunks. */
    long touchedBytes();

    /** Start addresses of the chunks that have backing storage, ascending (for sparse export). */
    long[] touchedChunks();

    /**
     * A hot reader's shortcut (the page walker's): the array backing the chunk that holds {@code pa},
     * to be read at {@code pa & (CHUNK_SIZE - 1)}, little-endian, without the checks of every access;
     * or null if that chunk has no storage yet or is not wholly installed (then use the read methods).
     * An array once returned backs its chunk for the life of this memory, so a caller may keep it.
     * Callers only read it: writes go through the write methods, which count versions.
     */
    default byte[] chunkForReading(long pa) {
        return null;
    }
}
