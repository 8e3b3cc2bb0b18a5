package memwb.heap.tlsf;

import static memwb.heap.tlsf.Pages.holeHi;
import static memwb.heap.tlsf.Pages.holeLo;

import java.util.ArrayList;
import java.util.List;

import memwb.api.heap.FreeList;
import memwb.api.heap.Heap;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;
import memwb.api.heap.HeapStats;

/**
 * TLSF (two-level segregated fits, Masmano et al. 2004) in emulated RAM: every malloc, free and
 * realloc is O(1), independent of how many blocks the heap holds.
 *
 * <p>Blocks are multiples of 16 bytes with an 8-byte header (size | FREE | PREV_FREE) before a
 * 16-aligned payload; an allocated block has no footer. A free block keeps its list links in its
 * first payload words and a copy of its size in its last 8 bytes, which is how the next block finds
 * it (PREV_FREE) for immediate coalescing, so no two free blocks are ever neighbours. Free blocks sit
 * on size-class lists found by two bitmap levels and find-first-set ({@link Arena},
 * {@link SizeClasses}); a search first looks at up to {@link #FIT_PROBES} blocks of the request's own
 * class (best of those), then takes the head of the first class that is sure to fit.
 *
 * <p>Placement, for utilisation: the range is split into two arenas, each a TLSF of its own growing
 * upward from its start: requests larger than {@code small.max} bytes in the first (its first header
 * in the control page's last word, so its payloads start on a page boundary and blocks of whole
 * pages span no extra page), smaller ones in the second, from the middle of the range, so
 * long-lived small blocks rarely pin holes that large ones need (a small request takes a
 * free block of the large arena only before growing its own), and a growing block sits at the top
 * of the large arena where realloc extends it in place. Each arena's top is a wilderness
 * freed blocks melt into; pages past it and the interior pages of free blocks are unmapped
 * ({@link Pages}), so the heap's extent is close to its live data.
 *
 * <p>Pages, for speed without losing that: the interior pages of a freed block stay mapped
 * (HOLE_MAPPED) for the next block carved there, as long as the heap's mapped pages stay at or under
 * their high-water mark. Before the heap maps a page that would pass the mark, it unmaps kept holes,
 * oldest first, so its peak footprint is exactly what it would be if every hole went back at once
 * (the measure malloc-lab and a replay report), while a heap working below its peak stops paying a
 * VMM unmap and map for every large free and malloc. Kept holes are listed, newest first, in a
 * doubly linked list of nodes at the end of each hole (older, newer, block header), head and tail in
 * the control block: carving a block's front or merging into the block after it keeps the hole's end,
 * so the node stays where it is and only its header word changes. Frames running out gives every
 * kept hole back before a malloc fails.
 *
 * <p>Small requests, for utilisation: once a size class has enough live blocks, requests of at most
 * {@code slab.max} bytes get header-less slots of slab pages ({@link Slabs}), each page one
 * page-aligned TLSF block; a slot's free and realloc go to its page, told apart from a block by the
 * host's set of slab pages.
 */
public final class TlsfHeap implements Heap {
    public static final String NAME = "tlsf";
    static final long HEADER = 8;
    static final long MIN_BLOCK = 32;
    static final long FREE = 1;
    static final long PREV_FREE = 2;
    /** On a free block with hole pages: they are still mapped, kept for reuse, and the block is on the kept-hole list. */
    static final long HOLE_MAPPED = 4;
    /** Growth maps ahead by 1/this of the arena's mapped pages (at most keep.pages), so prefetch stays a small share of the extent. */
    static final long CHUNK_FRACTION = 64;
    static final long SIZE_MASK = -SizeClasses.GRANULE;
    /** Blocks of the request's own class looked at before rounding up to a class sure to fit. */
    static final int FIT_PROBES = 8;
    /** Control block words: magic, arena count, small.max; arenas follow at {@link Arena#ARENAS_OFFSET}. */
    static final long MAGIC = 0x31464C5354L; // "TSLF1" little-endian, marks a TLSF control block
    static final long ARENA_COUNT_OFFSET = 8;
    static final long SMALL_MAX_OFFSET = 16;
    /** Control block words: the kept-hole list's newest and oldest nodes (0: empty). */
    static final long KEPT_HEAD_OFFSET = 24;
    static final long KEPT_TAIL_OFFSET = 32;
    /** Control block word: slab.max (0: no new slab pages); the partial-list heads are at {@link Slabs#HEADS_OFFSET}. */
    static final long SLAB_MAX_OFFSET = 40;
    /** A kept hole's list node, the last {@link #KEPT_NODE} bytes of its hole: older node, newer node, block header. */
    static final long KEPT_NODE = 24;
    static final long KEPT_OLDER = 0;
    static final long KEPT_NEWER = 8;
    static final long KEPT_BLOCK = 16;
    /** Below this many bytes per arena the range is one arena. */
    static final long MIN_ARENA_BYTES = 64 * Pages.SIZE;
    /**
     * With two arenas, the large one comes first (its first header in the control page's last word, so
     * page-sized blocks start at page boundaries) and the small one second (from the middle of the range).
     */
    static final int LARGE = 0;
    static final int SMALL = 1;
    /** Bytes of the control block with two arenas: below the control page's last word, which holds the first block's header. */
    static final long CONTROL_USED = Arena.ARENAS_OFFSET + 2 * Arena.BYTES;

