package memwb.bench;

import memwb.api.heap.HeapMemory;

/** A HeapMemory passing every call to another, for the benchmarks' counting and recording wrappers to override what they watch. */
abstract class ForwardingHeapMemory implements HeapMemory {
    final HeapMemory inner;

    ForwardingHeapMemory(HeapMemory inner) {
        this.inner = inner;
    }

    @Override
    public long base() {
        return inner.base();
    }

    @Override
    public long limit() {
        return inner.limit();
    }

    @Override
    public long read64(long va) {
        return inner.read64(va);
    }

    @Override
    public void write64(long va, long value) {
        inner.write64(va, value);
    }

    @Override
    public void read(long va, byte[] dst, int offset, int length) {
        inner.read(va, dst, offset, length);
    }

    @Override
    public void write(long va, byte[] src, int offset, int length) {
        inner.write(va, src, offset, length);
    }

    @Override
    public void copy(long dst, long src, long length) {
        inner.copy(dst, src, length);
    }

    @Override
    public void fill(long va, long length, byte value) {
        inner.fill(va, length, value);
    }

    @Override
    public boolean mapPages(long va, long pages) {
        return inner.mapPages(va, pages);
    }

    @Override
    public void unmapPages(long va, long pages) {
        inner.unmapPages(va, pages);
    }

    @Override
    public boolean isMapped(long va) {
        return inner.isMapped(va);
    }

    @Override
    public long mappedPages() {
        return inner.mappedPages();
    }
}
