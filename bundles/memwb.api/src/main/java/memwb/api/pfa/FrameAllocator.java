package memwb.api.pfa;

import java.util.List;

import memwb.api.ram.OwnedRange;
import memwb.api.ram.Owner;

/**
 * A physical page frame allocator: hands out 4 KiB frames of one machine's RAM. Its metadata lives
 * in that RAM (real bytes at {@link #metadata()}), reserved so it is never handed out.
 *
 * <p>Frame address = index * {@link #FRAME_SIZE}; frame 0 is physical address 0.
 * Errors never corrupt state: a refused free leaves the allocator exactly as it was.
 */
@org.osgi.annotation.versioning.ProviderType
public interface FrameAllocator {
    long FRAME_SIZE = 4096;
    /** Returned by the alloc methods when no frame (or run) is free: a result, not an exception. */
    long NO_FRAME = -1L;

    /** The implementation's name, e.g. "bytemap". */
    String name();

    /** Allocates one frame for {@code owner}: its physical address, or {@link #NO_FRAME}. */
    long allocFrame(Owner owner);

    /**
     * Allocates {@code count} physically contiguous frames whose first address is a multiple of
     * {@code alignFrames} * 4 KiB: the first address, or {@link #NO_FRAME}.
     */
    long allocContiguous(long count, long alignFrames, Owner owner);

    /**
     * Frees one allocated frame.
     *
     * @throws FrameException naming the address if it is misaligned, out of range, reserved or
     *         already free; nothing changes then
     */
    void freeFrame(long pa);

    /** Frees a run from {@link #allocContiguous}; validates every frame before changing any. */
    void freeContiguous(long pa, long count);

    /** @throws FrameException if {@code pa} is misaligned or out of range */
    FrameState state(long pa);

    /** Who an allocated frame belongs to; {@link Owner#NONE} for free frames. */
    Owner owner(long pa);

    /** Number of frames indexed: up to the highest address of the memory map. */
    long frameCount();

    FrameStats stats();

    /** Where the allocator's own metadata sits in RAM. */
    List<OwnedRange> metadata();

    /** Every frame's state and owner as runs, for views, snapshots and migration to another allocator. */
    AllocationState exportState();

    /** Counts every change, so views redraw only on change. */
    long version();

    /** A few lines for {@code info frames}: algorithm, options, where the metadata is. */
    String describe();
}
