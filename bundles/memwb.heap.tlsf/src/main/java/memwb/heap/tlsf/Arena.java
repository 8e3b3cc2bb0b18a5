package memwb.heap.tlsf;

import static memwb.heap.tlsf.SizeClasses.FL_COUNT;
import static memwb.heap.tlsf.SizeClasses.LIST_COUNT;
import static memwb.heap.tlsf.SizeClasses.SL_COUNT;

import memwb.api.heap.HeapMemory;

/**
 * One sub-range of the heap with its own TLSF index: where its first block starts, its top (the
 * wilderness: everything from {@code top} to {@code end} is unallocated), where its mapped pages end
 * ({@code mapped}: at least up to the page holding the top, a little further while freed or
 * prefetched pages are kept for reuse) and its free lists with their two bitmap levels. All of it lives in the
 * control block in RAM; the host keeps write-through copies of the index so a search reads no RAM.
 *
 * <p>Control block layout of arena i, at {@code base + ARENAS_OFFSET + i * BYTES}: first header,
 * top, end, mapped end, first-level bitmap, FL_COUNT second-level bitmaps, LIST_COUNT list heads (8 bytes each).
 */
final class Arena {
    static final long ARENAS_OFFSET = 64;
    private static final long FIRST = 0;
    private static final long TOP = 8;
    private static final long END = 16;
    private static final long MAPPED = 24;
    private static final long FL_MAP = 32;
    private static final long SL_MAPS = 40;
    private static final long HEADS = SL_MAPS + 8L * FL_COUNT;
    static final long BYTES = HEADS + 8L * LIST_COUNT;
    /** Offsets inside a free block: links after the header, size copy (footer) in its last 8 bytes. */
    static final long NEXT = 8;
    static final long PREV = 16;

    final int index;
    private final HeapMemory mem;
    private final long at;
    final long start;
    long first;
    long top;
    final long end;
    long mapped;
    private long flMap;
    private final long[] slMaps = new long[FL_COUNT];
    private final long[] heads = new long[LIST_COUNT];

    private Arena(int index, HeapMemory mem, long start, long first, long top, long end, long mapped) {
        this.index = index;
        this.mem = mem;
        this.at = mem.base() + ARENAS_OFFSET + index * BYTES;
        this.start = start;
        this.first = first;
        this.top = top;
        this.end = end;
        this.mapped = mapped;
    }

    /** A new arena over {@code [start, end)} whose blocks begin at {@code first}, pages mapped up to {@code mapped}, written to the control block with empty lists. */
    static Arena create(int index, HeapMemory mem, long start, long first, long top, long end, long mapped) {
        Arena a = new Arena(index, mem, start, first, top, end, mapped);
        mem.write64(a.at + MAPPED, mapped);
        mem.write64(a.at + FIRST, first);
        mem.write64(a.at + TOP, top);
        mem.write64(a.at + END, end);
        mem.fill(a.at + FL_MAP, BYTES - FL_MAP, (byte) 0);
        return a;
    }

    /**
     * Arena {@code index} as the control block in RAM has it, starting at {@code start}: its words,
     * bitmaps and list heads read back into the host copies, nothing written (reopening a heap).
     */
    static Arena read(int index, HeapMemory mem, long start) {
        long at = mem.base() + ARENAS_OFFSET + index * BYTES;
        Arena a = new Arena(index, mem, start, mem.read64(at + FIRST), mem.read64(at + TOP), mem.read64(at + END),
                mem.read64(at + MAPPED));
        a.flMap = mem.read64(at + FL_MAP);
        for (int fl = 0; fl < FL_COUNT; fl++) {
            a.slMaps[fl] = mem.read64(at + SL_MAPS + 8L * fl);
        }
        for (int list = 0; list < LIST_COUNT; list++) {
            a.heads[list] = mem.read64(at + HEADS + 8L * list);
        }
        return a;
    }

