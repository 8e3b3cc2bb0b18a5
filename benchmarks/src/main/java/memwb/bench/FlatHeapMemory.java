package memwb.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;

/**
 * The floor for trace replays: a heap range that is one host {@code byte[]}, with no MMU, no TLB, no
 * page tables, no frame allocator and no sparse RAM. A heap replayed on it pays for its own logic
 * (its lists, bitmaps, header reads and writes as plain array accesses, 64 bits at a time as RAM's
 * chunks are read) and nothing the machine adds,
 * so the difference between a replay here and one on {@link HeapMachine} is what emulation costs.
 * Mapping only keeps the page count (pages are not cleared, as on the machine); accesses are not
 * checked against it, so use it to measure heaps the emulated replays have verified, not to test them.
 * The array spans the whole range (TLSF's small arena starts half way up it): 1 GiB for the
 * benchmarks' range, so run with {@code -Xmx2g}.
 */
final class FlatHeapMemory implements HeapMemory {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final long base;
    private final long bytes;
    private final byte[] data;
    private final BitSet mapped = new BitSet();
    private long mappedPages;

    FlatHeapMemory(long base, long bytes) {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a flat range holds less than 2 GiB, asked for " + bytes + " bytes");
        }
        if (Runtime.getRuntime().maxMemory() < bytes + (bytes >> 2)) {
            throw new IllegalStateException(String.format("-Dmemory=flat needs a %d MiB array and the JVM may use "
                    + "%d MiB: run java with -Xmx%dg", bytes >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    Math.max(2, (bytes >> 30) * 2)));
        }
        this.base = base;
        this.bytes = bytes;
        this.data = new byte[(int) bytes];
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
        return (long) LE64.get(data, (int) (va - base));
    }

    @Override
    public void write64(long va, long value) {
        LE64.set(data, (int) (va - base), value);
    }

    @Override
    public void read(long va, byte[] dst, int offset, int length) {
        System.arraycopy(data, (int) (va - base), dst, offset, length);
    }

    @Override
    public void write(long va, byte[] src, int offset, int length) {
        System.arraycopy(src, offset, data, (int) (va - base), length);
    }

    @Override
    public void copy(long dst, long src, long length) {
        System.arraycopy(data, (int) (src - base), data, (int) (dst - base), Math.toIntExact(length));
    }

    @Override
    public void fill(long va, long length, byte value) {
        int from = (int) (va - base);
        Arrays.fill(data, from, from + Math.toIntExact(length), value);
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
