package memwb.pfa.buddy;

import static memwb.pfa.buddy.FreeAreas.ALLOC_HEAD;
import static memwb.pfa.buddy.FreeAreas.ALLOC_TAIL;
import static memwb.pfa.buddy.FreeAreas.FREE_HEAD;
import static memwb.pfa.buddy.FreeAreas.FREE_TAIL;
import static memwb.pfa.buddy.FreeAreas.NIL;
import static memwb.pfa.buddy.FreeAreas.RESERVED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.api.ram.RegionType;
import memwb.pfa.support.EntryTable;
import memwb.pfa.support.FramePlan;
import memwb.pfa.support.FrameRequests;

/**
 * A Linux-style binary buddy allocator over 4 KiB frames, orders 0 to {@link #MAX_ORDER} (1 GiB).
 * Free blocks of order k are 2^k frames, naturally aligned, kept on one doubly linked list per
 * order in emulated RAM (see {@link FreeAreas}); an entry byte per frame says free, free-block head
 * with its order, allocation start, allocation continuation or reserved.
 *
 * <p>Allocation takes the smallest order that fits and splits the block, giving the upper halves
 * back. Freeing merges: if the buddy block is free and of the same order, merge and go up one order.
 * A block never straddles a zone boundary (16 MiB, 4 GiB), so buddyinfo counts blocks per zone.
 *
 * <p>Hot frames (Linux's per-CPU page lists): a freed single frame goes on a small stack of free,
 * unmerged frames, and allocFrame takes from it first, refilling it with {@link #HOT_BATCH} frames from
 * the buddy lists when empty; above {@link #HOT_HIGH} a batch goes back and merges. Without it every
 * alloc+free pair at a boundary splits a large block down to order 0 and merges it back. Like Linux,
 * buddyinfo does not count hot frames; a contiguous request that fails drains them and tries again.
 *
 * <p>Owners live in a host-side table (one Owner ordinal per frame), as in the bytemap; RAM is the
 * only truth about states. Calls are serialised on this object, like Linux's zone->lock.
 */
public final class BuddyFrameAllocator implements FrameAllocator {
    public static final String NAME = "buddy";
    /** The largest block: 2^18 frames = 1 GiB. */
    public static final int MAX_ORDER = 18;
    public static final int ORDERS = MAX_ORDER + 1;
    /** Frames moved between the hot stack and the buddy lists at once (Linux's pcp batch). */
    public static final int HOT_BATCH = 16;
    /** Most hot frames kept before a batch goes back to the buddy lists (Linux's pcp high). */
    public static final int HOT_HIGH = 4 * HOT_BATCH;
    private static final Owner[] OWNERS = Owner.values();
    /** Eight ALLOC_TAIL entries read as one word. */
    private static final long EIGHT_TAILS = 0x0303030303030303L;

    private final PhysicalMemory ram;
    private final FreeAreas areas;
    private final long metadataFrames;
    private final int frameCount;
    private final byte[] owners;
    private long free;
    private long allocated;
    private long reserved;
    private long version;

