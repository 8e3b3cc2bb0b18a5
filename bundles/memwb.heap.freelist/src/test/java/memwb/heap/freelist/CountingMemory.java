package memwb.heap.freelist;

import memwb.api.heap.HeapMemory;

/** A HeapMemory that counts the heap's 64-bit accesses, so tests can state costs by operation counts, not time. */
final class CountingMemory implements HeapMemory {
    private final HeapMemory inner;
    long accesses;

    CountingMemory(HeapMemory inner) {
        this.inner = inner;
    }

    @Override public long base() { return inner.base(); }
    @Override public long limit() { return inner.limit(); }
    @Override public long read64(long va) { accesses++; return inner.read64(va); }
    @Override public void write64(long va, long value) { accesses++; inner.write64(va, value); }
    @Override public void read(long va, byte[] dst, int offset, int length) { inner.read(va, dst, offset, length); }
    @Override public void write(long va, byte[] src, int offset, int length) { inner.write(va, src, offset, length); }
    @Override public void copy(long dst, long src, long length) { inner.copy(dst, src, length); }
    @Override public void fill(long va, long length, byte value) { inner.fill(va, length, value); }
    @Override public boolean mapPages(long va, long pages) { return inner.mapPages(va, pages); }
    @Override public void unmapPages(long va, long pages) { inner.unmapPages(va, pages); }
    @Override public boolean isMapped(long va) { return inner.isMapped(va); }
    @Override public long mappedPages() { return inner.mappedPages(); }
}