    final HeapMemory mem;
    final TlsfOptions options;
    final Arena[] arenas;
    /** Payloads of live blocks and slots. */
    final AddressSet live;
    final Slabs slabs;
    private long liveBlocks;
    private long liveBytes;
    long freeBlocks;
    long freeBytes;
    private long mallocs;
    private long frees;
    private long failures;
    private long version;
    private boolean destroyed;
    private long carved;
    /** Pages inside free blocks' holes that are kept mapped (HOLE_MAPPED), host-side count. */
    long retainedPages;
    /** The kept-hole list's end nodes (write-through copies of the control block's words). */
    long keptHead;
    long keptTail;
    /** The most pages the heap's range has had mapped at once: kept holes never make it grow. */
    long highWater;

    TlsfHeap(HeapMemory mem, TlsfOptions options, Arena[] arenas) {
        this.mem = mem;
        this.options = options;
        this.arenas = arenas;
        this.live = AddressSet.of(AddressSet.PAYLOADS, arenas);
        this.slabs = new Slabs(mem, options.slabMax(), options.slabThreshold(), arenas);
        this.highWater = mem.mappedPages();
    }

    /**
     * A heap over {@code memory}, or adopting the live blocks {@code adopt} lists (null: a new heap,
     * whose range must have no mapped page).
     *
     * @throws HeapException for an unknown option, a range that already has mapped pages, blocks that cannot be adopted
     */
    public static TlsfHeap create(HeapMemory memory, HeapState adopt, java.util.Map<String, String> options) {
        TlsfOptions opts = TlsfOptions.parse(options);
        if (adopt != null) {
            TlsfHeap same = TlsfReopen.reopen(memory, adopt, opts);
            return same != null ? same : TlsfAdoption.adopt(memory, adopt, opts);
        }
        if (memory.mappedPages() != 0) {
            throw new HeapException(memory.base(), "tlsf: the range at " + hex(memory.base()) + " has "
                    + memory.mappedPages() + " mapped pages; a new heap needs an empty range");
        }
        long[] bounds = arenaBounds(memory, opts, memory.base() + HeapMemory.CONTROL_BYTES);
        if (!memory.mapPages(memory.base(), 1)) {
            throw new HeapException(memory.base(), "tlsf: no frame for the control block at " + hex(memory.base()));
        }
        writeControl(memory, opts, bounds.length - 1);
        Arena[] arenas = new Arena[bounds.length - 1];
        for (int i = 0; i < arenas.length; i++) {
            long first = firstHeader(bounds, i);
            arenas[i] = Arena.create(i, memory, bounds[i], first, first, bounds[i + 1], Arena.floor(bounds[i], first));
        }
        return new TlsfHeap(memory, opts, arenas);
    }

    /**
     * Arena boundaries: {@code [b0, b1)} large, {@code [b1, b2)} small; the first arena reaches at
     * least {@code minSplit} (page aligned) so adopted blocks below it stay in one arena. Each arena is
     * capped so no block can outgrow the size classes.
     */
    static long[] arenaBounds(HeapMemory memory, TlsfOptions opts, long minSplit) {
        long lo = memory.base() + HeapMemory.CONTROL_BYTES;
        long hi = memory.limit();
        if (hi - lo < Pages.SIZE) {
            throw new HeapException(memory.base(), "tlsf: the range " + hex(memory.base()) + "-" + hex(hi)
                    + " has no page for blocks after the control block");
        }
        long cap = SizeClasses.MAX_BLOCK - Pages.SIZE;
        if (opts.arenas() == 1 || hi - lo < 2 * MIN_ARENA_BYTES) {
            return new long[] {lo, Math.min(hi, lo + cap)};
        }
        long mid = Math.max(Pages.down(lo + (hi - lo) / 2), Pages.up(minSplit));
        if (mid >= hi - MIN_ARENA_BYTES) {
            return new long[] {lo, Math.min(hi, lo + cap)};
        }
        return new long[] {lo, Math.min(mid, lo + cap), Math.min(hi, mid + cap)};
    }

    /**
     * Where arena {@code i} of {@code bounds} puts its first header: the first arena in the control
     * page's last word (its payloads start at the page boundary, so a block of whole pages spans no
     * extra page), a later one 8 bytes past its start (the word before it belongs to the arena below).
     */
    static long firstHeader(long[] bounds, int i) {
        return i == 0 ? bounds[0] - HEADER : bounds[i] + HEADER;
    }

