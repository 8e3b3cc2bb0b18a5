package memwb.pfa.bitmap;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameState;
import memwb.api.pfa.FrameStats;
import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;
import memwb.api.ram.PhysicalMemory;
import memwb.pfa.support.FramePlan;
import memwb.pfa.support.FrameRuns;
import memwb.pfa.support.FrameRequests;

/**
 * A bitmap frame allocator: one bit per 4 KiB frame in emulated RAM (0 free, 1 allocated or
 * reserved), placed just below the kernel image like the notes' bytemap, scanned 64 frames per
 * {@code read64}. A host-side summary (one bit per bitmap word) skips full words, and a search hint
 * (the lowest frame that may be free: every frame below it is taken) is where each search starts,
 * so {@code allocFrame} still returns the lowest free frame, as the notes' first fit does. A second
 * host-side summary of wholly free words lets runs of 64+ word-aligned frames (2 MiB pages) skip
 * every word that cannot start one.
 *
 * <p>One bit cannot say allocated or reserved, nor who owns a frame: a host-side reserved bit per
 * frame and an owner table (one Owner ordinal per frame) say that; whether a frame is free is only
 * ever read from RAM. Calls are serialised on this object, like xv6's kmem.lock.
 */
public final class BitmapFrameAllocator implements FrameAllocator {
    public static final String NAME = "bitmap";
    /** Frame 0 starts at physical address 0. */
    static final long FRAMES_BASE = 0;
    private static final int WORD_SHIFT = 6;
    private static final Owner[] OWNERS = Owner.values();

    private final Bitmap bitmap;
    private final long bitmapFrames;
    private final int frameCount;
    private final byte[] owners;
    /** Host-side: bit i set iff frame i is reserved (never handed out, never freed). */
    private final long[] reserved;
    private long free;
    private long allocated;
    private long reservedCount;
    /** No frame below this one is free. */
    private long hint;
    private long version;

