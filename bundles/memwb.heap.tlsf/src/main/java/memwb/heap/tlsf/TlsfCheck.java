package memwb.heap.tlsf;

import static memwb.heap.tlsf.TlsfHeap.FREE;
import static memwb.heap.tlsf.TlsfHeap.HEADER;
import static memwb.heap.tlsf.TlsfHeap.MIN_BLOCK;
import static memwb.heap.tlsf.TlsfHeap.PREV_FREE;
import static memwb.heap.tlsf.TlsfHeap.SIZE_MASK;
import static memwb.heap.tlsf.TlsfHeap.hex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import memwb.api.heap.HeapMemory;

/**
 * malloc-lab's checker for the TLSF heap, reading RAM: first every block in address order (size,
 * alignment, flags, footers, neighbours, pages), so the first broken block is named first; then every
 * free list and bitmap bit against what the walk found; then the page count.
 */
final class TlsfCheck {
    /** Bits of a header that are neither size nor a flag: must be 0. */
    private static final long UNUSED_BITS = ~SIZE_MASK & ~(FREE | PREV_FREE | TlsfHeap.HOLE_MAPPED);
    private final TlsfHeap heap;
    private final HeapMemory mem;
    private final List<String> problems = new ArrayList<>();
    private final Map<Long, Long> freeByWalk = new HashMap<>();
    private long allocated;
    private long expectedPages = 1;
    private long retained;
    /** Free blocks the walk found with HOLE_MAPPED, which the kept-hole list must hold exactly. */
    private final java.util.Set<Long> keptByWalk = new java.util.HashSet<>();
    /** Slab pages the walk found with a free slot, and their class, which the partial lists must hold exactly. */
    private final Map<Long, Integer> partialByWalk = new HashMap<>();
    private long slabPagesWalked;

    TlsfCheck(TlsfHeap heap) {
        this.heap = heap;
        this.mem = heap.mem;
    }

    List<String> run() {
        if (!mem.isMapped(mem.base()) || mem.read64(mem.base()) != TlsfHeap.MAGIC) {
            problems.add("control block at " + hex(mem.base()) + ": not mapped or no TLSF magic");
            return problems;
        }
        for (Arena a : heap.arenas) {
            walk(a);
        }
        keptList();
        slabLists();
        for (Arena a : heap.arenas) {
            lists(a);
        }
        if (allocated != heap.live.size()) {
            problems.add("live blocks: " + allocated + " in RAM but " + heap.live.size() + " handed out");
        }
        if (retained != heap.retainedPages) {
            problems.add("kept hole pages: " + retained + " in RAM but " + heap.retainedPages + " counted");
        }
        if (mem.mappedPages() != expectedPages) {
            problems.add("pages: " + mem.mappedPages() + " mapped but the blocks account for " + expectedPages);
        }
        return problems;
    }

    private void walk(Arena a) {
        String name = heap.arenaName(a) + " arena";
        if (a.topInRam() != a.top) {
            problems.add(name + ": top in RAM " + hex(a.topInRam()) + " but " + hex(a.top) + " in use");
        }
        if (a.top > a.first) {
            expectedPages += (a.mapped - a.floor()) / Pages.SIZE;
        } else {
            expectedPages += (a.mapped - a.floor()) / Pages.SIZE; // pages kept past an empty arena's top
        }
        if (a.mappedInRam() != a.mapped || a.mapped < TlsfHeap.floorOf(a, a.top) || a.mapped > a.end) {
            problems.add(name + ": mapped end " + hex(a.mappedInRam()) + " in RAM, " + hex(a.mapped) + " in use, top " + hex(a.top));
        }
        boolean prevFree = false;
        for (long h = a.first; h < a.top;) {
            if (!mem.isMapped(h)) {
                problems.add("block at " + hex(h) + ": header page not mapped");
                return;
            }
            long hdr = mem.read64(h);
            long s = hdr & SIZE_MASK;
            boolean free = (hdr & FREE) != 0;
            if (s < MIN_BLOCK || (hdr & UNUSED_BITS) != 0 || h + s > a.top) {
                problems.add("block at " + hex(h) + ": bad header " + hex(hdr) + " (size " + s + ", "
                        + name + " top " + hex(a.top) + ")");
                return;
            }
            if (((h + HEADER) & (SizeClasses.GRANULE - 1)) != 0) {
                problems.add("block at " + hex(h) + ": payload " + hex(h + HEADER) + " not 16-byte aligned");
            }
            if (((hdr & PREV_FREE) != 0) != prevFree) {
                problems.add("block at " + hex(h) + ": prev-free flag " + ((hdr & PREV_FREE) != 0)
                        + " but the previous block is " + (prevFree ? "free" : "allocated"));
            }
            if (free && prevFree) {
                problems.add("block at " + hex(h) + ": free next to a free block (missed coalescing)");
            }
            if (!free && (hdr & TlsfHeap.HOLE_MAPPED) != 0) {
                problems.add("block at " + hex(h) + ": allocated but flagged hole-mapped");
            }
            if (free) {
                freeBlock(h, s, (hdr & TlsfHeap.HOLE_MAPPED) != 0);
            } else if (heap.slabs.pages.contains(h + HEADER)) {
                slabPage(h, s);
            } else {
                allocated++;
                if (!heap.live.contains(h + HEADER)) {
                    problems.add("block at " + hex(h) + ": allocated in RAM but never handed out");
                }
                pagesMapped(h, h + s, "block at " + hex(h));
            }
            prevFree = free;
            h += s;
        }
        if (prevFree) {
            problems.add(name + ": the block before the top " + hex(a.top) + " is free (should have joined the wilderness)");
        }
    }

