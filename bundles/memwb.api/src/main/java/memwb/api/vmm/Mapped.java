package memwb.api.vmm;

/**
 * A successful translation: linear {@code va} is physical {@code pa}, inside a page of
 * {@code pageSize} bytes with the effective {@code rights}; {@code tlbHit} says whether the TLB
 * answered (no walk).
 */
public record Mapped(long va, long pa, long pageSize, Rights rights, boolean tlbHit) implements Translation {
}
