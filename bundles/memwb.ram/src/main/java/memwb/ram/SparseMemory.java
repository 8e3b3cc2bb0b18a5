package memwb.ram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;

/**
 * Emulated physical RAM, backed lazily: a CHUNK_SIZE byte array is allocated on the first write into
 * it, so a 4 GiB machine costs only what it touched. Untouched installed memory reads as zero.
 *
 * <p>Fast path: a small direct-mapped table of recently used, fully installed chunks by chunk index;
 * an access inside the chunk in its slot is one load, one compare and one little-endian VarHandle
 * load or store. Past it, the directory, where a backed, fully installed chunk is three array loads
 * away and needs no map check. (A "last chunk" tested before the table saved one load when one chunk
 * is hot, but a heap or a page-table walk alternates between chunks, and the test's mispredicted
 * branch cost more than the load: random reads 12.7 ns with it, 7.2-7.7 without.) Anything else (untouched memory, a
 * chunk the map covers only partly, an access across chunks) takes the slow path, which checks the
 * memory map and refuses the access whole (nothing stored, version unchanged) if any byte is not
 * installed.
 *
 * <p>Threading: one thread (the machine's) reads and writes. Other threads may poll {@link #version()}
 * (published with release semantics, so bytes written before a version are visible to whoever reads
 * it) and call the chunk queries; they may see bytes of a write still in progress.
 */
public final class SparseMemory implements PhysicalMemory {
    private static final int CHUNK_SHIFT = 16;
    private static final int OFFSET_MASK = CHUNK_SIZE - 1;
    private static final long BASE_MASK = ~(long) OFFSET_MASK;
    /** Heap bytes of one chunk beyond its data: array header plus the Chunk object. */
    private static final long CHUNK_OVERHEAD_BYTES = 16 + 40;

    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle VERSION;

