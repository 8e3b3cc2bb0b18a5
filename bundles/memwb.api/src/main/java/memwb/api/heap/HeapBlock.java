package memwb.api.heap;

/**
 * A piece of the heap as its metadata in RAM describes it, in address order, each ending where the
 * next begins unless the heap has a hole there. {@code header} is its first byte and {@code size}
 * its whole length (header, payload and any footer or padding), so the next piece starts at
 * {@code header + size}; {@code payload} is the address malloc returned.
 *
 * <p>{@code kind} says what the piece is: a {@link Kind#BLOCK} has a header of its own before its
 * payload; a {@link Kind#SLOT} is a fixed-size piece of a slab page with no header ({@code header ==
 * payload}); a {@link Kind#SLAB} is a slab page's metadata (its block header, page header or tail
 * padding), never handed out, so its payload is its end.
 */
public record HeapBlock(long header, long payload, long size, boolean free, Kind kind) {
    /** What a piece of the heap is. */
    public enum Kind {
        /** A block with a header before its payload. */
        BLOCK,
        /** A header-less slot of a slab page: one small allocation. */
        SLOT,
        /** Bytes of a slab page that are no slot: the page's header, the block header before it, padding. */
        SLAB
    }

    /** A block with a header (the only kind a heap without slabs has). */
    public HeapBlock(long header, long payload, long size, boolean free) {
        this(header, payload, size, free, Kind.BLOCK);
    }

    /** The first byte after this piece: the next one's header. */
    public long end() {
        return header + size;
    }

    /** True for an allocation a caller holds: a used block or slot (slab metadata is never one). */
    public boolean live() {
        return !free && kind != Kind.SLAB;
    }

    /** What a listing or a view calls it: "used block", "free slot", "slab page metadata". */
    public String label() {
        return switch (kind) {
            case BLOCK -> (free ? "free" : "used") + " block";
            case SLOT -> (free ? "free" : "used") + " slot";
            case SLAB -> "slab page metadata";
        };
    }

    /** The bytes the caller may use: payload to end, for a live block or slot (0 for slab metadata). */
    public long usable() {
        return kind == Kind.SLAB ? 0 : end() - payload;
    }
}
