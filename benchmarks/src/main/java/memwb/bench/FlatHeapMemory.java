package memwb.bench;

import java.util.BitSet;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;

/**
 * The floor for trace replays: a heap range that is one host {@code long[]}, with no MMU, no TLB, no
 * page tables, no frame allocator and no sparse RAM. A heap replayed on it pays for its own logic
 * (its lists, bitmaps, header reads and writes as plain array accesses) and nothing the machine adds,
 * so the difference between a replay here and one on {@link HeapMachine} is what emulation costs.
 * Mapping only keeps the page count (pages are not cleared, as on the machine); accesses are not
 * checked against it, so use it to measure heaps the emulated replays have verified, not to test them.
 * The array spans the whole range (TLSF's small arena starts half way up it): 1 GiB for the
 * benchmarks' range, so run with {@code -Xmx2g}.
 */
final class FlatHeapMemory implements HeapMemory {
    private final long base;
    private final long bytes;
    private final long[] words;
    private final BitSet mapped = new BitSet();
    private long mappedPages;

    FlatHeapMemory(long base, long bytes) {
        if (bytes / Long.BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a flat range holds at most 16 GiB, asked for " + bytes + " bytes");
        }
        if (Runtime.getRuntime().maxMemory() < bytes + (bytes >> 2)) {
            throw new IllegalStateException(String.format("-Dmemory=flat needs a %d MiB array and the JVM may use "
                    + "%d MiB: run java with -Xmx%dg", bytes >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    Math.max(2, (bytes >> 30) * 2)));
        }
        this.base = base;
        this.bytes = bytes;
        this.words = new long[(int) (bytes / Long.BYTES)];
    }

    @Override
    public long base() {
        return base;
    }

    @Override
    public long limit() {
        return base + bytes;
    }

    @Override
    public long read64(long va) {
        return words[(int) ((va - base) >>> 3)];
    }

    @Override
    public void write64(long va, long value) {
        words[(int) ((va - base) >>> 3)] = value;
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
        byte[] buffer = new byte[Math.toIntExact(length)];
        read(src, buffer, 0, buffer.length);
        write(dst, buffer, 0, buffer.length);
    }

    @Override
    public void fill(long va, long length, byte value) {
        for (long i = 0; i < length; i++) {
            writeByte(va + i, value);
        }
    }

    private byte readByte(long va) {
        return (byte) (read64(va & -8L) >>> (8 * (va & 7)));
    }

    private void writeByte(long va, byte value) {
        int shift = (int) (8 * (va & 7));
        long word = read64(va & -8L);
        write64(va & -8L, (word & ~(0xffL << shift)) | ((value & 0xffL) << shift));
    }

    @Override
    public boolean mapPages(long va, long pages) {
        int first = page(va);
        int end = first + (int) pages;
        if (va < base || va + pages * PAGE_SIZE > base + bytes) {
            throw new HeapException(va, String.format("mapPages(0x%x, %d) leaves the range", va, pages));
        }
        for (int p = first; p < end; p++) { // not nextSetBit: that would scan on to the next mapped page anywhere
            if (mapped.get(p)) {
                throw new HeapException(base + p * PAGE_SIZE, "page already mapped");
            }
        }
        mapped.set(first, end); // not cleared, as the machine's VMM does not clear heap frames
        mappedPages += pages;
        return true;
    }

    @Override
    public void unmapPages(long va, long pages) {
        int first = page(va);
        int end = first + (int) pages;
        for (int p = first; p < end; p++) {
            if (!mapped.get(p)) {
                throw new HeapException(base + p * PAGE_SIZE, "page not mapped");
            }
        }
        mapped.clear(first, end);
        mappedPages -= pages;
    }

    @Override
    public boolean isMapped(long va) {
        return va >= base && va < base + bytes && mapped.get(page(va));
    }

    @Override
    public long mappedPages() {
        return mappedPages;
    }

    private int page(long va) {
        return (int) ((va - base) / PAGE_SIZE);
    }
}
