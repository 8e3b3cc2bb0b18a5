package memwb.api.heap;

/** A block as its header in RAM describes it: header address, payload address, size, free or not. */
public record HeapBlock(long header, long payload, long size, boolean free) {
}
