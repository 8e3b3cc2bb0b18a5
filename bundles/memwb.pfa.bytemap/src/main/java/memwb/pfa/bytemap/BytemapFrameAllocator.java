package memwb.pfa.bytemap;

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
import memwb.pfa.support.EntryTable;
import memwb.pfa.support.FramePlan;
import memwb.pfa.support.FrameRequests;

/**
 * The notes' page frame allocator: a bytemap in emulated RAM, one byte per 4 KiB frame (0 free,
 * 1 allocated, 2 reserved), placed just below the kernel image. Frame i is at the notes' frames
 * pointer (physical 0) + i * 4096. The bytemap in RAM is the only truth about states.
 *
 * <p>Corrections to the notes: the bytemap indexes frames up to the memory map's limit (not the sum
 * of region sizes, which would miss everything above the first hole); holes, non-usable regions and
 * partially usable frames are reserved; frees are validated. Owners do not fit in the notes' three
 * codes, so they live in a host-side table (one Owner ordinal per frame) that only says who, never
 * whether a frame is free.
 *
 * <p>Calls are serialised on this object, like xv6's kmem.lock.
 */
public final class BytemapFrameAllocator implements FrameAllocator {
    public static final String NAME = "bytemap";
    /** The notes' frames pointer: frame 0 starts at physical address 0. */
    static final long FRAMES_BASE = 0;
    private static final byte FREE = Bytemap.FREE;
    private static final byte ALLOCATED = Bytemap.ALLOCATED;
    private static final byte RESERVED = Bytemap.RESERVED;
    private static final Owner[] OWNERS = Owner.values();

    private final SearchMode search;
    private final Bytemap bytemap;
    private final long bytemapFrames;
    private final int frameCount;
    private final byte[] owners;
    private long free;
    private long allocated;
    private long reserved;
    private long nextFit;
    private long version;

    /**
     * Builds the allocator over {@code ram}'s memory map, adopting {@code adopt} if not null, and
     * writes its bytemap into RAM (see {@link BytemapProvider} for the placement rules).
     *
     * @throws IllegalArgumentException for unknown options or an adopted state that does not fit
     * @throws FrameException if the bytemap does not fit below {@code metadataBelow}; RAM is untouched then
     */
    public static BytemapFrameAllocator create(PhysicalMemory ram, long metadataBelow, AllocationState adopt,
            Map<String, String> options) {
        SearchMode search = SearchMode.fromOptions(options);
        // One bytemap byte per frame.
        FramePlan init = FramePlan.build(ram.memoryMap(), metadataBelow, adopt, "the bytemap", frames -> frames);
        return new BytemapFrameAllocator(ram, search, init);
    }