    static void writeControl(HeapMemory memory, TlsfOptions opts, int arenaCount) {
        memory.write64(memory.base(), MAGIC);
        memory.write64(memory.base() + ARENA_COUNT_OFFSET, arenaCount);
        memory.write64(memory.base() + SMALL_MAX_OFFSET, opts.smallMax());
        memory.write64(memory.base() + KEPT_HEAD_OFFSET, 0);
        memory.write64(memory.base() + KEPT_TAIL_OFFSET, 0);
        memory.write64(memory.base() + SLAB_MAX_OFFSET, opts.slabMax());
        Slabs.writeHeads(memory);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long malloc(long size) {
        alive();
        long va = allocate(size, blockSize(size, "malloc"));
        if (va == 0) {
            failures++;
            return 0;
        }
        mallocs++;
        return va;
    }

    /** A slot for a small request whose class has pages or wants them, else a block of {@code n} bytes; 0 if nothing has room. */
    private long allocate(long size, long n) {
        if (slabs.serves(size)) {
            long va = slot(Slabs.classOf(size));
            if (va != 0) {
                return va;
            }
        }
        long h = place(size, n);
        return h == 0 ? 0 : admit(h);
    }

    /** A slot of class {@code c}, opening a slab page if the class has none with room; 0 if the class does not want pages yet or none could be had. */
    private long slot(int c) {
        if (!slabs.wants(c)) {
            return 0;
        }
        long va = slabs.take(c);
        if (va == 0) {
            long page = alignedBlock(Slabs.PAGE, Slabs.PAGE - HEADER, Slabs.PAGE);
            if (page == 0) {
                return 0;
            }
            // The page's block is the slab's, never handed out: not live itself, its slots will be.
            live.remove(page);
            liveBlocks--;
            resized(mem.read64(page - HEADER) & SIZE_MASK, 0);
            slabs.open(c, page);
            va = slabs.take(c);
        }
        live.add(va);
        liveBlocks++;
        liveBytes += Slabs.slotSize(c);
        version++;
        return va;
    }

    /** Counts a newly allocated block (its size in {@link #carved}) as live; returns its payload. */
    private long admit(long h) {
        long va = h + HEADER;
        live.add(va);
        liveBlocks++;
        resized(0, carved);
        version++;
        return va;
    }

    /** A live block's size went from {@code oldSize} to {@code newSize} bytes (0: none, for a block coming or going). */
    private void resized(long oldSize, long newSize) {
        if (oldSize != 0) {
            liveBytes -= oldSize - HEADER;
            slabs.countBlock(oldSize, -1);
        }
        if (newSize != 0) {
            liveBytes += newSize - HEADER;
            slabs.countBlock(newSize, 1);
        }
    }

    /**
     * A block of {@code n} bytes: a free block of the request's own arena; for a small request then a
     * free block of the large arena (reusing freed memory beats growing; large requests do not take
     * small holes, which would pin them); then growth of its own arena; then the other arena. 0 if
     * nothing has room.
     */
    private long place(long request, long n) {
        if (arenas.length == 1) {
            long h = fit(arenas[0], n);
            return h != 0 ? h : grow(arenas[0], n);
        }
        boolean small = request <= options.smallMax();
        Arena own = arenas[small ? SMALL : LARGE];
        Arena other = arenas[small ? LARGE : SMALL];
        long h = fit(own, n);
        if (h == 0 && small) {
            h = fit(other, n);
        }
        if (h == 0) {
            h = grow(own, n);
        }
        if (h == 0 && !small) {
            h = fit(other, n);
        }
        return h != 0 ? h : grow(other, n);
    }

    /** A free block of at least {@code n} bytes from the arena's lists, carved; 0 if none fits (or pages ran out). */
    private long fit(Arena a, long n) {
        long best = 0;
        long bestSize = Long.MAX_VALUE;
        long bestHeader = 0;
        if (n >= SizeClasses.SMALL_LIMIT) {
            // Good fit: the request's own class may hold a block that fits; look at a bounded few.
            int probes = 0;
            for (long b = a.head(SizeClasses.listOf(n)); b != 0 && probes < FIT_PROBES; b = mem.read64(b + Arena.NEXT), probes++) {
                long hdr = mem.read64(b);
                long s = hdr & SIZE_MASK;
                if (s >= n && s < bestSize) {
                    best = b;
                    bestSize = s;
                    bestHeader = hdr;
                    if (s == n) {
                        break;
                    }
                }
            }
        }
        if (best == 0) {
            int list = a.firstNonEmptyFrom(SizeClasses.firstListHolding(n));
            if (list >= 0) {
                best = a.head(list);
                bestHeader = mem.read64(best);
            }
        }
        return best != 0 ? carve(a, best, bestHeader, n) : 0;
    }

    /**
     * Allocates the front {@code n} bytes of free block {@code h} (header {@code hdr}), the rest
     * staying free if it can hold a block; 0 if pages ran out, nothing changed.
     */
    private long carve(Arena a, long h, long hdr, long n) {
        long s = hdr & SIZE_MASK;
        long r = s - n;
        long rh = r >= MIN_BLOCK ? h + n : 0;
        long rest = r >= MIN_BLOCK ? r : 0;
        long keptFlag = takeHole(h, hdr, rh, rest);
        if (keptFlag < 0) {
            return 0;
        }
        a.remove(h, s);
        if (rest > 0) {
            mem.write64(h, n);
            makeFree(a, rh, r, keptFlag); // a kept remainder is on the kept-hole list already (takeHole)
            freeBytes -= n;
            carved = n;
        } else {
            mem.write64(h, s);
            long next = h + s;
            mem.write64(next, mem.read64(next) & ~PREV_FREE);
            freeBlocks--;
            freeBytes -= s;
            carved = s;
        }
        return h;
    }

    /**
     * Pages for carving the front of free block {@code h} (header {@code hdr}) leaving the free
     * remainder {@code (rh, rs)} (rs 0: none): a kept hole is mapped already and the remainder keeps
     * its part; otherwise the part of the hole the remainder does not keep as its own is mapped.
     * Returns the remainder's HOLE_MAPPED flag (a kept remainder takes over the block's place on the
     * kept-hole list), or -1 if the frames ran out.
     */
    private long takeHole(long h, long hdr, long rh, long rs) {
        long s = hdr & SIZE_MASK;
        if ((hdr & HOLE_MAPPED) != 0) {
            if (rs > 0 && Pages.holePages(rh, rs) > 0) {
                rekeep(h, s, rh, rs);
                return HOLE_MAPPED;
            }
            unkeep(h, s);
            return 0;
        }
        long lo = holeLo(h);
        long hi = holeHi(h, s);
        if (rs > 0 && holeLo(rh) < hi) {
            hi = holeLo(rh); // the remainder keeps the rest of the hole unmapped as its own
        }
        return mapPages(lo, hi, null) ? 0 : -1;
    }

    /**
     * Maps {@code [lo, hi)} (page aligned, unmapped now) for a block of arena {@code growing} (null: not
     * at a top), first giving back what the heap keeps but its blocks do not need (kept holes, oldest
     * first, then the pages kept past the other arenas' tops) so the mapped pages pass the high-water
     * mark only if the blocks need it; if frames run out, all of that goes back and the map is tried
     * once more. False, with nothing mapped, if that fails.
     */
    private boolean mapPages(long lo, long hi, Arena growing) {
        if (hi <= lo) {
            return true;
        }
        long pages = (hi - lo) / Pages.SIZE;
        while (keptTail != 0 && mem.mappedPages() + pages > highWater) {
            dropOldestKept();
        }
        if (mem.mappedPages() + pages > highWater) {
            trimReserves(growing);
        }
        if (!mem.mapPages(lo, pages)) {
            while (keptTail != 0) {
                dropOldestKept();
            }
            trimReserves(growing);
            if (!mem.mapPages(lo, pages)) {
                return false;
            }
        }
        highWater = Math.max(highWater, mem.mappedPages());
        return true;
    }

    /** Unmaps the pages kept past each arena's top, except arena {@code growing}'s (which is about to use them). */
    private void trimReserves(Arena growing) {
        for (Arena a : arenas) {
            long floor = floorOf(a, a.top);
            if (a != growing && a.mapped > floor) {
                Pages.unmap(mem, floor, a.mapped);
                a.setMapped(floor);
            }
        }
    }

    /** Unmaps the oldest kept hole; its block stays free, now with its hole unmapped. */
    private void dropOldestKept() {
        long h = mem.read64(keptTail + KEPT_BLOCK);
        long hdr = mem.read64(h);
        long s = hdr & SIZE_MASK;
        unkeep(h, s);
        mem.write64(h, hdr & ~HOLE_MAPPED);
        Pages.unmap(mem, holeLo(h), holeHi(h, s));
    }

    private void unkeepNeighbours(boolean pKept, long ph, long ps, boolean nKept, long nh, long ns) {
        if (pKept) {
            unkeep(ph, ps);
        }
        if (nKept) {
            unkeep(nh, ns);
        }
    }

    /**
     * The kept-hole list node of free block {@code (h, size)}: the last bytes of its hole, which stay
     * put when the block's front is carved or it merges with the block after it (the common cases; a
     * node at the hole's start measured more list writes on the traces).
     */
    static long keptNode(long h, long size) {
        return holeHi(h, size) - KEPT_NODE;
    }

    /** Puts free block {@code h} (whose hole of {@code size}'s pages is mapped) at the head of the kept-hole list. */
    private void keep(long h, long size) {
        long node = keptNode(h, size);
        mem.write64(node + KEPT_OLDER, keptHead);
        mem.write64(node + KEPT_NEWER, 0);
        mem.write64(node + KEPT_BLOCK, h);
        if (keptHead != 0) {
            mem.write64(keptHead + KEPT_NEWER, node);
        } else {
            setKeptTail(node);
        }
        setKeptHead(node);
        retainedPages += Pages.holePages(h, size);
    }

    /** Takes kept block {@code h} off the kept-hole list (its pages stay as they are). */
    private void unkeep(long h, long size) {
        long node = keptNode(h, size);
        long older = mem.read64(node + KEPT_OLDER);
        long newer = mem.read64(node + KEPT_NEWER);
        if (newer != 0) {
            mem.write64(newer + KEPT_OLDER, older);
        } else {
            setKeptHead(older);
        }
        if (older != 0) {
            mem.write64(older + KEPT_NEWER, newer);
        } else {
            setKeptTail(newer);
        }
        retainedPages -= Pages.holePages(h, size);
    }

    /**
     * Kept block {@code (h, size)} became kept block {@code (nh, nsize)} (carved, or merged with a
     * neighbour): where the node's place did not change, only the header word it names does.
     */
    private void rekeep(long h, long size, long nh, long nsize) {
        if (keptNode(h, size) != keptNode(nh, nsize)) {
            unkeep(h, size);
            keep(nh, nsize);
            return;
        }
        if (h != nh) {
            mem.write64(keptNode(nh, nsize) + KEPT_BLOCK, nh);
        }
        retainedPages += Pages.holePages(nh, nsize) - Pages.holePages(h, size);
    }

    private void setKeptHead(long h) {
        keptHead = h;
        mem.write64(mem.base() + KEPT_HEAD_OFFSET, h);
    }

    private void setKeptTail(long h) {
        keptTail = h;
        mem.write64(mem.base() + KEPT_TAIL_OFFSET, h);
    }

    /** A block of {@code n} bytes at the arena's top, mapping the pages it reaches; 0 if the arena or the frames run out. */
    private long grow(Arena a, long n) {
        long h = a.top;
        if (a.end - h < n || !mapUpTo(a, Pages.up(h + n))) {
            return 0;
        }
        mem.write64(h, n);
        a.setTop(h + n);
        carved = n;
        return h;
    }

    /**
     * Makes sure the arena's pages are mapped up to {@code need}, mapping a little ahead (a share of
     * the arena's mapped pages, at most CHUNK_PAGES) so steady growth calls the VMM rarely; false,
     * with nothing mapped, if the frames run out even for {@code need}.
     */
    private boolean mapUpTo(Arena a, long need) {
        if (need <= a.mapped) {
            return true;
        }
        long arenaPages = (a.mapped - a.floor()) / Pages.SIZE;
        long aheadPages = Math.min(options.keepPages(), arenaPages / CHUNK_FRACTION);
        // Map ahead only into room under the high-water mark: prefetch never raises the peak.
        long room = highWater - mem.mappedPages() - (need - a.mapped) / Pages.SIZE;
        aheadPages = Math.max(0, Math.min(aheadPages, room));
        long target = Math.min(need + aheadPages * Pages.SIZE, a.end);
        if (!mapPages(a.mapped, target, a)) {
            if (target == need || !mapPages(a.mapped, need, a)) {
                return false;
            }
            target = need;
        }
        a.setMapped(target);
        return true;
    }

    /** Writes a free block's header ({@code flags}: 0 or HOLE_MAPPED) and footer and puts it on its list (no neighbour is free). */
    private void makeFree(Arena a, long h, long size, long flags) {
        writeFreeTags(h, size, flags);
        a.insert(h, size);
    }

    /** A free block's header and footer, for a block that is on its list already or goes on it next. */
    private void writeFreeTags(long h, long size, long flags) {
        mem.write64(h, size | FREE | flags);
        mem.write64(h + size - HEADER, size);
    }

    /** Where an arena's mapped pages must reach for its top: nothing while it is empty, else the page holding the top. */
    static long floorOf(Arena a, long top) {
        return top == a.first ? a.floor() : Pages.up(top);
    }

    @Override
    public void free(long va) {
        alive();
        if (va == 0) {
            return;
        }
        long h = liveHeader(va, "free");
        frees++;
        live.remove(va);
        liveBlocks--;
        version++;
        if (isSlot(va)) {
            freeSlot(va);
            return;
        }
        long hdr = mem.read64(h);
        resized(hdr & SIZE_MASK, 0);
        release(arenaOf(h), h, hdr);
    }

    /** True if {@code va} lies in a slab page (cheap when there are none). */
    private boolean isSlot(long va) {
        return slabs.pageCount() != 0 && slabs.isSlot(va);
    }

    /** Gives a live slot back to its page (already off the live set), and the page back to TLSF if it was its last. */
    private void freeSlot(long va) {
        liveBytes -= slabs.slotSizeOf(va & -Slabs.PAGE);
        long emptied = slabs.give(va);
        if (emptied != 0) {
            long h = emptied - HEADER;
            release(arenaOf(h), h, mem.read64(h));
        }
    }

    /**
     * Frees the allocated block at {@code h} (header value {@code hdr}), merging it with a free
     * neighbour on either side, or into the wilderness when it ends at the top. The merged block's
     * interior pages stay mapped if they all are and the retain budget allows (HOLE_MAPPED), else they
     * go back to the VMM; a top that retreats keeps at most keep.pages mapped past it.
     */
    private void release(Arena a, long h, long hdr) {
        long size = hdr & SIZE_MASK;
        long start = h;
        long total = size;
        long ph = 0;
        long ps = 0;
        long nh = 0;
        long ns = 0;
        long psSkip = 0;
        long nsSkip = 0;
        boolean allMapped = true;
        boolean pKept = false;
        boolean nKept = false;
        if ((hdr & PREV_FREE) != 0) {
            ps = mem.read64(h - HEADER);
            ph = h - ps;
            long phdr = mem.read64(ph);
            pKept = (phdr & HOLE_MAPPED) != 0; // its node may carry over to the merged block
            start = ph; // it leaves its list below, unless the merged block belongs on the same one
            total += ps;
            freeBlocks--;
            freeBytes -= ps;
            if ((phdr & HOLE_MAPPED) == 0 && Pages.holePages(ph, ps) > 0) {
                psSkip = ps; // its hole is unmapped already: skip it when unmapping
                allMapped = false;
            }
        }
        long next = h + size;
        long nhdr = 0; // the next block's header, if read (reused below when it stays a neighbour)
        if (next < a.top) {
            nhdr = mem.read64(next);
            if ((nhdr & FREE) != 0) {
                nh = next;
                ns = nhdr & SIZE_MASK;
                a.remove(nh, ns);
                total += ns;
                freeBlocks--;
                freeBytes -= ns;
                if ((nhdr & HOLE_MAPPED) != 0) {
                    nKept = true;
                } else if (Pages.holePages(nh, ns) > 0) {
                    nsSkip = ns;
                    allMapped = false;
                }
            }
        }
        // A free block before this one that grows into the merged block stays on its list when the
        // merged size is of the same class: its list neighbours (other pages, TLB misses) are not touched.
        boolean prevStays = ph != 0 && start + total != a.top && SizeClasses.listOf(ps) == SizeClasses.listOf(total);
        if (ph != 0 && !prevStays) {
            a.remove(ph, ps);
        }
        if (start != h || start + total == a.top) {
            // A header left inside a merged block or the wilderness still says "freed" (for the
            // double-free message); otherwise makeFree writes this very header below.
            mem.write64(h, hdr | FREE);
        }
        if (start + total == a.top) {
            unkeepNeighbours(pKept, ph, ps, nKept, nh, ns); // before their nodes' pages may go
            long floor = floorOf(a, start);
            a.setTop(start);
            if (!allMapped || a.mapped - floor > options.keepPages() * Pages.SIZE) {
                Pages.unmapExcept(mem, floor, a.mapped, ph, psSkip, nh, nsSkip);
                a.setMapped(floor);
            }
            return;
        }
        long holePages = Pages.holePages(start, total);
        long flag = 0;
        if (allMapped && holePages > 0 && options.keepPages() > 0) {
            flag = HOLE_MAPPED; // keeping pages mapped never raises the high-water mark
        } else {
            unkeepNeighbours(pKept, ph, ps, nKept, nh, ns); // before their nodes' pages may go
            Pages.unmapExcept(mem, holeLo(start), holeHi(start, total), ph, psSkip, nh, nsSkip);
        }
        if (prevStays) {
            writeFreeTags(start, total, flag);
        } else {
            makeFree(a, start, total, flag);
        }
        if (flag != 0) {
            // The merged block takes a kept neighbour's node, preferably one that stays where it is.
            boolean fromNext = nKept && (!pKept || keptNode(nh, ns) == keptNode(start, total));
            if (fromNext) {
                if (pKept) {
                    unkeep(ph, ps);
                }
                rekeep(nh, ns, start, total);
            } else if (pKept) {
                rekeep(ph, ps, start, total);
            } else {
                keep(start, total);
            }
        }
        long after = start + total;
        mem.write64(after, (nh == 0 && after == next ? nhdr : mem.read64(after)) | PREV_FREE);
        freeBlocks++;
        freeBytes += total;
    }

    @Override
    public long realloc(long va, long size) {
        alive();
        if (va == 0) {
            return malloc(size);
        }
        long h = liveHeader(va, "realloc");
        if (size == 0) {
            free(va);
            return 0;
        }
        long n = blockSize(size, "realloc");
        if (isSlot(va)) {
            long slotSize = slabs.slotSizeOf(va & -Slabs.PAGE);
            return size <= slotSize ? va : move(va, slotSize, size, n);
        }
        long hdr = mem.read64(h);
        long s = hdr & SIZE_MASK;
        Arena a = arenaOf(h);
        if (n <= s) {
            shrink(a, h, hdr, n);
        } else if (!growInPlace(a, h, hdr, n)) {
            return move(va, s - HEADER, size, n);
        }
        version++;
        return va;
    }

    /** Realloc by moving: a new slot or block for {@code size} bytes, the {@code usable} bytes copied, the old one freed; 0 (nothing changed) if none. */
    private long move(long va, long usable, long size, long n) {
        long nva = allocate(size, n);
        if (nva == 0) {
            failures++;
            return 0;
        }
        mem.copy(nva, va, Math.min(usable, size));
        free(va);
        return nva;
    }

    /** Cuts the allocated block at {@code h} down to {@code n} bytes if the rest can be a block of its own, freeing the rest. */
    private void shrink(Arena a, long h, long hdr, long n) {
        long s = hdr & SIZE_MASK;
        long r = s - n;
        if (r < MIN_BLOCK) {
            return;
        }
        mem.write64(h, n | (hdr & PREV_FREE));
        mem.write64(h + n, r);
        resized(s, n);
        release(a, h + n, r);
    }

    /** Grows the block at {@code h} to {@code n} bytes where it is: into the wilderness, or into a free next block. */
    private boolean growInPlace(Arena a, long h, long hdr, long n) {
        long s = hdr & SIZE_MASK;
        long next = h + s;
        if (next == a.top) {
            if (a.end - h < n || !mapUpTo(a, Pages.up(h + n))) {
                return false;
            }
            mem.write64(h, n | (hdr & PREV_FREE));
            a.setTop(h + n);
            resized(s, n);
            return true;
        }
        long nhdr = mem.read64(next);
        long ns = nhdr & SIZE_MASK;
        if ((nhdr & FREE) == 0 || s + ns < n) {
            return false;
        }
        long r = s + ns - n;
        long rest = r >= MIN_BLOCK ? r : 0;
        long keptFlag = takeHole(next, nhdr, h + n, rest);
        if (keptFlag < 0) {
            return false;
        }
        a.remove(next, ns);
        if (rest > 0) {
            mem.write64(h, n | (hdr & PREV_FREE));
            makeFree(a, h + n, r, keptFlag);
            freeBytes -= ns - r;
            resized(s, n);
        } else {
            mem.write64(h, (s + ns) | (hdr & PREV_FREE));
            long after = next + ns;
            mem.write64(after, mem.read64(after) & ~PREV_FREE);
            freeBlocks--;
            freeBytes -= ns;
            resized(s, s + ns);
        }
        return true;
    }

    @Override
    public long calloc(long count, long size) {
        alive();
        if (count < 0 || size < 0) {
            throw new HeapException(0, "calloc(" + count + ", " + size + "): negative count or size");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, size);
        } catch (ArithmeticException overflow) {
            failures++;
            return 0;
        }
        if (bytes > mem.limit() - mem.base()) {
            failures++;
            return 0;
        }
        long va = malloc(bytes);
        if (va != 0) {
            mem.fill(va, bytes, (byte) 0);
        }
        return va;
    }

