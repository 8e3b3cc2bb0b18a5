package memwb.pfa.buddy;

import java.util.Arrays;

import memwb.api.pfa.FrameAllocator;
import memwb.api.ram.PhysicalMemory;

/**
 * The buddy allocator's metadata in emulated RAM (Linux's struct page flags plus zone free_area):
 *
 * <pre>
 * base + i                     one entry byte per frame i (codes below)
 * heads = base + align8(n)     ORDERS x u64: first free block of each order, or NIL
 * counts = heads + ORDERS * 8  ZONES x ORDERS x u64: free blocks per zone and order (buddyinfo)
 * hot = counts + ZONES*ORDERS*8 u64 number of hot frames, then HOT_SLOTS x u64 hot frame indexes
 * </pre>
 *
 * Hot frames are Linux's per-CPU page lists: order-0 frames freed recently, kept free but unmerged
 * on a stack (an array in the metadata, so a push or pop stays in one place) so that an alloc+free
 * pair does not split and merge a large block each time.
 *
 * <p>Every change is written to RAM. List heads, counts and the hot count are also kept in host
 * fields that the allocator reads (write-through copies), which saves a RAM read per list step; the
 * entries and links are always read from RAM.
 *
 * Free lists are doubly linked through the free blocks themselves, as Linux links struct page and
 * xv6 links struct run: a free block's first frame holds its next (u64 frame index at +0) and prev
 * (u64 at +8). Only free frames are written, so nothing anyone owns is touched.
 */
final class FreeAreas {
    /** Inside a free block but not its first frame (zeroed RAM reads as this). */
    static final int FREE_TAIL = 0;
    /** The first frame of an allocation (the bytemap's "allocated" code). */
    static final int ALLOC_HEAD = 1;
    /** Reserved: hole, firmware, kernel image, metadata (the bytemap's code). */
    static final int RESERVED = 2;
    /** Allocated, continuing the allocation that starts below it. */
    static final int ALLOC_TAIL = 3;
    /** Free, on the hot-frame stack (not on a buddy list). */
    static final int HOT = 4;
    /** First frame of a free block: FREE_HEAD | order. */
    static final int FREE_HEAD = 0x40;
    static final long NIL = -1;
    /** Room on the hot stack: the high mark plus the one frame that triggers a drain. */
    static final int HOT_SLOTS = BuddyFrameAllocator.HOT_HIGH + 1;
    private static final long FRAME_SIZE = FrameAllocator.FRAME_SIZE;
    private static final int NEXT = 0;
    private static final int PREV = 8;
    private static final int U64 = 8;

    private final PhysicalMemory ram;
    private final long base;
    private final long heads;
    private final long counts;
    private final long hot;
    private final long[] headCopy = new long[BuddyFrameAllocator.ORDERS];
    private final long[] countCopy = new long[BuddyFrameAllocator.ORDERS * Zone.all().length];
    private long hotCopy;

    FreeAreas(PhysicalMemory ram, long base, long frameCount) {
        this.ram = ram;
        this.base = base;
        this.heads = base + align8(frameCount);
        this.counts = heads + (long) BuddyFrameAllocator.ORDERS * U64;
        this.hot = counts + (long) BuddyFrameAllocator.ORDERS * U64 * Zone.all().length;
    }

    /** Bytes of metadata for {@code frameCount} frames. */
    static long bytes(long frameCount) {
        return align8(frameCount) + (long) BuddyFrameAllocator.ORDERS * U64 * (1 + Zone.all().length)
                + (1 + HOT_SLOTS) * U64;
    }

    static boolean isFree(int code) {
        return code == FREE_TAIL || code == HOT || code >= FREE_HEAD;
    }

    long base() {
        return base;
    }

    /** Empties every list and count (RAM there may be stale). */
    void clearLists() {
        for (int o = 0; o < BuddyFrameAllocator.ORDERS; o++) {
            ram.write64(heads + o * U64, NIL);
        }
        Arrays.fill(headCopy, NIL);
        ram.fill(counts, (long) countCopy.length * U64, 0);
        Arrays.fill(countCopy, 0);
        ram.write64(hot, 0);
        hotCopy = 0;
    }

    /** Number of hot frames. */
    long hotCount() {
        return hotCopy;
    }

    /** Puts free frame {@code i} on top of the hot stack (at most HOT_SLOTS frames). */
    void pushHot(long i) {
        ram.write8(base + i, HOT);
        ram.write64(hot + U64 + hotCopy * U64, i);
        ram.write64(hot, ++hotCopy);
    }

    /** Takes the top hot frame, or NIL if there is none; the caller rewrites its entry. */
    long popHot() {
        if (hotCopy == 0) {
            return NIL;
        }
        long i = ram.read64(hot + hotCopy * U64);
        ram.write64(hot, --hotCopy);
        return i;
    }

    int entry(long i) {
        return ram.read8(base + i);
    }

    void set(long i, int code) {
        ram.write8(base + i, code);
    }

    void fill(long i, long count, int code) {
        if (count == 1) {
            ram.write8(base + i, code);
        } else if (count > 1) {
            ram.fill(base + i, count, code);
        }
    }

    /** Copies entries [from, from + len) into {@code dst[0..]}. */
    void read(long from, byte[] dst, int len) {
        ram.read(base + from, dst, 0, len);
    }

    /** Eight entries from {@code i} as one little-endian word (entry i in the low byte). */
    long read8Entries(long i) {
        return ram.read64(base + i);
    }

    void write(long from, byte[] src, int len) {
        ram.write(base + from, src, 0, len);
    }

    /** The first free block of {@code order}, or NIL. */
    long head(int order) {
        return headCopy[order];
    }

    /** Free blocks of {@code order} in {@code zone}. */
    long count(Zone zone, int order) {
        return countCopy[zone.ordinal() * BuddyFrameAllocator.ORDERS + order];
    }

    long next(long i) {
        return ram.read64(i * FRAME_SIZE + NEXT);
    }

    /** Makes frame {@code i} the head of a free block of {@code order}, first on its list. */
    void push(long i, int order) {
        long first = headCopy[order];
        ram.write8(base + i, FREE_HEAD | order);
        ram.write64(i * FRAME_SIZE + NEXT, first);
        ram.write64(i * FRAME_SIZE + PREV, NIL);
        if (first != NIL) {
            ram.write64(first * FRAME_SIZE + PREV, i);
        }
        setHead(order, i);
        addCount(i, order, 1);
    }

    /** Takes free block {@code i} of {@code order} off its list; its entry becomes FREE_TAIL. */
    void unlink(long i, int order) {
        long next = ram.read64(i * FRAME_SIZE + NEXT);
        long prev = ram.read64(i * FRAME_SIZE + PREV);
        if (prev == NIL) {
            setHead(order, next);
        } else {
            ram.write64(prev * FRAME_SIZE + NEXT, next);
        }
        if (next != NIL) {
            ram.write64(next * FRAME_SIZE + PREV, prev);
        }
        ram.write8(base + i, FREE_TAIL);
        addCount(i, order, -1);
    }

    private void setHead(int order, long i) {
        ram.write64(heads + order * U64, i);
        headCopy[order] = i;
    }

    private void addCount(long i, int order, long delta) {
        int k = Zone.ofFrame(i).ordinal() * BuddyFrameAllocator.ORDERS + order;
        countCopy[k] += delta;
        ram.write64(counts + (long) k * U64, countCopy[k]);
    }

    private static long align8(long n) {
        return (n + U64 - 1) & -U64;
    }
}
