package memwb.ram;

import java.util.ArrayList;
import java.util.List;

import memwb.api.ram.MemoryMap;
import memwb.api.ram.MemoryRegion;
import memwb.api.ram.PhysicalAccessException;

/**
 * Which physical bytes are installed: the regions of a memory map (of any type) with touching
 * neighbours joined, so the byte at each range's end is never installed. Works for any map, aligned
 * or not; a lookup is a binary search over a few dozen longs.
 */
final class InstalledRanges {
    private static final long ALL_INSTALLED = -1;

    private final long[] starts;
    private final long[] ends;
    private final long limit;

    InstalledRanges(MemoryMap map) {
        List<long[]> joined = new ArrayList<>();
        for (MemoryRegion r : map.regions()) {
            long[] lastRange = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (lastRange != null && lastRange[1] == r.base()) {
                lastRange[1] = r.end();
            } else {
                joined.add(new long[] {r.base(), r.end()});
            }
        }
        starts = joined.stream().mapToLong(r -> r[0]).toArray();
        ends = joined.stream().mapToLong(r -> r[1]).toArray();
        limit = map.limit();
    }

    /** True if byte {@code pa} is installed. */
    boolean contains(long pa) {
        int i = rangeAtOrBelow(pa);
        return i >= 0 && pa < ends[i];
    }

    /** True if every byte of {@code [pa, pa + length)} is installed ({@code length > 0}). */
    boolean covers(long pa, long length) {
        return pa >= 0 && firstMissing(pa, length) == ALL_INSTALLED;
    }

    /**
     * Refuses an access of {@code length > 0} bytes at {@code pa} unless every byte is installed.
     *
     * @throws PhysicalAccessException naming the first missing address, as a hole or beyond the top
     */
    void check(long pa, long length, String access) {
        // A negative long is an address at or above 2^63: far beyond the top.
        long bad = pa < 0 ? pa : firstMissing(pa, length);
        if (bad == ALL_INSTALLED && pa >= 0) {
            return;
        }
        String what = Long.compareUnsigned(bad, limit) >= 0
                ? String.format("0x%x is beyond the top of RAM (limit 0x%x)", bad, limit)
                : String.format("0x%x is in a hole (not installed RAM)", bad);
        throw new PhysicalAccessException(bad, String.format("%s of %d byte%s at 0x%x refused: %s",
                access, length, length == 1 ? "" : "s", pa, what));
    }

    /** The first address of {@code [pa, pa + length)} that is not installed, or ALL_INSTALLED; {@code pa >= 0}. */
    private long firstMissing(long pa, long length) {
        int i = rangeAtOrBelow(pa);
        if (i < 0 || pa >= ends[i]) {
            return pa;
        }
        return length > ends[i] - pa ? ends[i] : ALL_INSTALLED;
    }

    /** Index of the last range starting at or below {@code pa}, or -1. */
    private int rangeAtOrBelow(long pa) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= pa) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }
}
