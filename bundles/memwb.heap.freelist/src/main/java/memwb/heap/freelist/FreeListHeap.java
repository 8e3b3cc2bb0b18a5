package memwb.heap.freelist;

import static memwb.heap.freelist.Tags.MIN_BLOCK;
import static memwb.heap.freelist.Tags.OVERHEAD;
import static memwb.heap.freelist.Tags.WORD;

import java.util.List;
import java.util.Locale;

import memwb.api.heap.FreeList;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapStats;

/**
 * The notes' heap done right: an explicit free-list allocator with boundary tags (see {@link Tags})
 * in emulated RAM, segregated bins ({@link Bins}), O(1) free with immediate coalescing of both
 * neighbours, growth through the VMM at the top of the heap and trimming back to it.
 *
 * <p>This class is the API: it validates every pointer and size, counts calls, and hands the work to
 * {@link Area}, which keeps the blocks.
 */
public final class FreeListHeap implements Heap {
    public static final String NAME = "freelist";

    final Area area;
    private final HeapMemory mem;
    private long mallocs;
    private long frees;
    private long failures;
    private long version;
    private boolean destroyed;

    FreeListHeap(Area area) {
        this.area = area;
        this.mem = area.mem;
    }

    /**
     * The provider's contract: a new heap over {@code mem}, empty ({@code adopt} null) or holding
     * every live block of {@code adopt} at its address with its bytes.
     *
     * @throws HeapException for an unknown option, a range that is not empty, or blocks that cannot
     *         be adopted (naming the block); nothing has changed then
     */
    public static FreeListHeap create(HeapMemory mem, HeapState adopt, java.util.Map<String, String> options) {
        FreeListOptions parsed = FreeListOptions.parse(options, mem.base());
        return adopt == null ? createEmpty(mem, parsed) : Adoption.adopt(mem, adopt, parsed);
    }

    /**
     * A new empty heap: maps the control page and writes an empty control block.
     *
     * @throws HeapException naming the base if the range already holds mapped pages, or no frame is free
     */
    static FreeListHeap createEmpty(HeapMemory mem, FreeListOptions options) {
        if (mem.mappedPages() != 0) {
            throw new HeapException(mem.base(), String.format(Locale.ROOT, "heap range 0x%x-0x%x already holds %d "
                    + "mapped pages; a new heap needs an empty range (or adopt the heap that left them)", mem.base(),
                    mem.limit(), mem.mappedPages()));
        }
        if (!mem.mapPages(mem.base(), 1)) {
            throw new HeapException(mem.base(), String.format(Locale.ROOT,
                    "no free frame for the heap's control page at 0x%x", mem.base()));
        }
        Area area = new Area(mem, options.trim());
        area.writeControl();
        return new FreeListHeap(area);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long malloc(long size) {
        checkAlive();
        long s = blockSize(size, "malloc");
        mallocs++;
        long h = area.allocBlock(s);
        if (h == 0) {
            failures++;
            return 0;
        }
        version++;
        return h + WORD;
    }

    @Override
    public void free(long va) {
        if (va == 0) {
            return;
        }
        checkAlive();
        long h = liveHeader(va, "free");
        long size = Tags.size(mem.read64(h));
        frees++;
        area.freeBlock(h, size);
        version++;
    }

    @Override
    public long realloc(long va, long size) {
        if (va == 0) {
            return malloc(size);
        }
        checkAlive();
        long h = liveHeader(va, "realloc");
        if (size == 0) {
            free(va);
            return 0;
        }
        long s = blockSize(size, "realloc");
        long tag = mem.read64(h);
        long old = Tags.size(tag);
        long usable = old - Tags.overhead(tag);
        if (Tags.footerless(tag) && size <= usable) {
            // An adopted block without a footer: it stays in place; only a tail that makes a free block goes.
            if (s <= old) {
                area.shrink(h, old, s);
            }
            version++;
            return va;
        }
        if (s <= old) {
            area.shrink(h, old, s);
            version++;
            return va;
        }
        // A footerless block grows by moving: growing in place would have to rewrite its neighbour's flag too.
        long grown = Tags.footerless(tag) ? 0 : area.growInPlace(h, old, s);
        if (grown != 0) {
            version++;
            return grown + WORD;
        }
        mallocs++;
        long q = area.allocBlock(s);
        if (q == 0) {
            failures++;
            return 0;
        }
        mem.copy(q + WORD, va, usable);
        frees++;
        area.freeBlock(h, old);
        version++;
        return q + WORD;
    }

    @Override
    public long calloc(long count, long size) {
        checkAlive();
        if (count != 0 && Long.compareUnsigned(size, Long.divideUnsigned(-1L, count)) > 0) {
            mallocs++;
            failures++;
            return 0;
        }
        long n = count * size;
        long p = malloc(n);
        if (p != 0) {
            mem.fill(p, n, (byte) 0);
        }
        return p;
    }

    /**
     * Over-allocates by the alignment plus a minimal block, then gives the leading gap back as a free
     * block and the tail beyond the request as another, so only the aligned block stays allocated.
     */
    @Override
    public long alignedAlloc(long alignment, long size) {
        checkAlive();
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new HeapException(alignment, String.format(Locale.ROOT,
                    "alignedAlloc: alignment 0x%x is not a power of two", alignment));
        }
        if (alignment <= Tags.ALIGN) {
            return malloc(size);
        }
        long s = blockSize(size, "alignedAlloc");
        mallocs++;
        long padded = s + alignment + MIN_BLOCK;
        long h = Long.compareUnsigned(padded, area.maxBlock) > 0 ? 0 : area.allocBlock(padded);
        if (h == 0) {
            failures++;
            return 0;
        }
        version++;
        return area.align(h, alignment, s);
    }

