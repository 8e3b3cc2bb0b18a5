package memwb.heap.tlsf;

import memwb.api.heap.HeapMemory;

/**
 * Which pages of the heap are mapped. Everything below an arena's top is mapped except each free
 * block's hole: the whole pages strictly between its first {@link #FREE_HEAD} bytes (header and list
 * links) and its footer, unless the heap keeps that hole mapped for reuse (TlsfHeap's HOLE_MAPPED,
 * under its high-water mark). So a large free block costs at most two pages beyond what the heap
 * chooses to keep; allocating from an unmapped hole maps back exactly what the block needs.
 * Mapping and unmapping cost is proportional to the pages involved, like the memset a caller does
 * on them, and independent of how many blocks the heap holds.
 */
final class Pages {
    static final long SIZE = HeapMemory.PAGE_SIZE;
    /** Bytes a free block keeps mapped at its start: header, next and prev link. */
    static final long FREE_HEAD = 24;
    /** Bytes a free block keeps mapped at its end: the footer. */
    static final long FOOTER = 8;

    private Pages() {
    }

    static long up(long a) {
        return (a + SIZE - 1) & -SIZE;
    }

    static long down(long a) {
        return a & -SIZE;
    }

    static long holeLo(long h) {
        return up(h + FREE_HEAD);
    }

    static long holeHi(long h, long size) {
        return down(h + size - FOOTER);
    }

    /** Pages in the hole of a free block (0 if it has none). */
    static long holePages(long h, long size) {
        return Math.max(0, holeHi(h, size) - holeLo(h)) / SIZE;
    }

    /**
     * Unmaps the pages of {@code [lo, hi)} that are mapped now, given that the holes of the free
     * blocks {@code (h1, s1)} and {@code (h2, s2)} (size 0: no block), which lie inside the range in
     * address order, are unmapped already.
     */
    static void unmapExcept(HeapMemory mem, long lo, long hi, long h1, long s1, long h2, long s2) {
        long cursor = lo;
        cursor = unmapBefore(mem, cursor, h1, s1);
        cursor = unmapBefore(mem, cursor, h2, s2);
        unmap(mem, cursor, hi);
    }

    private static long unmapBefore(HeapMemory mem, long cursor, long h, long s) {
        if (s == 0) {
            return cursor;
        }
        long lo = holeLo(h);
        long hi = holeHi(h, s);
        if (lo >= hi) {
            return cursor;
        }
        unmap(mem, cursor, lo);
        return Math.max(cursor, hi);
    }

    static void unmap(HeapMemory mem, long lo, long hi) {
        if (hi > lo) {
            mem.unmapPages(lo, (hi - lo) / SIZE);
        }
    }

    /** Maps {@code [lo, hi)} (page aligned, unmapped now); false, having mapped nothing, when frames run out. */
    static boolean map(HeapMemory mem, long lo, long hi) {
        return hi <= lo || mem.mapPages(lo, (hi - lo) / SIZE);
    }
}
