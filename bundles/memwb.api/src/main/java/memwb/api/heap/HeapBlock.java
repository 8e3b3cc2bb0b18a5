package memwb.api.heap;

/**
 * A block as its header in RAM describes it. {@code header} is the block's first byte, {@code size}
 * the whole block (header, payload and any footer or padding) so the next block starts at
 * {@code header + size}; {@code payload} is the address malloc returned.
 */
public record HeapBlock(long header, long payload, long size, boolean free) {
    /** The first byte after this block: the next block's header. */
    public long end() {
        return header + size;
    }
}
