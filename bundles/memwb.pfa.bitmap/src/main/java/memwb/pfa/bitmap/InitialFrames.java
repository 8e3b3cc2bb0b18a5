package memwb.pfa.bitmap;

import java.util.Arrays;
import java.util.List;

import memwb.api.pfa.AllocationState;
import memwb.api.pfa.FrameAllocator;
import memwb.api.pfa.FrameException;
import memwb.api.pfa.FrameRun;
import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.Owner;
import memwb.api.ram.RegionType;

/**
 * Every frame's state and owner before the bitmap is written: the memory map, then the adopted
 * state on top, then the bitmap's own frames placed below {@code metadataBelow}. Pure host
 * arithmetic: nothing touches RAM, so a refusal here changes nothing. The same rules as the
 * bytemap's (see {@link BitmapProvider}); only the metadata size differs.
 */
final class InitialFrames {
    static final long FRAME_SIZE = FrameAllocator.FRAME_SIZE;
    /** Owners are a host array indexed by frame, so at most this many frames. */
    static final int MAX_FRAMES = Integer.MAX_VALUE - 8;
    static final byte FREE = 0;
    static final byte ALLOCATED = 1;
    static final byte RESERVED = 2;
    /** Host-only marker for the previous allocator's metadata while the new bitmap is placed. */
    private static final byte OLD_METADATA = 3;

    final byte[] states;
    final byte[] owners;
    final long bitmapBase;
    final long bitmapFrames;

    private InitialFrames(byte[] states, byte[] owners, long bitmapBase, long bitmapFrames) {
        this.states = states;
        this.owners = owners;
        this.bitmapBase = bitmapBase;
        this.bitmapFrames = bitmapFrames;
    }

    /**
     * Builds the initial frames for {@code map}.
     *
     * @throws FrameException if the bitmap does not fit in free usable RAM below {@code metadataBelow}
     *         or the map is too large to index
     * @throws IllegalArgumentException if {@code adopt} does not fit this map
     */
    static InitialFrames build(MemoryMap map, long metadataBelow, AllocationState adopt) {
        long frameCount = ceilFrame(map.limit());
        if (frameCount > MAX_FRAMES) {
            throw new FrameException(map.limit(), String.format(
                    "memory map limit 0x%x needs %d frames; the bitmap allocator indexes at most %d",
                    map.limit(), frameCount, MAX_FRAMES));
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
        long bitmapFrames = ceilFrame((long) Bitmap.wordsFor(n) * Bitmap.WORD_BYTES);
        long base = place(states, bitmapFrames, metadataBelow);
        fill(states, base, base + bitmapFrames, RESERVED);
        fill(owners, base, base + bitmapFrames, (byte) Owner.ALLOCATOR_METADATA.ordinal());
        // The new bitmap is placed, so the old allocator's metadata is no longer needed.
        for (int i = 0; i < n; i++) {
            if (states[i] == OLD_METADATA) {
                states[i] = FREE;
                owners[i] = (byte) Owner.NONE.ordinal();
            }
        }
        return new InitialFrames(states, owners, base * FRAME_SIZE, bitmapFrames);
    }

    /**
     * Lays the adopted runs over the map's view: allocated frames stay allocated with their owner,
     * reserved frames keep their owner, the old ALLOCATOR_METADATA frames are marked for release, and
     * FREE never overrides the map. Frames no run mentions follow the memory map.
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
    private static long place(byte[] states, long count, long below) {
        long top = Math.min(Math.floorDiv(below, FRAME_SIZE), states.length);
        long run = 0;
        for (long i = top - 1; i >= 0; i--) {
            run = states[(int) i] == FREE ? run + 1 : 0;
            if (run == count) {
                return i;
            }
        }
        throw new FrameException(below, String.format("no room for the bitmap: %d bytes (%d frames) of free usable "
                + "RAM needed below 0x%x", (long) Bitmap.wordsFor(states.length) * Bitmap.WORD_BYTES, count, below));
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
