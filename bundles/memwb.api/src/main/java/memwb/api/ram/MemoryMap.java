package memwb.api.ram;

import java.util.List;
import java.util.Optional;

/**
 * A normalised firmware memory map: sorted, non-overlapping, adjacent regions of one type merged,
 * usable regions 4 KiB aligned. Built by {@link MemoryMapFormat#normalise}; immutable.
 */
public record MemoryMap(List<MemoryRegion> regions) {
    public MemoryMap {
        regions = List.copyOf(regions);
        for (int i = 1; i < regions.size(); i++) {
            if (regions.get(i).base() < regions.get(i - 1).end()) {
                throw new IllegalArgumentException("memory map regions overlap or are unsorted at index " + i
                        + "; normalise it first");
            }
        }
    }

    /** One past the highest address of any region: what a frame allocator must index up to. */
    public long limit() {
        return regions.isEmpty() ? 0 : regions.get(regions.size() - 1).end();
    }

    /** Total bytes of usable regions. */
    public long usableBytes() {
        return regions.stream().filter(r -> r.type() == RegionType.USABLE).mapToLong(MemoryRegion::length).sum();
    }

    /** The region containing {@code pa}, if any (binary search). */
    public Optional<MemoryRegion> regionAt(long pa) {
        int lo = 0;
        int hi = regions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MemoryRegion r = regions.get(mid);
            if (pa < r.base()) {
                hi = mid - 1;
            } else if (pa >= r.end()) {
                lo = mid + 1;
            } else {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** True if every byte of {@code [base, base + length)} is in usable regions. */
    public boolean isUsable(long base, long length) {
        long pa = base;
        long end = base + length;
        while (pa < end) {
            Optional<MemoryRegion> r = regionAt(pa);
            if (r.isEmpty() || r.get().type() != RegionType.USABLE) {
                return false;
            }
            pa = r.get().end();
        }
        return true;
    }
}
