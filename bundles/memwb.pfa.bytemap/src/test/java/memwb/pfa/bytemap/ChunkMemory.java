package memwb.pfa.bytemap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;

/**
 * Test fixture: sparse little-endian RAM backed by 64 KiB chunks made on first write, installed
 * exactly where the map has regions. Enough of PhysicalMemory for the allocator's tests.
 */
final class ChunkMemory implements PhysicalMemory {
    private final MemoryMap map;
    private final Map<Long, byte[]> chunks = new HashMap<>();
    private long version;

    ChunkMemory(MemoryMap map) {
        this.map = map;
    }

    @Override public MemoryMap memoryMap() { return map; }
    @Override public long limit() { return map.limit(); }
    @Override public boolean isInstalled(long pa) { return map.regionAt(pa).isPresent(); }

    @Override public int read8(long pa) { return Byte.toUnsignedInt(get(pa)); }
    @Override public int read16(long pa) { return (int) readLe(pa, 2); }
    @Override public int read32(long pa) { return (int) readLe(pa, 4); }
    @Override public long read64(long pa) { return readLe(pa, 8); }
    @Override public void write8(long pa, int v) { writeLe(pa, v, 1); }
    @Override public void write16(long pa, int v) { writeLe(pa, v, 2); }
    @Override public void write32(long pa, int v) { writeLe(pa, v, 4); }
    @Override public void write64(long pa, long v) { writeLe(pa, v, 8); }

    @Override
    public void read(long pa, byte[] dst, int offset, int length) {
        check(pa, length);
        for (int k = 0; k < length; k++) {
            dst[offset + k] = get(pa + k);
        }
    }

    @Override
    public void write(long pa, byte[] src, int offset, int length) {
        check(pa, length);
        for (int k = 0; k < length; k++) {
            put(pa + k, src[offset + k]);
        }
        version++;
    }

    @Override
    public void fill(long pa, long length, int value) {
        check(pa, length);
        for (long k = 0; k < length; k++) {
            put(pa + k, (byte) value);
        }
        version++;
    }

    @Override public long version() { return version; }
    @Override public long[] chunksWrittenSince(long v) { return touchedChunks(); }
    @Override public long touchedBytes() { return (long) chunks.size() * CHUNK_SIZE; }
    @Override public long[] touchedChunks() {
        return chunks.keySet().stream().mapToLong(c -> c * CHUNK_SIZE).sorted().toArray();
    }

    private long readLe(long pa, int n) {
        check(pa, n);
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = (v << 8) | Byte.toUnsignedLong(get(pa + k));
        }
        return v;
    }

    private void writeLe(long pa, long v, int n) {
        check(pa, n);
        for (int k = 0; k < n; k++) {
            put(pa + k, (byte) (v >>> (8 * k)));
        }
        version++;
    }

    private void check(long pa, long length) {
        for (long a = pa; a < pa + length; a = Math.min(pa + length, map.regionAt(a).get().end())) {
            if (!isInstalled(a)) {
                throw new PhysicalAccessException(a, String.format("0x%x is not installed RAM", a));
            }
        }
    }

    private byte get(long pa) {
        byte[] c = chunks.get(pa / CHUNK_SIZE);
        return c == null ? 0 : c[(int) (pa % CHUNK_SIZE)];
    }

    private void put(long pa, byte b) {
        byte[] c = chunks.get(pa / CHUNK_SIZE);
        if (c == null) {
            if (b == 0) {
                return;
            }
            c = new byte[CHUNK_SIZE];
            chunks.put(pa / CHUNK_SIZE, c);
        }
        c[(int) (pa % CHUNK_SIZE)] = b;
    }

    /** A copy of {@code length} bytes at {@code pa}, for before/after comparisons. */
    byte[] snapshot(long pa, int length) {
        byte[] b = new byte[length];
        read(pa, b, 0, length);
        return Arrays.copyOf(b, length);
    }
}
