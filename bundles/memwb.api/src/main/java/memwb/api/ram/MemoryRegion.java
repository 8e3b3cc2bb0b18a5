package memwb.api.ram;

/** One firmware region: {@code [base, base + length)} of one type. */
public record MemoryRegion(long base, long length, RegionType type) {
    public MemoryRegion {
        if (length <= 0) {
            throw new IllegalArgumentException("region length must be positive: " + length);
        }
        if (base < 0 || base + length < 0) {
            throw new IllegalArgumentException(String.format("region 0x%x+0x%x overflows 64 bits", base, length));
        }
        java.util.Objects.requireNonNull(type, "type");
    }

    /** One past the last byte. */
    public long end() {
        return base + length;
    }

    /** The last byte (Linux prints this, inclusive). */
    public long last() {
        return base + length - 1;
    }

    public boolean contains(long pa) {
        return pa >= base && pa < end();
    }
}
