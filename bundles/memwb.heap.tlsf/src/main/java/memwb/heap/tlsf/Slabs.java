package memwb.heap.tlsf;

import java.util.BitSet;

import memwb.api.heap.HeapMemory;

/**
 * Slab pages: small requests (at most {@code slab.max} bytes) served from pages of header-less slots
 * of one size class, as SerenityOS's kmalloc and Linux's SLUB do. A TLSF block carries an 8-byte
 * header, so a 32-byte request costs a 48-byte block; a slot costs 32 bytes. On python3's trace
 * two thirds of the requests are this small, and slabs lift its utilisation from 0.83 to 0.90.
 *
 * <p>A slab page is one page-aligned TLSF block of a page (its TLSF header is the last word of the
 * page before, so the page's own last word is the next block's header). The page starts with a
 * {@link #HEADER_BYTES}-byte header in RAM, then its slots:
 * <pre>
 *   +0  slot size << 32 | "SLAB"     +8  live slots     +16 first free slot (0: full)
 *   +24 next partial page            +32 previous partial page (0: none)
 * </pre>
 * A free slot's first word links the next free slot of its page. Pages with a free slot are on
 * their class's doubly linked partial list, whose heads are words of the control block; a page
 * whose last slot is freed goes back to TLSF. Malloc and free of a slot are O(1): a list head, a
 * slot link and two header words.
 *
 * <p>A class gets pages only once the heap holds {@code slab.threshold} live blocks of about its
 * size ({@link #wants}): a heap with a handful of small blocks does not spend a page per class on
 * them (in the model that preceded this class, realloc's trace, with eight, fell from 0.96 to 0.82
 * without a threshold). The host keeps write-through copies of the
 * partial heads, the set of slab pages (so free tells a slot from a block without trusting RAM) and
 * the counts behind the threshold.
 */
final class Slabs {
    static final long PAGE = Pages.SIZE;
    static final long MAGIC = 0x42414C53L; // "SLAB" little-endian
    static final long HEADER_BYTES = 48;
    static final long KIND = 0;
    static final long USED = 8;
    static final long FREE_HEAD = 16;
    static final long NEXT = 24;
    static final long PREV = 32;
    /** Slots end before the page's last word, the header of the TLSF block after the slab's. */
    static final long SLOTS_END = PAGE - TlsfHeap.HEADER;
    /** The largest slab.max: the control block has room for this many classes' partial heads. */
    static final long MAX_SLOT = 256;
    /** Control block: the partial-list head of class c (slot size 16c) at {@code HEADS_OFFSET + 8 (c - 1)}. */
    static final long HEADS_OFFSET = TlsfHeap.CONTROL_USED;
    /** Bytes of the control block in use, partial-list heads included (below its last word, the first block's header). */
    static final long CONTROL_END = HEADS_OFFSET + 8 * (MAX_SLOT / SizeClasses.GRANULE);

    private final HeapMemory mem;
    /** Largest slot (0: no new slab pages) and the live blocks a class needs before it gets pages. */
    final long maxSlot;
    final long threshold;
    final AddressSet pages;
    /** Per class (index = slot size / 16; 0 unused): partial-list head, live slots. */
    private final long[] heads;
    private final long[] liveSlots;
    /** Live TLSF blocks by block size / 16, up to the block a request of maxSlot takes. */
    private final long[] liveSmallBlocks;

    Slabs(HeapMemory mem, long maxSlot, long threshold, Arena[] arenas) {
        this.mem = mem;
        this.maxSlot = maxSlot;
        this.threshold = threshold;
        this.pages = AddressSet.of(AddressSet.PAGES, arenas);
        int classes = (int) (MAX_SLOT / SizeClasses.GRANULE) + 1;
        this.heads = new long[classes];
        this.liveSlots = new long[classes];
        this.liveSmallBlocks = new long[classes + 2];
    }

    /** Where the control block of the heap in {@code mem} keeps class {@code c}'s partial-list head. */
    static long headWord(HeapMemory mem, long c) {
        return mem.base() + HEADS_OFFSET + 8 * (c - 1);
    }

    /** Writes empty partial lists for every class to the control block. */
    static void writeHeads(HeapMemory mem) {
        mem.fill(mem.base() + HEADS_OFFSET, 8 * (MAX_SLOT / SizeClasses.GRANULE), (byte) 0);
    }

