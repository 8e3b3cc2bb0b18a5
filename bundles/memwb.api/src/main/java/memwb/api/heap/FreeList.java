package memwb.api.heap;

import java.util.List;

/** One free list (bin) of a heap: its name (e.g. "64-79 bytes") and the headers of its free blocks in list order. */
public record FreeList(String name, List<Long> blocks) {
    public FreeList {
        blocks = List.copyOf(blocks);
    }
}
