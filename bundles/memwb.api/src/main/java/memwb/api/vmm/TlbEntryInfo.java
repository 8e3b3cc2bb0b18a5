package memwb.api.vmm;

/**
 * One valid TLB entry: the page at linear {@code va} (canonical) maps to the frame at {@code pa}
 * with the cached effective rights, the leaf's D bit as cached, and G (with CR4.PGE). {@code large}
 * tells which TLB (4 KiB or large pages) holds it.
 */
public record TlbEntryInfo(long va, long pa, long pageSize, Rights rights, boolean dirty, boolean global, boolean large,
        int set, int way) {
}
