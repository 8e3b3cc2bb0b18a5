package memwb.api.vmm;

/**
 * One present leaf of an address space, as the tables in RAM say: {@code size} bytes at linear
 * {@code va} (canonical) map to physical {@code pa}. {@code rights} are the effective rights
 * (R/W and U/S ANDed over the levels, XD ORed); {@code entry} is the leaf's raw value.
 */
public record Mapping(long va, long pa, long size, Rights rights, int level, long entry) {
    public long end() {
        return va + size;
    }
}