    private BytemapFrameAllocator(PhysicalMemory ram, SearchMode search, FramePlan init) {
        this.search = search;
        this.bytemap = new Bytemap(ram, init.metadataBase(), init.states().length);
        this.bytemapFrames = init.metadataFrames();
        this.frameCount = init.states().length;
        this.owners = init.owners();
        // Zero the whole reserved span first so the bytes past the last entry are not stale.
        ram.fill(init.metadataBase(), bytemapFrames * FRAME_SIZE, FREE);
        ram.write(init.metadataBase(), init.states(), 0, frameCount);
        free = init.count(FREE);
        allocated = init.count(ALLOCATED);
        reserved = init.count(RESERVED);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The notes' kalloc_frame: the lowest free frame (next-fit: the next one after the last), or NO_FRAME. */
    @Override
    public synchronized long allocFrame(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        long i = search == SearchMode.NEXT_FIT ? firstFreeWrapping(nextFit) : bytemap.firstFree(0, frameCount);
        if (i < 0) {
            return NO_FRAME;
        }
        mark(i, 1, ALLOCATED, owner);
        return FRAMES_BASE + i * FRAME_SIZE;
    }

    /**
     * First fit of {@code count} free frames starting at a multiple of {@code alignFrames}, in both
     * search modes; NO_FRAME if there is none.
     *
     * @throws IllegalArgumentException if count &lt; 1 or alignFrames is not a power of two &gt;= 1
     */
    @Override
    public synchronized long allocContiguous(long count, long alignFrames, Owner owner) {
        FrameRequests.checkContiguous(count, alignFrames, owner);
        long i = 0;
        while (true) {
            i = bytemap.firstFree(i, frameCount);
            if (i < 0) {
                return NO_FRAME;
            }
            i = FrameRequests.alignUp(i, alignFrames);
            if (i > frameCount - count) {
                return NO_FRAME;
            }
            long blocker = bytemap.firstNonFree(i, i + count);
            if (blocker == i + count) {
                mark(i, count, ALLOCATED, owner);
                return FRAMES_BASE + i * FRAME_SIZE;
            }
            i = blocker + 1;
        }
    }

    /** The notes' kfree_frame, validated: only an allocated frame can be freed. */
    @Override
    public synchronized void freeFrame(long pa) {
        int i = frameIndex("freeFrame", pa);
        checkAllocated("freeFrame", pa, entry(i), i);
        mark(i, 1, FREE, Owner.NONE);
    }

    @Override
    public synchronized void freeContiguous(long pa, long count) {
        int first = frameIndex("freeContiguous", pa);
        FrameRequests.checkRunFits(pa, count, first, frameCount);
        byte[] run = new byte[(int) count];
        bytemap.read(first, run, 0, run.length);
        for (int k = 0; k < run.length; k++) {
            checkAllocated("freeContiguous", FRAMES_BASE + (first + k) * FRAME_SIZE, run[k], first + k);
        }
        mark(first, count, FREE, Owner.NONE);
    }

    @Override
    public synchronized FrameState state(long pa) {
        return FrameState.ofCode(entry(frameIndex("state", pa)));
    }

    @Override
    public synchronized Owner owner(long pa) {
        int i = frameIndex("owner", pa);
        return entry(i) == FREE ? Owner.NONE : OWNERS[owners[i]];
    }

    @Override
    public long frameCount() {
        return frameCount;
    }

    /** Counts kept as frames change; the largest free run is a scan of the bytemap. */
    @Override
    public synchronized FrameStats stats() {
        long largest = EntryTable.largestRun(frameCount, this::read, code -> code == FREE);
        return new FrameStats(frameCount, free, allocated, reserved, largest);
    }

    @Override
    public List<OwnedRange> metadata() {
        return List.of(new OwnedRange(bytemap.base(), bytemapFrames * FRAME_SIZE, Owner.ALLOCATOR_METADATA,
                "bytemap, one byte per frame"));
    }

    /** Runs of equal (state, owner) read from the bytemap in RAM and the owner table. */
    @Override
    public synchronized AllocationState exportState() {
        return EntryTable.export(frameCount, this::read, FrameState::ofCode, owners);
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public String describe() {
        return String.format("bytemap frame allocator (the notes' kalloc_frame): one byte per 4 KiB frame in RAM,"
                + " 0 free, 1 allocated, 2 reserved%n"
                + "search: %s (allocContiguous is always first fit)%n"
                + "bytemap: [0x%x, 0x%x), %d bytes in %d reserved frames%n"
                + "frames: %d (up to 0x%x), frame i at 0x%x + i * 4096",
                search.optionValue(), bytemap.base(), bytemap.base() + frameCount, frameCount, bytemapFrames,
                frameCount, (long) frameCount * FRAME_SIZE, FRAMES_BASE);
    }


    /** The frame index of {@code pa}, or a FrameException naming it. */
    private int frameIndex(String op, long pa) {
        return FrameRequests.frameIndex(op, pa, frameCount, "the bytemap"); // FRAMES_BASE is 0
    }

    private void checkAllocated(String op, long pa, int code, int i) {
        if (code == RESERVED) {
            throw FrameRequests.reserved(op, pa, OWNERS[owners[i]]);
        }
        if (code == FREE) {
            throw FrameRequests.alreadyFree(op, pa);
        }
    }

    private void read(int from, byte[] into, int length) {
        bytemap.read(from, into, 0, length);
    }

    private int entry(long i) {
        return bytemap.get(i);
    }

    /** Writes {@code count} entries from {@code i}, keeping the counters, owners and version in step. */
    private void mark(long i, long count, byte code, Owner owner) {
        bytemap.set(i, count, code);
        Arrays.fill(owners, (int) i, (int) (i + count), (byte) owner.ordinal());
        long delta = code == ALLOCATED ? count : -count;
        allocated += delta;
        free -= delta;
        if (code == ALLOCATED) {
            nextFit = i + count == frameCount ? 0 : i + count;
        }
        version++;
    }

    private long firstFreeWrapping(long from) {
        long i = bytemap.firstFree(from, frameCount);
        return i >= 0 ? i : bytemap.firstFree(0, from);
    }
}