    /**
     * Builds the allocator over {@code ram}'s memory map, adopting {@code adopt} if not null, and
     * writes its bitmap into RAM (see {@link BitmapProvider} for the placement rules).
     *
     * @throws IllegalArgumentException for any option (this allocator has none) or an adopted state that does not fit
     * @throws FrameException if the bitmap does not fit below {@code metadataBelow}; RAM is untouched then
     */
    public static BitmapFrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options) {
        FrameRequests.noOptions(options, "bitmap");
        FramePlan init = FramePlan.build(ram.memoryMap(), metadataBelow, adopt, "the bitmap",
                frames -> (long) Bitmap.wordsFor(frames) * Bitmap.WORD_BYTES);
        return new BitmapFrameAllocator(ram, init);
    }

    private BitmapFrameAllocator(PhysicalMemory ram, FramePlan init) {
        this.frameCount = init.states().length;
        this.bitmap = new Bitmap(ram, init.metadataBase(), frameCount);
        this.bitmapFrames = init.metadataFrames();
        this.owners = init.owners();
        this.reserved = new long[Bitmap.wordsFor(frameCount)];
        this.free = init.count(FramePlan.FREE);
        this.allocated = init.count(FramePlan.ALLOCATED);
        this.reservedCount = init.count(FramePlan.RESERVED);
        boolean[] isFree = new boolean[frameCount];
        for (int i = 0; i < frameCount; i++) {
            byte s = init.states()[i];
            isFree[i] = s == FramePlan.FREE;
            if (s == FramePlan.RESERVED) {
                reserved[i >>> WORD_SHIFT] |= 1L << i;
            }
        }
        // Zero the whole reserved span first so the bytes past the last word are not stale.
        ram.fill(init.metadataBase(), bitmapFrames * FRAME_SIZE, 0);
        bitmap.writeInitial(isFree);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The lowest free frame, found from the hint, or NO_FRAME. */
    @Override
    public synchronized long allocFrame(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        long i = bitmap.firstFree(hint);
        if (i < 0) {
            hint = frameCount;
            return NO_FRAME;
        }
        hint = i + 1;
        mark(i, 1, true, owner);
        return FRAMES_BASE + i * FRAME_SIZE;
    }

    /**
     * The lowest run of {@code count} free frames starting at a multiple of {@code alignFrames};
     * NO_FRAME if there is none.
     *
     * @throws IllegalArgumentException if count &lt; 1 or alignFrames is not a power of two &gt;= 1
     */
    @Override
    public synchronized long allocContiguous(long count, long alignFrames, Owner owner) {
        FrameRequests.checkContiguous(count, alignFrames, owner);
        // A run of 64+ frames starting on a word boundary begins with a word of 64 free frames.
        boolean wholeWords = alignFrames >= Bitmap.BITS_PER_WORD && count >= Bitmap.BITS_PER_WORD;
        // Written out, not shared through a search taking the scans as functions: that way 2 MiB runs
        // measured 30-40% slower.
        long i = hint;
        while (true) {
            i = bitmap.firstFree(i);
            if (i < 0) {
                return NO_FRAME;
            }
            i = FrameRequests.alignUp(i, alignFrames);
            if (wholeWords) {
                long w = bitmap.firstEmptyWord(i >>> WORD_SHIFT);
                if (w < 0) {
                    return NO_FRAME;
                }
                i = FrameRequests.alignUp(w << WORD_SHIFT, alignFrames);
            }
            if (i > frameCount - count) {
                return NO_FRAME;
            }
            long blocker = bitmap.firstNonFree(i, i + count);
            if (blocker == i + count) {
                mark(i, count, true, owner);
                return FRAMES_BASE + i * FRAME_SIZE;
            }
            i = blocker + 1;
        }
    }

    /** Frees one allocated frame; refuses free, reserved, misaligned and out-of-range addresses. */
    @Override
    public synchronized void freeFrame(long pa) {
        int i = frameIndex("freeFrame", pa);
        checkAllocated("freeFrame", pa, i);
        mark(i, 1, false, Owner.NONE);
    }

    @Override
    public synchronized void freeContiguous(long pa, long count) {
        int first = frameIndex("freeContiguous", pa);
        FrameRequests.checkRunFits(pa, count, first, frameCount);
        if (!allAllocated(first, first + count)) {
            // Name the first frame that is not allocated; checkAllocated throws there.
            for (long k = 0; k < count; k++) {
                checkAllocated("freeContiguous", FRAMES_BASE + (first + k) * FRAME_SIZE, first + k);
            }
        }
        mark(first, count, false, Owner.NONE);
    }

    @Override
    public synchronized FrameState state(long pa) {
        return stateOf(frameIndex("state", pa));
    }

    @Override
    public synchronized Owner owner(long pa) {
        int i = frameIndex("owner", pa);
        return bitmap.isSet(i) ? OWNERS[owners[i]] : Owner.NONE;
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    /** Counts kept as frames change; the largest free run is a scan of the bitmap words. */
    @Override
    public synchronized FrameStats stats() {
        return new FrameStats(frameCount, free, allocated, reservedCount, bitmap.largestFreeRun());
    }

    @Override
    public List<OwnedRange> metadata() {
        return List.of(new OwnedRange(bitmap.base(), bitmapFrames * FRAME_SIZE, Owner.ALLOCATOR_METADATA,
                "bitmap, one bit per frame"));
    }

    /** Runs of equal (state, owner) read from the bitmap in RAM, the reserved bits and the owner table. */
    @Override
    public synchronized AllocationState exportState() {
        FrameRuns runs = new FrameRuns();
        for (int w = 0; w < bitmap.words(); w++) {
            long word = bitmap.word(w);
            int end = Math.min(frameCount, (w + 1) << WORD_SHIFT);
            for (int i = w << WORD_SHIFT; i < end; i++) {
                FrameState s = ((word >>> i) & 1) == 0 ? FrameState.FREE : isReserved(i) ? FrameState.RESERVED
                        : FrameState.ALLOCATED;
                runs.add(s, OWNERS[owners[i]]);
            }
        }
        return runs.build();
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public String describe() {
        return String.format("bitmap frame allocator: one bit per 4 KiB frame in RAM, 0 free, 1 allocated or reserved;"
                + " 64 frames per read64%n"
                + "search: lowest free frame, from a hint below which every frame is taken; a host-side summary"
                + " (%d longs, one bit per bitmap word with a free frame) skips full words%n"
                + "bitmap: [0x%x, 0x%x), %d bytes in %d reserved frames; reserved bits and owners kept host-side%n"
                + "frames: %d (up to 0x%x), frame i at 0x%x + i * 4096",
                bitmap.summaryLongs(), bitmap.base(), bitmap.base() + bitmap.bytes(), bitmap.bytes(), bitmapFrames,
                frameCount, (long) frameCount * FRAME_SIZE, FRAMES_BASE);
    }

    private FrameState stateOf(long i) {
        if (!bitmap.isSet(i)) {
            return FrameState.FREE;
        }
        return isReserved(i) ? FrameState.RESERVED : FrameState.ALLOCATED;
    }

    /** True if every frame of [from, to) is allocated: set in RAM and not reserved, a word at a time. */
    private boolean allAllocated(long from, long to) {
        long i = from;
        while (i < to) {
            int w = (int) (i >>> WORD_SHIFT);
            long wordEnd = (long) (w + 1) << WORD_SHIFT;
            long end = Math.min(to, wordEnd);
            long mask = (-1L << i) & (end == wordEnd ? -1L : ~(-1L << end));
            if ((bitmap.word(w) & mask) != mask || (reserved[w] & mask) != 0) {
                return false;
            }
            i = end;
        }
        return true;
    }

    private boolean isReserved(long i) {
        return ((reserved[(int) (i >>> WORD_SHIFT)] >>> i) & 1) != 0;
    }

    /** The frame index of {@code pa}, or a FrameException naming it. */
    private int frameIndex(String op, long pa) {
        return FrameRequests.frameIndex(op, pa, frameCount, "the bitmap"); // FRAMES_BASE is 0
    }

    private void checkAllocated(String op, long pa, long i) {
        if (!bitmap.isSet(i)) {
            throw FrameRequests.alreadyFree(op, pa);
        }
        if (isReserved(i)) {
            throw FrameRequests.reserved(op, pa, OWNERS[owners[(int) i]]);
        }
    }

    /** Sets or clears {@code count} bits from {@code i}, keeping the counters, owners, hint and version in step. */
    private void mark(long i, long count, boolean allocate, Owner owner) {
        bitmap.setRange(i, i + count, allocate);
        Arrays.fill(owners, (int) i, (int) (i + count), (byte) owner.ordinal());
        long delta = allocate ? count : -count;
        allocated += delta;
        free -= delta;
        if (!allocate && i < hint) {
            hint = i;
        }
        version++;
    }
}