    /**
     * Builds the allocator over {@code ram}'s memory map, adopting {@code adopt} if not null, and
     * writes its metadata and free lists into RAM (placement rules in {@link BuddyProvider}).
     *
     * @throws IllegalArgumentException for any option (there are none) or an adopted state that does not fit
     * @throws FrameException if the metadata does not fit below {@code metadataBelow}; RAM is untouched then
     */
    public static BuddyFrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options) {
        FrameRequests.noOptions(options, "buddy");
        FramePlan init = FramePlan.build(ram.memoryMap(), metadataBelow, adopt, "the buddy metadata", FreeAreas::bytes);
        return new BuddyFrameAllocator(ram, init);
    }

    private BuddyFrameAllocator(PhysicalMemory ram, FramePlan init) {
        this.ram = ram;
        this.frameCount = init.states().length;
        this.areas = new FreeAreas(ram, init.metadataBase(), frameCount);
        this.metadataFrames = init.metadataFrames();
        this.owners = init.owners();
        // Adopted allocated frames become one-frame allocations: the state does not say where runs began.
        byte[] entries = init.states().clone();
        free = init.count(FramePlan.FREE);
        allocated = init.count(FramePlan.ALLOCATED);
        reserved = init.count(FramePlan.RESERVED);
        ram.fill(init.metadataBase(), metadataFrames * FRAME_SIZE, 0);
        areas.write(0, entries, frameCount);
        areas.clearLists();
        // Cut each free run into maximal aligned blocks, pushed from the top so the lowest block is listed first.
        List<long[]> blocks = new ArrayList<>();
        for (int i = 0; i < frameCount; ) {
            if (entries[i] != FramePlan.FREE) {
                i++;
                continue;
            }
            int end = i;
            while (end < frameCount && entries[end] == FramePlan.FREE) {
                end++;
            }
            for (long b = i; b < end; b += 1L << blocks.get(blocks.size() - 1)[1]) {
                blocks.add(new long[] {b, largestBlock(b, end)});
            }
            i = end;
        }
        for (int k = blocks.size() - 1; k >= 0; k--) {
            areas.push(blocks.get(k)[0], (int) blocks.get(k)[1]);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * An order-0 frame: the top hot frame; if there is none, a batch of order-0 blocks (each the first on
     * the order-0 list or split off a larger one) is moved to the hot stack first. NO_FRAME when none is free.
     */
    @Override
    public synchronized long allocFrame(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        if (areas.hotCount() == 0) {
            refillHot();
        }
        long i = areas.popHot();
        if (i == NIL) {
            return NO_FRAME;
        }
        markAllocated(i, 1, owner);
        return i * FRAME_SIZE;
    }

    /**
     * A block of the smallest order with 2^order &gt;= max(count, alignFrames), so naturally aligned;
     * when count is not a power of two, the block's unused tail frames go straight back to the free
     * lists (merging among themselves), so exactly {@code count} frames stay allocated. NO_FRAME if no
     * block that large is free.
     *
     * @throws IllegalArgumentException if count &lt; 1, alignFrames is not a power of two &gt;= 1, or
     *         max(count, alignFrames) exceeds the largest block, 2^18 frames (1 GiB)
     */
    @Override
    public synchronized long allocContiguous(long count, long alignFrames, Owner owner) {
        FrameRequests.checkContiguous(count, alignFrames, owner);
        long want = Math.max(count, alignFrames);
        if (want > 1L << MAX_ORDER) {
            throw new IllegalArgumentException(String.format("allocContiguous: %d frames aligned to %d exceed the "
                    + "largest buddy block, %d frames (order %d, 1 GiB)", count, alignFrames, 1L << MAX_ORDER, MAX_ORDER));
        }
        int order = 64 - Long.numberOfLeadingZeros(want - 1);
        long i = takeBlock(order);
        if (i == NIL && areas.hotCount() > 0) {
            drainHot(Long.MAX_VALUE);
            i = takeBlock(order);
        }
        if (i == NIL) {
            return NO_FRAME;
        }
        markAllocated(i, count, owner);
        release(i + count, (1L << order) - count);
        return i * FRAME_SIZE;
    }

    /** Frees a one-frame allocation onto the hot stack; above HOT_HIGH a batch merges back into the buddy lists. */
    @Override
    public synchronized void freeFrame(long pa) {
        int i = frameIndex("freeFrame", pa);
        checkAllocationStart("freeFrame", pa, areas.entry(i), i);
        if (i + 1 < frameCount && areas.entry(i + 1) == ALLOC_TAIL) {
            throw new FrameException(pa, String.format("freeFrame 0x%x: frame starts an allocated run of %d frames; "
                    + "free the whole run with freeContiguous", pa, runLength(i)));
        }
        owners[i] = (byte) Owner.NONE.ordinal();
        allocated--;
        free++;
        version++;
        areas.pushHot(i);
        if (areas.hotCount() > HOT_HIGH) {
            drainHot(HOT_BATCH);
        }
    }

    /**
     * Frees {@code count} frames that are exactly one or more whole allocations: the first frame starts
     * an allocation and the run does not end inside one. Validates every frame before changing any.
     */
    @Override
    public synchronized void freeContiguous(long pa, long count) {
        int first = frameIndex("freeContiguous", pa);
        FrameRequests.checkRunFits(pa, count, first, frameCount);
        checkAllocationStart("freeContiguous", pa, areas.entry(first), first);
        long end = first + count;
        for (long k = first + 1; k < end; ) {
            // Eight entries at once while they are all ALLOC_TAIL (the common case inside a run).
            if (k + 8 <= end && areas.read8Entries(k) == EIGHT_TAILS) {
                k += 8;
                continue;
            }
            int code = areas.entry(k);
            if (code != ALLOC_HEAD && code != ALLOC_TAIL) {
                checkAllocationStart("freeContiguous", k * FRAME_SIZE, code, k);
            }
            k++;
        }
        if (end < frameCount && areas.entry(end) == ALLOC_TAIL) {
            throw new FrameException(pa, String.format("freeContiguous 0x%x: %d frames end inside an allocation that "
                    + "continues at 0x%x; free whole allocations", pa, count, end * FRAME_SIZE));
        }
        markFree(first, count);
    }

    @Override
    public synchronized FrameState state(long pa) {
        return stateOf(areas.entry(frameIndex("state", pa)));
    }

    @Override
    public synchronized Owner owner(long pa) {
        int i = frameIndex("owner", pa);
        return FreeAreas.isFree(areas.entry(i)) ? Owner.NONE : OWNERS[owners[i]];
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    /** Counts kept as frames change; the largest free run (frames, across block boundaries) is a scan. */
    @Override
    public synchronized FrameStats stats() {
        long largest = EntryTable.largestRun(frameCount, areas::read, FreeAreas::isFree);
        return new FrameStats(frameCount, free, allocated, reserved, largest);
    }

    @Override
    public List<OwnedRange> metadata() {
        return List.of(new OwnedRange(areas.base(), metadataFrames * FRAME_SIZE, Owner.ALLOCATOR_METADATA,
                "buddy: entry byte per frame, free list heads and counts"));
    }

    /** Runs of equal (state, owner) read from the entries in RAM and the owner table. */
    @Override
    public synchronized AllocationState exportState() {
        return EntryTable.export(frameCount, areas::read, BuddyFrameAllocator::stateOf, owners);
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized String describe() {
        return String.format("buddy frame allocator (Linux style): orders 0-%d (4 KiB to 1 GiB), split on alloc, "
                + "merge with the buddy on free%n"
                + "metadata: [0x%x, 0x%x), %d reserved frames: an entry byte per frame, list heads and counts;"
                + " list links in each free block's first 16 bytes%n"
                + "hot frames (per-CPU page list): %d free order-0 frames not on the buddy lists, batch %d, high %d%n"
                + "frames: %d (up to 0x%x)%n%s",
                MAX_ORDER, areas.base(), areas.base() + metadataFrames * FRAME_SIZE, metadataFrames,
                areas.hotCount(), HOT_BATCH, HOT_HIGH, frameCount, (long) frameCount * FRAME_SIZE, buddyinfo());
    }

    /**
     * The free block counts per order in Linux's /proc/buddyinfo format, one line per zone that has
     * usable RAM: {@code Node 0, zone   Normal      1      0 ...}, orders 0 to 18.
     */
    public synchronized String buddyinfo() {
        StringBuilder out = new StringBuilder();
        for (Zone z : Zone.all()) {
            if (!populated(z)) {
                continue;
            }
            out.append(String.format("Node %d, zone %8s ", 0, z.linuxName()));
            for (int o = 0; o < ORDERS; o++) {
                out.append(String.format("%6d ", areas.count(z, o)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Every free block as {frame, order}, list by list from order 0 (for views and tests). */
    public synchronized List<long[]> freeBlocks() {
        List<long[]> blocks = new ArrayList<>();
        for (int o = 0; o < ORDERS; o++) {
            for (long i = areas.head(o); i != NIL; i = areas.next(i)) {
                blocks.add(new long[] {i, o});
            }
        }
        return blocks;
    }

    /** Free frames on the hot stack, not on any buddy list (buddyinfo leaves them out, as Linux does). */
    public synchronized long hotFrames() {
        return areas.hotCount();
    }

    /** Returns every hot frame to the buddy lists, merging (Linux's drain_all_pages); counts stay the same. */
    public synchronized void drainHotFrames() {
        drainHot(Long.MAX_VALUE);
    }

    private void refillHot() {
        long[] batch = new long[HOT_BATCH];
        int n = 0;
        for (long i; n < HOT_BATCH && (i = takeBlock(0)) != NIL; ) {
            batch[n++] = i;
        }
        // Pushed in reverse so the first block taken is allocated first.
        while (n > 0) {
            areas.pushHot(batch[--n]);
        }
    }

    private void drainHot(long count) {
        for (long k = 0; k < count; k++) {
            long i = areas.popHot();
            if (i == NIL) {
                return;
            }
            areas.set(i, FREE_TAIL);
            merge(i, 0);
        }
    }

    /** Takes a free block of at least {@code order} and splits it down, giving the upper halves back. */
    private long takeBlock(int order) {
        int k = order;
        while (k <= MAX_ORDER && areas.head(k) == NIL) {
            k++;
        }
        if (k > MAX_ORDER) {
            return NIL;
        }
        long i = areas.head(k);
        areas.unlink(i, k);
        while (k > order) {
            k--;
            areas.push(i + (1L << k), k);
        }
        return i;
    }

    /** Returns frames [first, first + count), already FREE_TAIL in RAM, to the lists as aligned blocks. */
    private void release(long first, long count) {
        long end = first + count;
        for (long i = first; i < end; ) {
            int o = largestBlock(i, end);
            merge(i, o);
            i += 1L << o;
        }
    }

    /** Frees block {@code i} of {@code order}: while its buddy is free and of the same order, merge and go up. */
    private void merge(long i, int order) {
        int o = order;
        while (o < MAX_ORDER) {
            long buddy = i ^ (1L << o);
            long lo = Math.min(i, buddy);
            if (buddy >= frameCount || areas.entry(buddy) != (FREE_HEAD | o) || !oneZone(lo, o + 1)) {
                break;
            }
            areas.unlink(buddy, o);
            i = lo;
            o++;
        }
        areas.push(i, o);
    }

    /** The largest order of an aligned block at {@code i} that ends by {@code end} and stays in one zone. */
    private static int largestBlock(long i, long end) {
        int o = Math.min(MAX_ORDER, Math.min(Long.numberOfTrailingZeros(i), 63 - Long.numberOfLeadingZeros(end - i)));
        while (!oneZone(i, o)) {
            o--;
        }
        return o;
    }

    private static boolean oneZone(long i, int order) {
        return Zone.ofFrame(i) == Zone.ofFrame(i + (1L << order) - 1);
    }

    private void markAllocated(long i, long count, Owner owner) {
        areas.set(i, ALLOC_HEAD);
        areas.fill(i + 1, count - 1, ALLOC_TAIL);
        Arrays.fill(owners, (int) i, (int) (i + count), (byte) owner.ordinal());
        allocated += count;
        free -= count;
        version++;
    }

    private void markFree(long i, long count) {
        areas.fill(i, count, FREE_TAIL);
        Arrays.fill(owners, (int) i, (int) (i + count), (byte) Owner.NONE.ordinal());
        release(i, count);
        allocated -= count;
        free += count;
        version++;
    }

    private static FrameState stateOf(int code) {
        return switch (code & 0xff) {
            case ALLOC_HEAD, ALLOC_TAIL -> FrameState.ALLOCATED;
            case RESERVED -> FrameState.RESERVED;
            default -> FrameState.FREE;
        };
    }


    /** True if the memory map has usable RAM in {@code zone}. */
    private boolean populated(Zone zone) {
        for (MemoryRegion r : ram.memoryMap().regions()) {
            if (r.type() == RegionType.USABLE && r.base() < zone.end() && r.end() > zone.base()) {
                return true;
            }
        }
        return false;
    }

    /** The frame index of {@code pa}, or a FrameException naming it. */
    private int frameIndex(String op, long pa) {
        return FrameRequests.frameIndex(op, pa, frameCount, "the buddy allocator");
    }

    /** Refuses unless entry {@code code} of frame {@code i} starts an allocation. */
    private void checkAllocationStart(String op, long pa, int code, long i) {
        code &= 0xff;
        if (code == RESERVED) {
            throw FrameRequests.reserved(op, pa, OWNERS[owners[(int) i]]);
        }
        if (code == ALLOC_TAIL) {
            long start = i;
            while (areas.entry(start) == ALLOC_TAIL) {
                start--;
            }
            throw new FrameException(pa, String.format("%s 0x%x: frame is inside the allocated run that starts at 0x%x;"
                    + " only a run's first frame can be freed", op, pa, start * FRAME_SIZE));
        }
        if (code != ALLOC_HEAD) {
            throw FrameRequests.alreadyFree(op, pa);
        }
    }

    /** Frames in the allocation starting at {@code i}. */
    private long runLength(long i) {
        long end = i + 1;
        while (end < frameCount && areas.entry(end) == ALLOC_TAIL) {
            end++;
        }
        return end - i;
    }
}