    @Override
    public long alignedAlloc(long alignment, long size) {
        alive();
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new HeapException(0, "alignedAlloc: alignment " + alignment + " is not a power of two");
        }
        if (alignment <= SizeClasses.GRANULE) {
            return malloc(size);
        }
        long n = blockSize(size, "alignedAlloc");
        if (alignment > mem.limit() - mem.base()) {
            throw new HeapException(0, "alignedAlloc: alignment " + hex(alignment) + " is larger than the heap's range");
        }
        long p = alignedBlock(alignment, size, n);
        if (p == 0) {
            failures++;
            return 0;
        }
        mallocs++;
        return p;
    }

    /**
     * A live block of {@code size} bytes ({@code n}, its block size) whose payload is a multiple of
     * {@code alignment} (more than 16): a block large enough to hold one, its front given back as a
     * free block and its tail cut off; 0 if none could be had.
     */
    private long alignedBlock(long alignment, long size, long n) {
        long request = size + alignment + 2 * MIN_BLOCK;
        long h = place(request, blockSize(request, "alignedAlloc"));
        if (h == 0) {
            return 0;
        }
        long va = admit(h);
        Arena a = arenaOf(h);
        long p = va;
        if (va % alignment != 0) {
            // Give the front back as a free block: a payload aligned at least MIN_BLOCK in leaves room for one.
            p = (va + MIN_BLOCK + alignment - 1) & -alignment;
            long hdr = mem.read64(h);
            long front = p - va;
            long whole = hdr & SIZE_MASK;
            mem.write64(p - HEADER, whole - front);
            live.remove(va);
            live.add(p);
            resized(whole, whole - front);
            release(a, h, front | (hdr & PREV_FREE));
        }
        shrink(a, p - HEADER, mem.read64(p - HEADER), n);
        version++;
        return p;
    }

    @Override
    public long usableSize(long va) {
        alive();
        long h = liveHeader(va, "usableSize");
        return isSlot(va) ? slabs.slotSizeOf(va & -Slabs.PAGE) : (mem.read64(h) & SIZE_MASK) - HEADER;
    }

    /** The whole block a request of {@code size} bytes needs: header plus payload, rounded to 16, at least MIN_BLOCK. */
    long blockSize(long size, String op) {
        if (size < 0 || size > mem.limit() - mem.base()) {
            throw new HeapException(0, op + "(" + size + "): the size is " + (size < 0 ? "negative" : "larger than the heap's range of "
                    + hex(mem.limit() - mem.base()) + " bytes"));
        }
        return Math.max(MIN_BLOCK, (size + HEADER + SizeClasses.GRANULE - 1) & SIZE_MASK);
    }

    /** The header of the live block whose payload is {@code va}. @throws HeapException naming the address if there is none */
    private long liveHeader(long va, String op) {
        if (!live.contains(va)) {
            throw new HeapException(va, op + "(" + hex(va) + "): " + whyNotLive(va));
        }
        return va - HEADER;
    }

    private String whyNotLive(long va) {
        if ((va & (SizeClasses.GRANULE - 1)) != 0) {
            return "not a block: payloads are 16-byte aligned";
        }
        if (va < mem.base() + HeapMemory.CONTROL_BYTES || va >= mem.limit()) {
            return "not a block: outside the heap's blocks " + hex(mem.base() + HeapMemory.CONTROL_BYTES) + "-" + hex(mem.limit());
        }
        if (slabs.isSlot(va)) {
            long page = va & -Slabs.PAGE;
            long slot = slabs.slotSizeOf(page);
            if (Slabs.slotIndex(page, slot, va) < 0) {
                return "not a slot start: slab page " + hex(page) + " has " + slot + "-byte slots from " + hex(page + Slabs.HEADER_BYTES);
            }
            return "the " + slot + "-byte slot is already free (double free or use after free)";
        }
        if (mem.isMapped(va - HEADER) && (mem.read64(va - HEADER) & FREE) != 0) {
            return "the block is already free (double free or use after free)";
        }
        return "no live block starts there (freed already, or not a block start)";
    }

    Arena arenaOf(long h) {
        return arenas.length == 1 || h < arenas[1].start ? arenas[0] : arenas[1];
    }

    @Override
    public List<HeapBlock> blocks() {
        alive();
        List<HeapBlock> out = new ArrayList<>();
        for (Arena a : arenas) {
            for (long h = a.first; h < a.top;) {
                long hdr = mem.read64(h);
                long s = hdr & SIZE_MASK;
                if (s < MIN_BLOCK || h + s > a.top) {
                    break; // check() names it; a view shows what is sound
                }
                if ((hdr & FREE) == 0 && slabs.pages.contains(h + HEADER)) {
                    slabPieces(h, s, out);
                } else {
                    out.add(new HeapBlock(h, h + HEADER, s, (hdr & FREE) != 0));
                }
                h += s;
            }
        }
        return out;
    }

    /** The slab page in block {@code (h, s)} as pieces: block and page header, each slot (free by the page's chain), the tail. */
    private void slabPieces(long h, long s, List<HeapBlock> out) {
        long page = h + HEADER;
        long slot = Slabs.slotSizeIn(mem.read64(page + Slabs.KIND));
        if (slot == 0) {
            out.add(new HeapBlock(h, h + s, s, false, HeapBlock.Kind.SLAB)); // check() names it
            return;
        }
        java.util.BitSet free = slabs.freeSlots(page);
        long first = page + Slabs.HEADER_BYTES;
        out.add(new HeapBlock(h, first, first - h, false, HeapBlock.Kind.SLAB));
        int count = Slabs.slotCount(slot);
        for (int i = 0; i < count; i++) {
            long at = first + i * slot;
            out.add(new HeapBlock(at, at, slot, free.get(i), HeapBlock.Kind.SLOT));
        }
        long tail = first + count * slot;
        if (tail < h + s) {
            out.add(new HeapBlock(tail, h + s, h + s - tail, false, HeapBlock.Kind.SLAB));
        }
    }

    @Override
    public List<FreeList> freeLists() {
        alive();
        List<FreeList> out = new ArrayList<>();
        for (Arena a : arenas) {
            for (int list = 0; list < SizeClasses.LIST_COUNT; list++) {
                List<Long> blocks = new ArrayList<>();
                for (long b = a.head(list); b != 0 && blocks.size() <= freeBlocks; b = mem.read64(b + Arena.NEXT)) {
                    blocks.add(b);
                }
                if (!blocks.isEmpty()) {
                    out.add(new FreeList(arenaName(a) + " " + SizeClasses.lowerBound(list) + "-"
                            + (SizeClasses.upperBound(list) - 1) + " bytes", blocks));
                }
            }
        }
        for (int c = 1; c <= Slabs.MAX_SLOT / SizeClasses.GRANULE; c++) {
            List<Long> pages = new ArrayList<>();
            for (long p = slabs.head(c); p != 0 && pages.size() <= slabs.pageCount(); p = mem.read64(p + Slabs.NEXT)) {
                pages.add(p);
            }
            if (!pages.isEmpty()) {
                out.add(new FreeList("slab " + Slabs.slotSize(c) + "-byte slots: partial pages", pages));
            }
        }
        return out;
    }

    String arenaName(Arena a) {
        return arenas.length == 1 ? "arena" : a.index == SMALL ? "small" : "large";
    }

    @Override
    public List<String> check() {
        alive();
        return new TlsfCheck(this).run();
    }

    /**
     * The counters (O(1)); mappedBytes from the memory's page count. largestFree is the largest of at
     * most FIT_PROBES blocks of each arena's highest non-empty class, so it stays O(1): exact unless
     * that class holds more blocks than that.
     */
    @Override
    public HeapStats stats() {
        long largest = 0;
        for (Arena a : arenas) {
            int list = a.highestNonEmpty();
            int probes = 0;
            for (long b = list < 0 ? 0 : a.head(list); b != 0 && probes < FIT_PROBES; b = mem.read64(b + Arena.NEXT), probes++) {
                largest = Math.max(largest, mem.read64(b) & SIZE_MASK);
            }
        }
        return new HeapStats(liveBlocks, liveBytes, freeBlocks, freeBytes, largest,
                destroyed ? 0 : mem.mappedPages() * HeapMemory.PAGE_SIZE, mallocs, frees, failures);
    }

    @Override
    public HeapState exportState() {
        alive();
        List<HeapState.LiveBlock> out = new ArrayList<>();
        for (HeapBlock b : blocks()) {
            if (b.live()) {
                out.add(new HeapState.LiveBlock(b.payload(), b.usable()));
            }
        }
        return new HeapState(NAME, out);
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        for (Arena a : arenas) {
            long cursor = a.floor();
            long end = a.mapped;
            for (long h = a.first; h < a.top;) {
                long hdr = mem.read64(h);
                long s = hdr & SIZE_MASK;
                if ((hdr & (FREE | HOLE_MAPPED)) == FREE && holeLo(h) < holeHi(h, s)) {
                    Pages.unmap(mem, cursor, holeLo(h));
                    cursor = holeHi(h, s);
                }
                h += s;
            }
            Pages.unmap(mem, cursor, end);
        }
        mem.unmapPages(mem.base(), 1);
        live.clear();
        slabs.clear();
        retainedPages = 0;
        keptHead = 0;
        keptTail = 0;
        destroyed = true;
        version++;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("tlsf: two-level segregated fits, O(1) malloc/free/realloc; ").append(SizeClasses.FL_COUNT)
                .append(" first-level x ").append(SizeClasses.SL_COUNT).append(" second-level classes per arena, bitmaps + find-first-set\n");
        sb.append("  blocks: 8-byte header (size|free|prev-free), 16-aligned payloads; free blocks hold links and a footer; immediate coalescing\n");
        sb.append("  placement: requests <= ").append(options.smallMax()).append(" bytes in the small arena (or a free block of the large one before growing), larger in the large one;"
                + " each grows at its top; free interior pages stay mapped for reuse while the heap is under its high-water mark"
                + " of mapped pages and are unmapped, oldest first, before it would pass it; pages past a top beyond keep.pages go back\n");
        sb.append("  control block: ").append(hex(mem.base())).append(" (").append(Slabs.CONTROL_END)
                .append(" bytes: words, arena indexes, slab partial lists)\n");
        for (Arena a : arenas) {
            sb.append("  ").append(arenaName(a)).append(" arena: ").append(hex(a.start)).append("-").append(hex(a.end))
                    .append(", top ").append(hex(a.top)).append("\n");
        }
        sb.append("  slabs: requests <= ").append(slabs.maxSlot).append(" bytes in header-less slots of 16-byte classes, ")
                .append(Slabs.HEADER_BYTES).append("-byte page header, once a class has ").append(slabs.threshold)
                .append(" live blocks of about its size; ").append(slabs.pageCount()).append(" slab page(s), ").append(slabs.liveSlots())
                .append(" live slots\n");
        sb.append("  options: arenas=").append(arenas.length).append(", small.max=").append(options.smallMax())
                .append(", keep.pages=").append(options.keepPages()).append(" (").append(retainedPages).append(" hole pages kept now, high-water mark ")
                .append(highWater).append(" pages)");
        return sb.toString();
    }

    @Override
    public long version() {
        return version;
    }

    private void alive() {
        if (destroyed) {
            throw new HeapException(mem.base(), "tlsf heap at " + hex(mem.base()) + " is destroyed");
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    void restoreCounters(long blocks, long bytes, long fBlocks, long fBytes) {
        liveBlocks = blocks;
        liveBytes = bytes;
        freeBlocks = fBlocks;
        freeBytes = fBytes;
    }
}
