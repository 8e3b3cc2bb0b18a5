package memwb.api.heap;

import java.util.List;

/**
 * What a heap hands over on a hot swap or a snapshot: its live blocks (payload address and the bytes
 * the caller may use, ascending). The adopting heap keeps every one at its address with its bytes,
 * writes its own headers and control block around them, and treats the rest of the region's mapped
 * pages as free space; if its block layout cannot fit around them it refuses, changing nothing.
 */
public record HeapState(String from, List<LiveBlock> live) {
    public HeapState {
        live = List.copyOf(live);
    }

    /** A live block: the address malloc returned and its usable size. */
    public record LiveBlock(long payload, long size) {
    }
}