    /** The class (slot size / 16) of a request of {@code size} bytes, 0 &lt; size &lt;= maxSlot; 1 for 0 bytes. */
    static int classOf(long size) {
        return (int) ((Math.max(size, 1) + SizeClasses.GRANULE - 1) / SizeClasses.GRANULE);
    }

    static long slotSize(int c) {
        return (long) c * SizeClasses.GRANULE;
    }

    static int slotCount(long slotSize) {
        return (int) ((SLOTS_END - HEADER_BYTES) / slotSize);
    }

    /** The slot size a page header's first word declares, or 0 if it is no slab page header (no magic, or no slot class). */
    static long slotSizeIn(long kind) {
        long slot = kind >>> 32;
        boolean valid = (kind & 0xffff_ffffL) == MAGIC && slot >= SizeClasses.GRANULE && slot <= MAX_SLOT
                && slot % SizeClasses.GRANULE == 0;
        return valid ? slot : 0;
    }

    /** The number of the slot starting at {@code va} in {@code page} of {@code slotSize}-byte slots, or -1 if no slot starts there. */
    static int slotIndex(long page, long slotSize, long va) {
        long at = va - (page + HEADER_BYTES);
        return at < 0 || at % slotSize != 0 || at / slotSize >= slotCount(slotSize) ? -1 : (int) (at / slotSize);
    }

    /** True if a request of {@code size} bytes is served from a slab now (or once its class opens a page). */
    boolean serves(long size) {
        return size <= maxSlot;
    }

    /**
     * True if class {@code c} has a partial page, or has enough live blocks to be worth one: its slots
     * and the TLSF blocks its requests take (16c - 15 to 16c bytes plus an 8-byte header, rounded to
     * 16: blocks of 16c or 16c + 16 bytes; a block does not say which request made it, so a
     * neighbouring class's blocks of those sizes count too).
     */
    boolean wants(int c) {
        return heads[c] != 0 || liveSlots[c] + liveSmallBlocks[c] + liveSmallBlocks[c + 1] >= threshold;
    }

    boolean isSlot(long va) {
        return pages.contains(va & -PAGE);
    }

    /** Counts a live TLSF block of {@code blockSize} bytes coming ({@code delta} 1) or going (-1), for the threshold. */
    void countBlock(long blockSize, int delta) {
        int i = (int) (blockSize / SizeClasses.GRANULE);
        if (i < liveSmallBlocks.length) {
            liveSmallBlocks[i] += delta;
        }
    }

    long head(int c) {
        return heads[c];
    }

    long headInRam(int c) {
        return mem.read64(headWord(mem, c));
    }

    long slotSizeOf(long page) {
        return mem.read64(page + KIND) >>> 32;
    }

    long usedOf(long page) {
        return mem.read64(page + USED);
    }

    /** A free slot of class {@code c}'s first partial page, taken; 0 if the class has no partial page. */
    long take(int c) {
        long page = heads[c];
        if (page == 0) {
            return 0;
        }
        long slot = mem.read64(page + FREE_HEAD);
        long next = mem.read64(slot);
        mem.write64(page + FREE_HEAD, next);
        mem.write64(page + USED, mem.read64(page + USED) + 1);
        if (next == 0) {
            unlink(c, page); // full: off the partial list
        }
        liveSlots[c]++;
        return slot;
    }

    /**
     * Makes the block payload {@code page} (a page-aligned block of at least a page) a slab page of
     * class {@code c}, every slot free and chained in address order, first on the class's partial list.
     */
    void open(int c, long page) {
        long size = slotSize(c);
        long first = page + HEADER_BYTES;
        long last = first + (slotCount(size) - 1) * size;
        mem.write64(page + KIND, size << 32 | MAGIC);
        mem.write64(page + USED, 0);
        mem.write64(page + FREE_HEAD, first);
        for (long s = first; s < last; s += size) {
            mem.write64(s, s + size);
        }
        mem.write64(last, 0);
        push(c, page);
        pages.add(page);
    }

    /**
     * Gives back {@code slot} (a live slot). Returns its page if that was its last live slot: the
     * page is off the partial list and no slab any more, for the caller to free as a TLSF block; else 0.
     */
    long give(long slot) {
        long page = slot & -PAGE;
        long size = slotSizeOf(page);
        int c = (int) (size / SizeClasses.GRANULE);
        long head = mem.read64(page + FREE_HEAD);
        long used = mem.read64(page + USED) - 1;
        liveSlots[c]--;
        if (used == 0) {
            if (head != 0) {
                unlink(c, page);
            }
            mem.write64(page + KIND, 0); // no stale magic for an adoption to find in the freed block
            pages.remove(page);
            return page;
        }
        mem.write64(slot, head);
        mem.write64(page + FREE_HEAD, slot);
        mem.write64(page + USED, used);
        if (head == 0) {
            push(c, page); // it was full
        }
        return 0;
    }