    /**
     * The slab page in allocated block {@code (h, s)}: its header (magic, slot size, live slots as
     * handed out), its free chain (inside its slots, on slot starts, no live slot, no repeat, as many
     * as its free slots), its pages.
     */
    private void slabPage(long h, long s) {
        long page = h + HEADER;
        String what = "slab page " + hex(page);
        slabPagesWalked++;
        pagesMapped(h, h + s, what);
        if (s < Slabs.PAGE) {
            problems.add(what + ": its block is " + s + " bytes, less than a page");
            return;
        }
        long kind = mem.read64(page + Slabs.KIND);
        long slot = Slabs.slotSizeIn(kind);
        if (slot == 0) {
            problems.add(what + ": bad page header " + hex(kind) + " (no SLAB magic or slot size " + (kind >>> 32) + ")");
            return;
        }
        int count = Slabs.slotCount(slot);
        long first = page + Slabs.HEADER_BYTES;
        int live = 0;
        for (int i = 0; i < count; i++) {
            if (heap.live.contains(first + i * slot)) {
                live++;
            }
        }
        allocated += live;
        long used = mem.read64(page + Slabs.USED);
        if (used != live || live == 0) {
            problems.add(what + ": " + used + " live slots in its header, " + live + " handed out"
                    + (live == 0 ? " (an empty slab page should have gone back)" : ""));
        }
        java.util.BitSet seen = new java.util.BitSet(count);
        int free = 0;
        for (long f = mem.read64(page + Slabs.FREE_HEAD); f != 0; f = mem.read64(f)) {
            int i = Slabs.slotIndex(page, slot, f);
            if (i < 0 || seen.get(i) || heap.live.contains(f)) {
                problems.add(what + ": its free-slot chain links " + hex(f)
                        + ", which is no free slot of the page (outside its slots, not a slot start, live, or linked twice)");
                return;
            }
            seen.set(i);
            free++;
        }
        if (free != count - live) {
            problems.add(what + ": " + free + " slots on its free chain but " + (count - live) + " free");
        }
        if (free > 0) {
            partialByWalk.put(page, (int) (slot / SizeClasses.GRANULE));
        }
    }

    /** Each class's partial list: head as in use, every page a slab page of that class with a free slot, links both ways, none missing. */
    private void slabLists() {
        for (int c = 1; c <= Slabs.MAX_SLOT / SizeClasses.GRANULE; c++) {
            String name = "slab " + Slabs.slotSize(c) + "-byte list";
            long head = heap.slabs.headInRam(c);
            if (head != heap.slabs.head(c)) {
                problems.add(name + ": head in RAM " + hex(head) + " but " + hex(heap.slabs.head(c)) + " in use");
            }
            long prev = 0;
            for (long p = head; p != 0; p = mem.read64(p + Slabs.NEXT)) {
                Integer cls = partialByWalk.remove(p);
                if (cls == null || cls != c) {
                    problems.add(name + ": links " + hex(p) + ", which is no slab page of this class with a free slot (or is linked twice)");
                    break;
                }
                if (mem.read64(p + Slabs.PREV) != prev) {
                    problems.add("slab page " + hex(p) + ": prev link " + hex(mem.read64(p + Slabs.PREV)) + ", expected " + hex(prev));
                }
                prev = p;
            }
        }
        for (long p : partialByWalk.keySet()) {
            problems.add("slab page " + hex(p) + ": has free slots but is on no partial list");
        }
        if (slabPagesWalked != heap.slabs.pageCount()) {
            problems.add("slab pages: " + slabPagesWalked + " in RAM but " + heap.slabs.pageCount() + " counted");
        }
    }

    private void freeBlock(long h, long s, boolean holeKept) {
        freeByWalk.put(h, s);
        String what = "free block at " + hex(h);
        long lo = Pages.holeLo(h);
        long hi = Pages.holeHi(h, s);
        pagesMapped(h, Math.min(h + s, Math.max(lo, h + Pages.FREE_HEAD)), what);
        pagesMapped(h + s - Pages.FOOTER, h + s, what);
        if (mem.isMapped(h + s - Pages.FOOTER) && mem.read64(h + s - Pages.FOOTER) != s) {
            problems.add(what + ": footer " + hex(mem.read64(h + s - Pages.FOOTER)) + " differs from its size " + hex(s));
        }
        if (holeKept) {
            retained += Pages.holePages(h, s);
            keptByWalk.add(h);
            if (Pages.holePages(h, s) == 0) {
                problems.add(what + ": flagged hole-mapped but has no hole pages");
            }
            pagesMapped(lo, hi, what + " (hole kept mapped)");
            return;
        }
        for (long p = lo; p < hi; p += Pages.SIZE) {
            if (mem.isMapped(p)) {
                problems.add(what + ": interior page " + hex(p) + " still mapped");
                break;
            }
        }
        expectedPages -= Pages.holePages(h, s);
    }