    /** The arena's first page of its own: the page of its first header, unless that is the control page below {@code start}. */
    static long floor(long start, long first) {
        return Math.max(Pages.down(first), start);
    }

    long floor() {
        return floor(start, first);
    }

    void setTop(long newTop) {
        top = newTop;
        mem.write64(at + TOP, newTop);
    }

    void setMapped(long newMapped) {
        mapped = newMapped;
        mem.write64(at + MAPPED, newMapped);
    }

    long mappedInRam() {
        return mem.read64(at + MAPPED);
    }

    long head(int list) {
        return heads[list];
    }

    long flMap() {
        return flMap;
    }

    long slMap(int fl) {
        return slMaps[fl];
    }

    /** RAM's copy of a list head, for the checker (the host copy must agree). */
    long headInRam(int list) {
        return mem.read64(at + HEADS + 8L * list);
    }

    long flMapInRam() {
        return mem.read64(at + FL_MAP);
    }

    long slMapInRam(int fl) {
        return mem.read64(at + SL_MAPS + 8L * fl);
    }

    long topInRam() {
        return mem.read64(at + TOP);
    }

    /** Pushes the free block at {@code h} of {@code size} bytes on its list and sets its bitmap bits. */
    void insert(long h, long size) {
        int list = SizeClasses.listOf(size);
        long next = heads[list];
        mem.write64(h + NEXT, next);
        mem.write64(h + PREV, 0);
        if (next != 0) {
            mem.write64(next + PREV, h);
        } else {
            int fl = list / SL_COUNT;
            setSl(fl, slMaps[fl] | 1L << (list % SL_COUNT));
            setFl(flMap | 1L << fl);
        }
        setHead(list, h);
    }

    /** Unlinks the free block at {@code h} of {@code size} bytes, clearing bitmap bits its list no longer needs. */
    void remove(long h, long size) {
        int list = SizeClasses.listOf(size);
        long next = mem.read64(h + NEXT);
        long prev = mem.read64(h + PREV);
        if (next != 0) {
            mem.write64(next + PREV, prev);
        }
        if (prev != 0) {
            mem.write64(prev + NEXT, next);
            return;
        }
        setHead(list, next);
        if (next == 0) {
            int fl = list / SL_COUNT;
            setSl(fl, slMaps[fl] & ~(1L << (list % SL_COUNT)));
            if (slMaps[fl] == 0) {
                setFl(flMap & ~(1L << fl));
            }
        }
    }

    /** The first non-empty list at or above {@code list}, by the two bitmaps (find-first-set), or -1. */
    int firstNonEmptyFrom(int list) {
        int fl = list / SL_COUNT;
        long sl = slMaps[fl] & (-1L << (list % SL_COUNT));
        if (sl == 0) {
            long fls = flMap & (-1L << (fl + 1));
            if (fls == 0) {
                return -1;
            }
            fl = Long.numberOfTrailingZeros(fls);
            sl = slMaps[fl];
        }
        return fl * SL_COUNT + Long.numberOfTrailingZeros(sl);
    }

    /** The highest non-empty list, or -1: where the largest free block is. */
    int highestNonEmpty() {
        if (flMap == 0) {
            return -1;
        }
        int fl = 63 - Long.numberOfLeadingZeros(flMap);
        return fl * SL_COUNT + 63 - Long.numberOfLeadingZeros(slMaps[fl]);
    }

    private void setHead(int list, long h) {
        heads[list] = h;
        mem.write64(at + HEADS + 8L * list, h);
    }

    /** Sets second-level bitmap {@code fl}; RAM is written only when it changes (the copy equals it). */
    private void setSl(int fl, long bits) {
        if (bits != slMaps[fl]) {
            slMaps[fl] = bits;
            mem.write64(at + SL_MAPS + 8L * fl, bits);
        }
    }

    /** Sets the first-level bitmap; RAM is written only when it changes. */
    private void setFl(long bits) {
        if (bits != flMap) {
            flMap = bits;
            mem.write64(at + FL_MAP, bits);
        }
    }
}
