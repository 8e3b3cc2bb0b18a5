package memwb.heap.tlsf;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;

/**
 * A host-side HeapMemory for unit tests: pages are long arrays, a frame budget stands in for the
 * frame allocator running out, and every access outside a mapped page throws like the MMU would.
 */
final class HostHeapMemory implements HeapMemory {
    /** What a freshly mapped page holds: no heap may read it before writing. */
    static final long GARBAGE = 0xA5A5_A5A5_A5A5_A5A5L;
    private final long base;
    private final long limit;
    private final long[][] pages;
    private long budget;
    private long mapped;

    HostHeapMemory(long base, long bytes, long frames) {
        this.base = base;
        this.limit = base + bytes;
        this.pages = new long[(int) (bytes / PAGE_SIZE)][];
        this.budget = frames;
    }

    void setBudget(long frames) {
        budget = frames;
    }

    @Override
    public long base() {
        return base;
    }

    @Override
    public long limit() {
        return limit;
    }

    private long[] page(long va) {
        if (va < base || va >= limit) {
            throw new HeapException(va, "0x" + Long.toHexString(va) + " is outside the heap range");
        }
        long[] p = pages[(int) ((va - base) / PAGE_SIZE)];
        if (p == null) {
            throw new HeapException(va, "0x" + Long.toHexString(va) + " is not mapped");
        }
        return p;
    }

    @Override
    public long read64(long va) {
        return page(va)[(int) (va & (PAGE_SIZE - 1)) >>> 3];
    }

    @Override
    public void write64(long va, long value) {
        page(va)[(int) (va & (PAGE_SIZE - 1)) >>> 3] = value;
    }

    private byte readByte(long va) {
        return (byte) (read64(va & ~7L) >>> (8 * (va & 7)));
    }

    private void writeByte(long va, byte b) {
        long w = read64(va & ~7L);
        int shift = (int) (8 * (va & 7));
        write64(va & ~7L, (w & ~(0xFFL << shift)) | ((b & 0xFFL) << shift));
    }

    @Override
    public void read(long va, byte[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = readByte(va + i);
        }
    }

    @Override
    public void write(long va, byte[] src, int offset, int length) {
        for (int i = 0; i < length; i++) {
            writeByte(va + i, src[offset + i]);
        }
    }

    @Override
    public void copy(long dst, long src, long length) {
        byte[] tmp = new byte[(int) length];
        read(src, tmp, 0, tmp.length);
        write(dst, tmp, 0, tmp.length);
    }

    @Override
    public void fill(long va, long length, byte value) {
        for (long i = 0; i < length; i++) {
            writeByte(va + i, value);
        }
    }

    @Override
    public boolean mapPages(long va, long count) {
        for (long i = 0; i < count; i++) {
            long p = va + i * PAGE_SIZE;
            if (p < base || p >= limit || pages[(int) ((p - base) / PAGE_SIZE)] != null) {
                throw new HeapException(p, "mapPages: 0x" + Long.toHexString(p) + " is outside the range or mapped already");
            }
        }
        if (count > budget) {
            return false;
        }
        for (long i = 0; i < count; i++) {
            long[] page = new long[(int) (PAGE_SIZE / 8)];
            // A mapped page holds whatever its frame held before (the machine's VMM does not clear heap
            // frames), so a heap must never read a word it has not written: garbage makes that show.
            java.util.Arrays.fill(page, GARBAGE);
            pages[(int) ((va - base) / PAGE_SIZE + i)] = page;
        }
        budget -= count;
        mapped += count;
        return true;
    }

    @Override
    public void unmapPages(long va, long count) {
        for (long i = 0; i < count; i++) {
            page(va + i * PAGE_SIZE);
        }
        for (long i = 0; i < count; i++) {
            pages[(int) ((va - base) / PAGE_SIZE + i)] = null;
        }
        budget += count;
        mapped -= count;
    }

    @Override
    public boolean isMapped(long va) {
        return va >= base && va < limit && pages[(int) ((va - base) / PAGE_SIZE)] != null;
    }

    @Override
    public long mappedPages() {
        return mapped;
    }
}
