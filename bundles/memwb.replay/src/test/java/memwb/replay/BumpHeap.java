package memwb.replay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import memwb.api.heap.FreeList;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapStats;

/**
 * A test heap whose figures are easy to predict: a bump pointer over host memory from 0x10000,
 * 16-byte aligned blocks of exactly the asked size rounded to 16, never reused; extent = the bump
 * pointer rounded up to pages. Faults can be switched on to test the replayer's checks.
 */
class BumpHeap implements Heap, PayloadAccess {
    static final long START = 0x10000;
    final Map<Long, Long> live = new HashMap<>();
    /** Host memory (1 MiB: the tests' traces are tiny), let go on destroy: a short trace's timed passes make up to 2000 of these heaps. */
    byte[] ram = new byte[1 << 20];
    long top = START;
    /** Flips a bit of this address at the first malloc after the block holding it is live. */
    long corruptOnNextMalloc;
    /** Hand out the previous block again (overlap). */
    boolean overlapNext;
    boolean destroyed;
    long lastBlock;

    @Override
    public String name() {
        return "bump";
    }

    @Override
    public long malloc(long size) {
        if (corruptOnNextMalloc != 0 && live.keySet().stream().anyMatch(b -> b <= corruptOnNextMalloc && corruptOnNextMalloc < b + live.get(b))) {
            ram[(int) corruptOnNextMalloc] ^= 1;
            corruptOnNextMalloc = 0;
        }
        long p = overlapNext ? lastBlock : top;
        if (!overlapNext) {
            top += (size + 15) & -16L;
        }
        overlapNext = false;
        live.put(p, size);
        lastBlock = p;
        return p;
    }

    @Override
    public void free(long va) {
        if (live.remove(va) == null) {
            throw new HeapException(va, "free(0x" + Long.toHexString(va) + "): not a block");
        }
    }

    @Override
    public long realloc(long va, long size) {
        long old = live.get(va);
        long p = malloc(size);
        System.arraycopy(ram, (int) va, ram, (int) p, (int) Math.min(old, size));
        free(va);
        return p;
    }

    @Override
    public long calloc(long count, long size) {
        return malloc(count * size);
    }

    @Override
    public long alignedAlloc(long alignment, long size) {
        return malloc(size);
    }

    @Override
    public long usableSize(long va) {
        return live.get(va);
    }

    @Override
    public List<HeapBlock> blocks() {
        return List.of();
    }

    @Override
    public List<FreeList> freeLists() {
        return List.of();
    }

    @Override
    public List<String> check() {
        return List.of();
    }

    @Override
    public HeapStats stats() {
        long extent = destroyed ? 0 : (top - START + 4095) / 4096 * 4096;
        return new HeapStats(live.size(), 0, 0, 0, 0, extent, 0, 0, 0);
    }

    @Override
    public HeapState exportState() {
        return new HeapState("bump", List.of());
    }

    @Override
    public void destroy() {
        destroyed = true;
        ram = null;
    }

    @Override
    public String describe() {
        return "bump";
    }

    @Override
    public long version() {
        return 0;
    }

    @Override
    public void write(long va, byte[] src, int offset, int length) {
        System.arraycopy(src, offset, ram, (int) va, length);
    }

    @Override
    public void read(long va, byte[] dst, int offset, int length) {
        System.arraycopy(ram, (int) va, dst, offset, length);
    }
}