    private void pagesMapped(long from, long to, String what) {
        for (long p = Pages.down(from); p < to; p += Pages.SIZE) {
            if (!mem.isMapped(p)) {
                problems.add(what + ": page " + hex(p) + " not mapped (outside the mapped region)");
                return;
            }
        }
    }

    /** The kept-hole list: control words as in use, every link a kept free block, links both ways, every kept block on it once. */
    private void keptList() {
        long head = mem.read64(mem.base() + TlsfHeap.KEPT_HEAD_OFFSET);
        long tail = mem.read64(mem.base() + TlsfHeap.KEPT_TAIL_OFFSET);
        if (head != heap.keptHead || tail != heap.keptTail) {
            problems.add("kept-hole list: head/tail in RAM " + hex(head) + "/" + hex(tail) + " but " + hex(heap.keptHead) + "/"
                    + hex(heap.keptTail) + " in use");
            return;
        }
        java.util.Set<Long> unseen = new java.util.HashSet<>(keptByWalk);
        long newer = 0;
        for (long node = head; node != 0; node = mem.read64(node + TlsfHeap.KEPT_OLDER)) {
            long h = mem.isMapped(node) ? mem.read64(node + TlsfHeap.KEPT_BLOCK) : 0;
            if (!unseen.remove(h) || node != TlsfHeap.keptNode(h, freeSize(h))) {
                problems.add("kept-hole list: node " + hex(node) + " names " + hex(h)
                        + ", which is no free block with a kept hole ending at that node (or is linked twice)");
                return;
            }
            long back = mem.read64(node + TlsfHeap.KEPT_NEWER);
            if (back != newer) {
                problems.add("kept-hole list: node " + hex(node) + " of block " + hex(h) + " links back to " + hex(back) + ", expected "
                        + hex(newer));
            }
            newer = node;
        }
        if (newer != tail) {
            problems.add("kept-hole list: ends at " + hex(newer) + " but its tail says " + hex(tail));
        }
        for (long h : unseen) {
            problems.add("free block at " + hex(h) + ": hole kept mapped but not on the kept-hole list");
        }
    }

    private long freeSize(long h) {
        Long s = freeByWalk.get(h);
        return s == null ? 0 : s;
    }

    private void lists(Arena a) {
        String name = heap.arenaName(a) + " arena";
        if (a.flMapInRam() != a.flMap()) {
            problems.add(name + ": first-level bitmap in RAM " + hex(a.flMapInRam()) + " but " + hex(a.flMap()) + " in use");
        }
        for (int fl = 0; fl < SizeClasses.FL_COUNT; fl++) {
            long sl = a.slMapInRam(fl);
            if (sl != a.slMap(fl)) {
                problems.add(name + ": second-level bitmap " + fl + " in RAM " + hex(sl) + " but " + hex(a.slMap(fl)) + " in use");
            }
            if ((sl != 0) != ((a.flMapInRam() >>> fl & 1) != 0)) {
                problems.add(name + ": first-level bit " + fl + " disagrees with its second-level bitmap " + hex(sl));
            }
        }
        for (int list = 0; list < SizeClasses.LIST_COUNT; list++) {
            long head = a.headInRam(list);
            if (head != a.head(list)) {
                problems.add(name + ": list " + list + " head in RAM " + hex(head) + " but " + hex(a.head(list)) + " in use");
            }
            boolean bit = (a.slMapInRam(list / SizeClasses.SL_COUNT) >>> (list % SizeClasses.SL_COUNT) & 1) != 0;
            if (bit != (head != 0)) {
                problems.add(name + ": bitmap bit of list " + list + " is " + bit + " but the list is " + (head == 0 ? "empty" : "not empty"));
            }
            long prev = 0;
            for (long b = head; b != 0; b = mem.read64(b + Arena.NEXT)) {
                Long s = freeByWalk.remove(b);
                if (s == null || b < a.first || b >= a.top) {
                    problems.add(name + ": list " + list + " links " + hex(b) + ", which is no free block of this arena (or is on two lists)");
                    break;
                }
                if (SizeClasses.listOf(s) != list) {
                    problems.add("free block at " + hex(b) + ": size " + s + " on the wrong list (" + SizeClasses.lowerBound(list)
                            + "-" + (SizeClasses.upperBound(list) - 1) + " bytes)");
                }
                if (mem.read64(b + Arena.PREV) != prev) {
                    problems.add("free block at " + hex(b) + ": prev link " + hex(mem.read64(b + Arena.PREV)) + ", expected " + hex(prev));
                }
                prev = b;
            }
        }
        for (Map.Entry<Long, Long> e : freeByWalk.entrySet()) {
            if (e.getKey() >= a.start && e.getKey() < a.end) {
                problems.add("free block at " + hex(e.getKey()) + ": on no free list");
            }
        }
    }
}
