package memwb.views.heap;

import java.util.ArrayList;
import java.util.List;

import memwb.api.heap.FreeList;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapStats;

/**
 * A heap that only describes itself: blocks laid end to end from a base with a 16-byte header each,
 * one free list of the free ones, stats computed from the blocks. Allocation is not its business.
 */
final class FakeHeap implements Heap {
    static final long HEADER = 16;
    static final long PAGE = 4096;

    private final List<HeapBlock> blocks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long version;

    /** Blocks from {@code base}: positive sizes are used blocks, negative sizes free ones (whole block bytes). */
    FakeHeap(long base, long... sizes) {
        long at = base;
        for (long s : sizes) {
            long size = Math.abs(s);
            blocks.add(new HeapBlock(at, at + HEADER, size, s < 0));
            at += size;
        }
    }

    FakeHeap broken(String problem) {
        problems.add(problem);
        version++;
        return this;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<HeapBlock> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public List<FreeList> freeLists() {
        return List.of(new FreeList("all", blocks.stream().filter(HeapBlock::free).map(HeapBlock::header).toList()));
    }

    @Override
    public List<String> check() {
        return List.copyOf(problems);
    }

    @Override
    public HeapStats stats() {
        long live = 0, liveBytes = 0, free = 0, freeBytes = 0, largest = 0;
        for (HeapBlock b : blocks) {
            if (b.free()) {
                free++;
                freeBytes += b.size();
                largest = Math.max(largest, b.size());
            } else {
                live++;
                liveBytes += b.size() - HEADER;
            }
        }
        long extent = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end() - blocks.get(0).header();
        long mapped = (extent + PAGE - 1) / PAGE * PAGE;
        return new HeapStats(live, liveBytes, free, freeBytes, largest, mapped, live, 0, 0);
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public long malloc(long size) {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public void free(long va) {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public long realloc(long va, long size) {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public long calloc(long count, long size) {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public long alignedAlloc(long alignment, long size) {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public long usableSize(long va) {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public HeapState exportState() {
        throw new UnsupportedOperationException("FakeHeap only describes blocks");
    }

    @Override
    public void destroy() {
    }

    @Override
    public String describe() {
        return "fake heap";
    }
}