    static {
        if (CHUNK_SIZE != 1 << CHUNK_SHIFT) {
            throw new AssertionError("CHUNK_SHIFT does not match CHUNK_SIZE");
        }
        try {
            VERSION = MethodHandles.lookup().findVarHandle(SparseMemory.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemoryMap map;
    /** The map's limit, kept in a field: the accessors' miss path must not walk the region list. */
    private final long limit;
    private final InstalledRanges installed;
    private final ChunkDirectory directory;
    /** Every backed chunk in allocation order; guarded by itself for readers on other threads. */
    private final List<Chunk> touched = new ArrayList<>();
    /** Chunks in the recent-chunk table: 256 x 64 KiB covers 16 MiB, a heap's working set or a machine's tables. */
    private static final int RECENT = 256;
    private static final int RECENT_MASK = RECENT - 1;
    /** Recently accessed fully installed chunks, slot = chunk index mod RECENT: a hit needs neither the directory nor the map. */
    private final Chunk[] recent = new Chunk[RECENT];
    /**
     * The table's bases and arrays again, by slot: read64 and write64 test the base and take the
     * array with two independent loads, where through the Chunk each waited for the one before.
     */
    private final long[] recentBase = new long[RECENT];
    private final byte[][] recentBytes = new byte[RECENT][];
    private long version;

    /**
     * New zeroed RAM whose installed bytes are exactly the regions of {@code map} (of any type).
     *
     * @throws IllegalArgumentException if the map reaches past the 2^52-byte physical address space
     */
    public SparseMemory(MemoryMap map) {
        this.map = Objects.requireNonNull(map, "map");
        if (map.limit() > AddressLimits.PHYSICAL_LIMIT) {
            throw new IllegalArgumentException(String.format(
                    "memory map reaches 0x%x, past the 2^52-byte physical address space", map.limit()));
        }
        this.limit = map.limit();
        this.installed = new InstalledRanges(map);
        this.directory = new ChunkDirectory((limit + OFFSET_MASK) >>> CHUNK_SHIFT);
        java.util.Arrays.fill(recent, Chunk.NONE);
        java.util.Arrays.fill(recentBase, Chunk.NONE.base);
        java.util.Arrays.fill(recentBytes, Chunk.NONE.bytes);
    }

    @Override
    public MemoryMap memoryMap() {
        return map;
    }

    @Override
    public long limit() {
        return limit;
    }

    @Override
    public boolean isInstalled(long pa) {
        return installed.contains(pa);
    }

    /** The byte at {@code pa}, zero-extended. */
    @Override
    public int read8(long pa) {
        int slot = hotSlot(pa, Byte.BYTES);
        if (slot >= 0) {
            return recentBytes[slot][(int) pa & OFFSET_MASK] & 0xff;
        }
        return (int) readSlow(pa, Byte.BYTES);
    }

    /** The little-endian 16-bit value at {@code pa}, zero-extended. */
    @Override
    public int read16(long pa) {
        int slot = hotSlot(pa, Short.BYTES);
        if (slot >= 0) {
            return (short) LE16.get(recentBytes[slot], (int) pa & OFFSET_MASK) & 0xffff;
        }
        return (int) readSlow(pa, Short.BYTES);
    }

    /** The little-endian 32-bit value at {@code pa}. */
    @Override
    public int read32(long pa) {
        int slot = hotSlot(pa, Integer.BYTES);
        if (slot >= 0) {
            return (int) LE32.get(recentBytes[slot], (int) pa & OFFSET_MASK);
        }
        return (int) readSlow(pa, Integer.BYTES);
    }

    /** The little-endian 64-bit value at {@code pa}. */
    @Override
    public long read64(long pa) {
        int slot = hotSlot(pa, Long.BYTES);
        if (slot >= 0) {
            return (long) LE64.get(recentBytes[slot], (int) pa & OFFSET_MASK);
        }
        return readSlow(pa, Long.BYTES);
    }

    /** Stores the low 8 bits of {@code value} at {@code pa}. */
    @Override
    public void write8(long pa, int value) {
        int slot = hotSlot(pa, Byte.BYTES);
        if (slot >= 0) {
            recentBytes[slot][(int) pa & OFFSET_MASK] = (byte) value;
            recent[slot].writtenAt = publish(version + 1);
            return;
        }
        writeSlow(pa, Byte.BYTES, value);
    }

    /** Stores the low 16 bits of {@code value} at {@code pa}, little-endian. */
    @Override
    public void write16(long pa, int value) {
        int slot = hotSlot(pa, Short.BYTES);
        if (slot >= 0) {
            LE16.set(recentBytes[slot], (int) pa & OFFSET_MASK, (short) value);
            recent[slot].writtenAt = publish(version + 1);
            return;
        }
        writeSlow(pa, Short.BYTES, value);
    }

    /** Stores {@code value} at {@code pa}, little-endian. */
    @Override
    public void write32(long pa, int value) {
        int slot = hotSlot(pa, Integer.BYTES);
        if (slot >= 0) {
            LE32.set(recentBytes[slot], (int) pa & OFFSET_MASK, value);
            recent[slot].writtenAt = publish(version + 1);
            return;
        }
        writeSlow(pa, Integer.BYTES, value);
    }

    /** Stores {@code value} at {@code pa}, little-endian. */
    @Override
    public void write64(long pa, long value) {
        int slot = hotSlot(pa, Long.BYTES);
        if (slot >= 0) {
            LE64.set(recentBytes[slot], (int) pa & OFFSET_MASK, value);
            recent[slot].writtenAt = publish(version + 1);
            return;
        }
        writeSlow(pa, Long.BYTES, value);
    }

    /**
     * Copies {@code length} bytes at {@code pa} into {@code dst[offset..]}; untouched memory reads zero.
     *
     * @throws PhysicalAccessException if any byte is not installed (dst is then unchanged)
     */
    @Override
    public void read(long pa, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0) {
            return;
        }
        installed.check(pa, length, "read");
        for (int done = 0; done < length;) {
            long p = pa + done;
            int off = (int) p & OFFSET_MASK;
            int n = Math.min(length - done, CHUNK_SIZE - off);
            Chunk c = directory.get(p >>> CHUNK_SHIFT);
            if (c == null) {
                Arrays.fill(dst, offset + done, offset + done + n, (byte) 0);
            } else {
                System.arraycopy(c.bytes, off, dst, offset + done, n);
            }
            done += n;
        }
    }

    /**
     * Copies {@code src[offset..offset+length)} to {@code pa}; one version step for the whole copy.
     *
     * @throws PhysicalAccessException if any byte is not installed (nothing is then stored)
     */
    @Override
    public void write(long pa, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        if (length == 0) {
            return;
        }
        installed.check(pa, length, "write");
        long v = version + 1;
        for (int done = 0; done < length;) {
            long p = pa + done;
            int off = (int) p & OFFSET_MASK;
            int n = Math.min(length - done, CHUNK_SIZE - off);
            Chunk c = backing(p);
            System.arraycopy(src, offset + done, c.bytes, off, n);
            c.writtenAt = v;
            done += n;
        }
        publish(v);
    }

    /**
     * Sets {@code length} bytes at {@code pa} to the low 8 bits of {@code value}; one version step.
     * Filling untouched memory with zero allocates nothing (it already reads zero).
     *
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws PhysicalAccessException if any byte is not installed (nothing is then stored)
     */
    @Override
    public void fill(long pa, long length, int value) {
        if (length < 0) {
            throw new IllegalArgumentException(String.format("fill at 0x%x: negative length %d", pa, length));
        }
        if (length == 0) {
            return;
        }
        installed.check(pa, length, "fill");
        byte b = (byte) value;
        long v = version + 1;
        for (long done = 0; done < length;) {
            long p = pa + done;
            int off = (int) p & OFFSET_MASK;
            int n = (int) Math.min(length - done, CHUNK_SIZE - off);
            Chunk c = directory.get(p >>> CHUNK_SHIFT);
            if (c != null || b != 0) {
                c = c != null ? c : backing(p);
                Arrays.fill(c.bytes, off, off + n, b);
                c.writtenAt = v;
            }
            done += n;
        }
        publish(v);
    }

    /** Counts every modification: each write, bulk write and fill adds one. */
    @Override
    public long version() {
        return (long) VERSION.getAcquire(this);
    }

    /** Chunk indexes written after {@code since}, ascending; exact, as each chunk keeps its last write's version. */
    @Override
    public long[] chunksWrittenSince(long since) {
        synchronized (touched) {
            return touched.stream().filter(c -> c.writtenAt > since)
                    .mapToLong(c -> c.base >>> CHUNK_SHIFT).sorted().toArray();
        }
    }

    /** Bytes of chunk storage allocated so far (CHUNK_SIZE per touched chunk). */
    @Override
    public long touchedBytes() {
        synchronized (touched) {
            return (long) touched.size() * CHUNK_SIZE;
        }
    }

    /** Start addresses of the backed chunks, ascending. */
    @Override
    public long[] touchedChunks() {
        synchronized (touched) {
            return touched.stream().mapToLong(c -> c.base).sorted().toArray();
        }
    }

    /**
     * The array backing the chunk holding {@code pa} if that chunk is backed and wholly installed, else
     * null. Chunks are never replaced or freed, so the array stays valid for the life of this RAM.
     */
    @Override
    public byte[] chunkForReading(long pa) {
        int slot = hotSlot(pa, 1);
        if (slot >= 0) {
            return recentBytes[slot]; // the walker reads a few table chunks over and over
        }
        if (pa < 0 || pa >= limit) {
            return null;
        }
        Chunk c = directory.get(pa >>> CHUNK_SHIFT);
        if (c == null || !c.fullyInstalled) {
            return null;
        }
        remember(c);
        return c.bytes;
    }

    /**
     * Java heap this RAM retains: chunk data and records, directory tables and the touched list.
     * Counts 16-byte array headers, 40-byte chunk records and 8-byte references, so it is an upper
     * bound on a JVM with compressed references.
     */
    public long retainedHeapBytes() {
        synchronized (touched) {
            long chunks = (long) touched.size() * (CHUNK_SIZE + CHUNK_OVERHEAD_BYTES);
            long list = 16 + 8L * touched.size() * 2; // ArrayList keeps at most twice the elements
            return chunks + list + directory.tableBytes();
        }
    }

    /**
     * The recent-chunk slot whose chunk holds all {@code size} bytes at {@code pa}, or -1: then the
     * access takes the slow path, which finds the chunk in the directory and remembers it. Small so
     * that it inlines into every accessor.
     */
    private int hotSlot(long pa, int size) {
        int slot = (int) (pa >>> CHUNK_SHIFT) & RECENT_MASK;
        return (pa & BASE_MASK) == recentBase[slot] && ((int) pa & OFFSET_MASK) <= CHUNK_SIZE - size ? slot : -1;
    }

    /** Remembers fully installed chunk {@code c} in its recent-chunk slot. */
    private void remember(Chunk c) {
        int slot = (int) (c.base >>> CHUNK_SHIFT) & RECENT_MASK;
        recent[slot] = c;
        recentBase[slot] = c.base;
        recentBytes[slot] = c.bytes;
    }

    private long readSlow(long pa, int size) {
        int off = (int) pa & OFFSET_MASK;
        boolean inOneChunk = off + size <= CHUNK_SIZE;
        Chunk c = pa >= 0 && pa < limit ? directory.get(pa >>> CHUNK_SHIFT) : null;
        if (c == null || !c.fullyInstalled || !inOneChunk) {
            installed.check(pa, size, "read");
        }
        if (inOneChunk) {
            if (c == null) {
                return 0;
            }
            if (c.fullyInstalled) {
                remember(c);
            }
            return load(c.bytes, off, size);
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            Chunk part = directory.get((pa + i) >>> CHUNK_SHIFT);
            if (part != null) {
                value |= (long) (part.bytes[(int) (pa + i) & OFFSET_MASK] & 0xff) << (Byte.SIZE * i);
            }
        }
        return value;
    }

    private void writeSlow(long pa, int size, long value) {
        int off = (int) pa & OFFSET_MASK;
        boolean inOneChunk = off + size <= CHUNK_SIZE;
        Chunk c = pa >= 0 && pa < limit ? directory.get(pa >>> CHUNK_SHIFT) : null;
        if (c == null || !c.fullyInstalled || !inOneChunk) {
            installed.check(pa, size, "write");
        }
        long v = version + 1;
        if (inOneChunk) {
            c = c != null ? c : backing(pa);
            if (c.fullyInstalled) {
                remember(c);
            }
            store(c.bytes, off, size, value);
            c.writtenAt = v;
        } else {
            for (int i = 0; i < size; i++) {
                Chunk part = backing(pa + i);
                part.bytes[(int) (pa + i) & OFFSET_MASK] = (byte) (value >>> (Byte.SIZE * i));
                part.writtenAt = v;
            }
        }
        publish(v);
    }

    /** The chunk backing installed address {@code pa}, allocated if this is its first write. */
    private Chunk backing(long pa) {
        long index = pa >>> CHUNK_SHIFT;
        Chunk c = directory.get(index);
        if (c == null) {
            long base = pa & BASE_MASK;
            c = new Chunk(base, installed.covers(base, CHUNK_SIZE));
            synchronized (touched) {
                directory.put(index, c);
                touched.add(c);
            }
        }
        return c;
    }

    private long publish(long v) {
        VERSION.setRelease(this, v);
        return v;
    }

    private static long load(byte[] bytes, int off, int size) {
        switch (size) {
            case Byte.BYTES:
                return bytes[off] & 0xff;
            case Short.BYTES:
                return (short) LE16.get(bytes, off) & 0xffff;
            case Integer.BYTES:
                return (int) LE32.get(bytes, off);
            default:
                return (long) LE64.get(bytes, off);
        }
    }

    private static void store(byte[] bytes, int off, int size, long value) {
        switch (size) {
            case Byte.BYTES:
                bytes[off] = (byte) value;
                break;
            case Short.BYTES:
                LE16.set(bytes, off, (short) value);
                break;
            case Integer.BYTES:
                LE32.set(bytes, off, (int) value);
                break;
            default:
                LE64.set(bytes, off, value);
                break;
        }
    }
}