    @Override
    public long usableSize(long va) {
        checkAlive();
        long tag = mem.read64(liveHeader(va, "usableSize"));
        return Tags.size(tag) - Tags.overhead(tag);
    }

    @Override
    public List<HeapBlock> blocks() {
        return new HeapWalker(area).blocks();
    }

    @Override
    public List<FreeList> freeLists() {
        return new HeapWalker(area).freeLists();
    }

    @Override
    public List<String> check() {
        return new HeapChecker(area).check();
    }

    /** O(1) but for the largest free block after the old largest was taken: then one pass over the top bin. */
    @Override
    public HeapStats stats() {
        return new HeapStats(area.live.size(), area.liveBytes, area.freeBlocks, area.freeBytes, area.largestFree(),
                mem.mappedPages() * Area.PAGE, mallocs, frees, failures);
    }

    @Override
    public HeapState exportState() {
        checkAlive();
        return new HeapWalker(area).exportState();
    }

    /** Unmaps the block area and the control page (around any holes); every later call is refused. */
    @Override
    public void destroy() {
        checkAlive();
        long from = area.base;
        for (long[] hole : new HeapWalker(area).holes()) {
            long to = Area.holeInteriorStart(hole[0]);
            long resume = Area.holeInteriorEnd(hole[1]);
            if (resume != to) {
                mem.unmapPages(from, (to - from) / Area.PAGE);
                from = resume;
            }
        }
        mem.unmapPages(from, (area.end - from) / Area.PAGE);
        destroyed = true;
        area.live.clear();
        version++;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "heap freelist: explicit free lists with boundary tags (header and footer "
                + "per block), %d size-class bins, first fit, immediate coalescing%n"
                + "  range 0x%x-0x%x, control block at 0x%x (%d bytes: magic, end, trim, bin bitmap, bin heads)%n"
                + "  blocks 0x%x-0x%x (%d pages mapped), trim threshold %d bytes%n"
                + "  %d live blocks (%d bytes; %d adopted without a footer), %d free blocks (%d bytes), %d holes "
                + "(%d unmapped pages adopted)",
                Bins.COUNT, area.base, area.limit, area.base, Bins.CONTROL_USED, area.firstHeader, area.end,
                mem.mappedPages(), area.trim, area.live.size(), area.liveBytes, area.leftFooterless.size(), area.freeBlocks, area.freeBytes,
                area.holes, area.holePages);
    }

    @Override
    public long version() {
        return version;
    }

    /**
     * The header of the live block whose payload is {@code va}.
     *
     * @throws HeapException naming the address: misaligned, outside the block area, freed already
     *         (double free), or inside a block rather than at its start
     */
    private long liveHeader(long va, String op) {
        long first = area.firstHeader;
        long end = area.end;
        if ((va & (Tags.ALIGN - 1)) != 0 || end == area.areaStart
                || Long.compareUnsigned(va - first - WORD, end - first - 2 * WORD) >= 0) {
            throw new HeapException(va, String.format(Locale.ROOT, "%s(0x%x): not a block start: %s", op, va,
                    (va & (Tags.ALIGN - 1)) != 0 ? "payloads are 16-byte aligned"
                            : String.format(Locale.ROOT, "outside the heap's blocks 0x%x-0x%x", first, end)));
        }
        if (!area.live.contains(va)) {
            throw new HeapException(va, new HeapWalker(area).whyNotLive(va, op));
        }
        return va - WORD;
    }

    /** A request's block size. @throws HeapException if no heap in this range could ever hold it */
    private long blockSize(long n, String op) {
        long most = area.maxBlock - OVERHEAD;
        if (Long.compareUnsigned(n, most) > 0) {
            throw new HeapException(area.limit, String.format(Locale.ROOT, "%s(%s): more than the heap range "
                    + "0x%x-0x%x can ever hold (at most %d bytes)", op, Long.toUnsignedString(n), area.base,
                    area.limit, most));
        }
        return Tags.blockSize(n);
    }

    private void checkAlive() {
        if (destroyed) {
            throw new HeapException(area.base, String.format(Locale.ROOT, "the heap at 0x%x was destroyed",
                    area.base));
        }
    }
}
