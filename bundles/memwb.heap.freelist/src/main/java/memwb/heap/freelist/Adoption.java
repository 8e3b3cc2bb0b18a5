package memwb.heap.freelist;

import memwb.api.heap.HeapException;
import memwb.api.heap.HeapMemory;
import memwb.api.heap.HeapState;

/** Takes over another heap's live blocks (written in the next step). */
final class Adoption {
    private Adoption() {
    }

    static FreeListHeap adopt(HeapMemory mem, HeapState state, FreeListOptions options) {
        throw new HeapException(mem.base(), "adoption is not written yet");
    }
}
