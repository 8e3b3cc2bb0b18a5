package memwb.api.machine;

/**
 * Something the machine did: a frame allocated, a mapping made, a fault, a TLB flush, a swap.
 * {@code kind} is a short dotted word views filter on ("pfa.alloc", "pfa.free", "boot", ...);
 * {@code address} is the physical or virtual address concerned, or -1.
 */
public record MachineEvent(long sequence, long timeMillis, String kind, long address, String message) {
}
