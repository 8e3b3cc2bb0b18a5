package memwb.heap.tlsf;

/**
 * TLSF's two-level size classes. Blocks are multiples of {@link #GRANULE} bytes. Below
 * {@link #SMALL_LIMIT} every class is exact (first level 0, second level = size / 16); above it the
 * first level is the power of two the size falls in and the second level splits that power into
 * {@link #SL_COUNT} equal parts, so a class spans at most 1/8 of its sizes.
 */
final class SizeClasses {
    static final int GRANULE = 16;
    static final int SL_LOG = 3;
    static final int SL_COUNT = 1 << SL_LOG;
    /** Sizes below this (bytes) have exact classes: SL_COUNT classes of GRANULE bytes each. */
    static final long SMALL_LIMIT = (long) SL_COUNT * GRANULE;
    private static final int SMALL_LOG = 63 - Long.numberOfLeadingZeros(SMALL_LIMIT);
    /** First levels: 0 for the small classes, then one per power of two from 128 B to 2 GiB. */
    static final int FL_COUNT = 26;
    /** Largest block a class can hold (exclusive): 2^(SMALL_LOG + FL_COUNT - 1) = 4 GiB. */
    static final long MAX_BLOCK = 1L << (SMALL_LOG + FL_COUNT - 1);
    static final int LIST_COUNT = FL_COUNT * SL_COUNT;

    private SizeClasses() {
    }

    /** The list (first level * SL_COUNT + second level) a free block of {@code size} bytes is kept on. */
    static int listOf(long size) {
        if (size < SMALL_LIMIT) {
            return (int) (size / GRANULE);
        }
        int log = 63 - Long.numberOfLeadingZeros(size);
        int sl = (int) ((size >>> (log - SL_LOG)) & (SL_COUNT - 1));
        return (log - SMALL_LOG + 1) * SL_COUNT + sl;
    }

    /** The first list whose every block holds {@code size} bytes (TLSF's mapping_search: round up to the next class). */
    static int firstListHolding(long size) {
        if (size < SMALL_LIMIT) {
            return (int) (size / GRANULE);
        }
        int log = 63 - Long.numberOfLeadingZeros(size);
        long rounded = size + (1L << (log - SL_LOG)) - 1;
        return listOf(rounded);
    }

    /** The smallest block size list {@code list} holds, for names and checks. */
    static long lowerBound(int list) {
        int fl = list / SL_COUNT;
        int sl = list % SL_COUNT;
        if (fl == 0) {
            return (long) sl * GRANULE;
        }
        int log = fl + SMALL_LOG - 1;
        return (1L << log) + ((long) sl << (log - SL_LOG));
    }

    /** The first block size past list {@code list}. */
    static long upperBound(int list) {
        return list + 1 < LIST_COUNT ? lowerBound(list + 1) : MAX_BLOCK;
    }
}