    /** The free slots of {@code page} by its chain in RAM (index = slot number); stops at a link that leaves the page's slots or repeats. */
    BitSet freeSlots(long page) {
        long size = slotSizeOf(page);
        int count = slotCount(size);
        BitSet free = new BitSet(count);
        for (long s = mem.read64(page + FREE_HEAD); s != 0; s = mem.read64(s)) {
            int i = slotIndex(page, size, s);
            if (i < 0 || free.get(i)) {
                break;
            }
            free.set(i);
        }
        return free;
    }

    /**
     * Re-creates a slab page from adopted live slots {@code live} (slot numbers): its header, and its
     * free chain, kept as RAM has it if that chain links exactly the free slots (a snapshot reopens
     * with every byte as it was), else rebuilt in address order. The caller links the partial lists
     * ({@link #relink}). Returns true if the page has a free slot.
     */
    boolean adopt(int c, long page, BitSet live) {
        long size = slotSize(c);
        int count = slotCount(size);
        mem.write64(page + KIND, size << 32 | MAGIC);
        mem.write64(page + USED, live.cardinality());
        BitSet chained = freeSlots(page);
        boolean chainIsExact = !chained.intersects(live) && chained.cardinality() == count - live.cardinality()
                && chainLength(page, count) == chained.cardinality();
        if (!chainIsExact) {
            long next = 0;
            for (int i = count - 1; i >= 0; i--) {
                if (!live.get(i)) {
                    long s = page + HEADER_BYTES + i * size;
                    mem.write64(s, next);
                    next = s;
                }
            }
            mem.write64(page + FREE_HEAD, next);
        }
        pages.add(page);
        liveSlots[c] += live.cardinality();
        return live.cardinality() < count;
    }

    /** Links of the free chain of {@code page} up to its end or {@code count + 1}, whichever comes first. */
    private long chainLength(long page, int count) {
        long n = 0;
        for (long s = mem.read64(page + FREE_HEAD); s != 0 && n <= count; s = mem.read64(s)) {
            n++;
        }
        return n;
    }

    /** Takes back slab page {@code page} of class {@code c} with {@code used} live slots as RAM has it (reopening; nothing written). */
    void reattach(int c, long page, long used) {
        pages.add(page);
        liveSlots[c] += used;
    }

    /** Reads every class's partial-list head from the control block into the host copies (reopening). */
    void readHeads() {
        for (int c = 1; c < heads.length; c++) {
            heads[c] = headInRam(c);
        }
    }

    /** Makes {@code partial} (slab pages of class {@code c} with a free slot) the class's partial list, in that order. */
    void relink(int c, java.util.List<Long> partial) {
        for (int i = 0; i < partial.size(); i++) {
            long page = partial.get(i);
            mem.write64(page + NEXT, i + 1 < partial.size() ? partial.get(i + 1) : 0);
            mem.write64(page + PREV, i > 0 ? partial.get(i - 1) : 0);
        }
        setHead(c, partial.isEmpty() ? 0 : partial.get(0));
    }

    private void push(int c, long page) {
        long old = heads[c];
        mem.write64(page + NEXT, old);
        mem.write64(page + PREV, 0);
        if (old != 0) {
            mem.write64(old + PREV, page);
        }
        setHead(c, page);
    }

    private void unlink(int c, long page) {
        long next = mem.read64(page + NEXT);
        long prev = mem.read64(page + PREV);
        if (next != 0) {
            mem.write64(next + PREV, prev);
        }
        if (prev != 0) {
            mem.write64(prev + NEXT, next);
        } else {
            setHead(c, next);
        }
        mem.write64(page + NEXT, 0);
        mem.write64(page + PREV, 0);
    }

    private void setHead(int c, long page) {
        heads[c] = page;
        mem.write64(headWord(mem, c), page);
    }

    /** Slab pages now. */
    long pageCount() {
        return pages.size();
    }

    long liveSlots() {
        long n = 0;
        for (long v : liveSlots) {
            n += v;
        }
        return n;
    }

    void clear() {
        pages.clear();
        java.util.Arrays.fill(heads, 0);
        java.util.Arrays.fill(liveSlots, 0);
        java.util.Arrays.fill(liveSmallBlocks, 0);
    }
}
