package memwb.gdt;

import java.util.List;
import java.util.TreeSet;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.PhysicalAccessException;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;

/**
 * Test fixture: RAM over one byte[], installed range [0, size), little-endian. Accesses outside it
 * throw before storing anything, as the real RAM does.
 */
final class ByteArrayMemory implements PhysicalMemory {
    private final byte[] bytes;
    private final MemoryMap map;
    private final TreeSet<Long> touched = new TreeSet<>();
    private long version;

    ByteArrayMemory(int size) {
        bytes = new byte[size];
        map = new MemoryMap(List.of(new MemoryRegion(0, size, RegionType.USABLE)));
    }

    @Override
    public MemoryMap memoryMap() {
        return map;
    }

    @Override
    public long limit() {
        return bytes.length;
    }

    @Override
    public boolean isInstalled(long pa) {
        return pa >= 0 && pa < bytes.length;
    }

    private int at(long pa, int length) {
        if (pa < 0 || length < 0 || pa + length > bytes.length) {
            long bad = isInstalled(pa) ? bytes.length : pa;
            throw new PhysicalAccessException(bad, String.format("physical 0x%x (+%d bytes) is not installed RAM", pa, length));
        }
        return (int) pa;
    }

    private long readLe(long pa, int n) {
        int i = at(pa, n);
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = (v << 8) | (bytes[i + k] & 0xFF);
        }
        return v;
    }

    private void writeLe(long pa, int n, long value) {
        int i = at(pa, n);
        for (int k = 0; k < n; k++) {
            bytes[i + k] = (byte) (value >>> (8 * k));
        }
        touch(pa, n);
    }

    private void touch(long pa, long length) {
        version++;
        for (long c = pa / CHUNK_SIZE; length > 0 && c <= (pa + length - 1) / CHUNK_SIZE; c++) {
            touched.add(c);
        }
    }

    @Override
    public int read8(long pa) {
        return (int) readLe(pa, 1);
    }

    @Override
    public int read16(long pa) {
        return (int) readLe(pa, 2);
    }

    @Override
    public int read32(long pa) {
        return (int) readLe(pa, 4);
    }

    @Override
    public long read64(long pa) {
        return readLe(pa, 8);
    }

    @Override
    public void write8(long pa, int value) {
        writeLe(pa, 1, value);
    }

    @Override
    public void write16(long pa, int value) {
        writeLe(pa, 2, value);
    }

    @Override
    public void write32(long pa, int value) {
        writeLe(pa, 4, value);
    }

    @Override
    public void write64(long pa, long value) {
        writeLe(pa, 8, value);
    }

    @Override
    public void read(long pa, byte[] dst, int offset, int length) {
        System.arraycopy(bytes, at(pa, length), dst, offset, length);
    }

    @Override
    public void write(long pa, byte[] src, int offset, int length) {
        System.arraycopy(src, offset, bytes, at(pa, length), length);
        touch(pa, length);
    }

    @Override
    public void fill(long pa, long length, int value) {
        int i = at(pa, (int) length);
        java.util.Arrays.fill(bytes, i, i + (int) length, (byte) value);
        touch(pa, length);
    }

    @Override
    public long version() {
        return version;
    }

    /** Simplification for tests: every touched chunk, whatever the version. */
    @Override
    public long[] chunksWrittenSince(long sinceVersion) {
        return sinceVersion >= version ? new long[0] : touched.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public long touchedBytes() {
        return (long) touched.size() * CHUNK_SIZE;
    }

    @Override
    public long[] touchedChunks() {
        return touched.stream().mapToLong(c -> c * CHUNK_SIZE).toArray();
    }

    /** A copy of every byte, to prove a refused operation changed nothing. */
    byte[] snapshot() {
        return bytes.clone();
    }
}
