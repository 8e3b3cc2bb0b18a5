package memwb.pfa.support;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;

/**
 * Every frame's state and owner when a frame allocator starts, before it writes its metadata: the
 * memory map, then the adopted state on top (hot swap), then the allocator's own metadata frames
 * placed below {@code metadataBelow}, and the previous allocator's metadata released. This is the
 * contract of {@link memwb.api.pfa.FrameAllocatorProvider#create}, done once for every allocator.
 * Pure host arithmetic: nothing touches RAM, so a refusal here changes nothing.
 *
 * <p>States are the notes' codes: {@link #FREE}, {@link #ALLOCATED}, {@link #RESERVED}; owners are
 * {@link Owner} ordinals.
 */
public final class FramePlan {
    public static final byte FREE = 0;
    public static final byte ALLOCATED = 1;
    public static final byte RESERVED = 2;
    static final long FRAME_SIZE = FrameAllocator.FRAME_SIZE;
    /** Host tables are Java arrays indexed by frame. */
    public static final int MAX_FRAMES = Integer.MAX_VALUE - 8;
    /** Host-only marker for the previous allocator's metadata while the new one is placed. */
    private static final byte OLD_METADATA = 3;

    private final byte[] states;
    private final byte[] owners;
    private final long metadataBase;
    private final long metadataFrames;

    private FramePlan(byte[] states, byte[] owners, long metadataBase, long metadataFrames) {
        this.states = states;
        this.owners = owners;
        this.metadataBase = metadataBase;
        this.metadataFrames = metadataFrames;
    }

    /** Every frame's state code, indexed by frame number; the caller owns the array. */
    public byte[] states() {
        return states;
    }

    /** Every frame's {@link Owner} ordinal, indexed by frame number; the caller owns the array. */
    public byte[] owners() {
        return owners;
    }

    /** How many frames start in {@code state} ({@link #FREE}, {@link #ALLOCATED} or {@link #RESERVED}). */
    public long count(byte state) {
        long n = 0;
        for (byte s : states) {
            n += s == state ? 1 : 0;
        }
        return n;
    }

    /** Physical address of the metadata placed (a frame boundary). */
    public long metadataBase() {
        return metadataBase;
    }

    /** Frames the metadata takes. */
    public long metadataFrames() {
        return metadataFrames;
    }

    /**
     * Plans the frames of {@code map} for a new allocator.
     *
     * @param metadata      what the allocator's metadata is called in messages ("the bytemap")
     * @param metadataBytes the metadata's size in bytes for a given frame count
     * @throws FrameException if the metadata does not fit in free usable RAM below {@code metadataBelow}
     *         or the map is too large to index
     * @throws IllegalArgumentException if {@code adopt} does not fit this map
     */
    public static FramePlan build(MemoryMap map, long metadataBelow, AllocationState adopt, String metadata,
            LongUnaryOperator metadataBytes) {
        long frameCount = ceilFrame(map.limit());
        if (frameCount > MAX_FRAMES) {
            throw new FrameException(map.limit(), String.format("memory map limit 0x%x needs %d frames; %s indexes at "
                    + "most %d", map.limit(), frameCount, metadata, MAX_FRAMES));
        }
        int n = (int) frameCount;
        // Everything starts reserved (holes: owner NONE); only whole frames inside usable regions become free.
        byte[] states = new byte[n];
        byte[] owners = new byte[n];
        Arrays.fill(states, RESERVED);
        for (MemoryRegion r : map.regions()) {
            if (r.type() == RegionType.USABLE) {
                fill(states, ceilFrame(r.base()), r.end() / FRAME_SIZE, FREE);
            } else {
                fill(owners, r.base() / FRAME_SIZE, ceilFrame(r.end()), (byte) Owner.FIRMWARE.ordinal());
            }
        }
        if (adopt != null) {
            applyAdopted(states, owners, adopt);
        }
        long bytes = metadataBytes.applyAsLong(frameCount);
        long frames = ceilFrame(bytes);
        long base = place(states, frames, metadataBelow, metadata, bytes);
        fill(states, base, base + frames, RESERVED);
        fill(owners, base, base + frames, (byte) Owner.ALLOCATOR_METADATA.ordinal());
        // The new metadata is placed, so the old allocator's is no longer needed.
        for (int i = 0; i < n; i++) {
            if (states[i] == OLD_METADATA) {
                states[i] = FREE;
                owners[i] = (byte) Owner.NONE.ordinal();
            }
        }
        return new FramePlan(states, owners, base * FRAME_SIZE, frames);
    }

    /**
     * Lays the adopted runs over the map's view: allocated frames stay allocated with their owner,
     * reserved frames keep their owner, the old ALLOCATOR_METADATA frames are marked for release, and
     * FREE never overrides the map (a frame is free only if the map also offers it). Frames no run
     * mentions follow the memory map.
     */
    private static void applyAdopted(byte[] states, byte[] owners, AllocationState adopt) {
        if (adopt.frameCount() != states.length) {
            throw new IllegalArgumentException("adopted state indexes " + adopt.frameCount()
                    + " frames but this memory map needs " + states.length);
        }
        long prevEnd = 0;
        List<FrameRun> runs = adopt.runs();
        for (int k = 0; k < runs.size(); k++) {
            FrameRun run = runs.get(k);
            if (run.count() < 1 || run.firstFrame() < prevEnd || run.firstFrame() + run.count() > states.length
                    || run.state() == null || run.owner() == null) {
                throw new IllegalArgumentException(String.format("adopted run %d (frames %d+%d, %s, %s) is empty, "
                        + "unsorted, overlapping or past frame %d", k, run.firstFrame(), run.count(), run.state(),
                        run.owner(), states.length));
            }
            prevEnd = run.firstFrame() + run.count();
            for (int i = (int) run.firstFrame(); i < prevEnd; i++) {
                boolean usable = states[i] == FREE;
                switch (run.state()) {
                    case ALLOCATED -> {
                        if (!usable) {
                            throw new IllegalArgumentException(String.format("adopted run %d allocates frame 0x%x "
                                    + "but the memory map has no usable RAM there", k, i * FRAME_SIZE));
                        }
                        states[i] = ALLOCATED;
                        owners[i] = (byte) run.owner().ordinal();
                    }
                    case RESERVED -> {
                        boolean oldMetadata = usable && run.owner() == Owner.ALLOCATOR_METADATA;
                        states[i] = oldMetadata ? OLD_METADATA : RESERVED;
                        owners[i] = (byte) run.owner().ordinal();
                    }
                    case FREE -> { }
                }
            }
        }
    }

    /** The highest run of {@code count} free frames ending at or below {@code below} (a byte address). */
    private static long place(byte[] states, long count, long below, String metadata, long bytes) {
        long top = Math.min(Math.floorDiv(below, FRAME_SIZE), states.length);
        long run = 0;
        for (long i = top - 1; i >= 0; i--) {
            run = states[(int) i] == FREE ? run + 1 : 0;
            if (run == count) {
                return i;
            }
        }
        throw new FrameException(below, String.format("no room for %s: %d bytes (%d frames) of free usable RAM "
                + "needed below 0x%x", metadata, bytes, count, below));
    }

    private static long ceilFrame(long bytes) {
        return (bytes + FRAME_SIZE - 1) / FRAME_SIZE;
    }

    private static void fill(byte[] a, long from, long to, byte value) {
        if (from < to) {
            Arrays.fill(a, (int) from, (int) Math.min(to, a.length), value);
        }
    }
}
