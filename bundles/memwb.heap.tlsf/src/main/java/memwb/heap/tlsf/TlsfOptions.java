package memwb.heap.tlsf;

import java.util.Map;

import memwb.api.heap.HeapException;

/**
 * The heap's options: {@code arenas} (1, or 2 to keep small and large blocks apart; default 2),
 * {@code small.max} (the largest request in bytes served from the small arena; default 256) and
 * {@code keep.pages} (free pages kept mapped for reuse past a top and at least in free holes, and the
 * most mapped ahead on growth; 0 gives every free page back at once; default 16), {@code slab.max}
 * (the largest request served from header-less slab slots, a multiple of 16 up to 256; 0 turns
 * slabs off; default 64) and {@code slab.threshold} (the live blocks of about a class's size before
 * it gets slab pages; default 64). Any other key is refused.
 */
record TlsfOptions(int arenas, long smallMax, long keepPages, long slabMax, long slabThreshold) {
    static final int DEFAULT_ARENAS = 2;
    /** Requests up to this many bytes go to the small arena: below binary's 448 and realloc's 512, above phases' 256. */
    static final long DEFAULT_SMALL_MAX = 256;
    /** 64 KiB: the VMM's map and unmap calls cost tens of microseconds each, so churn at a boundary must not reach it. */
    static final long DEFAULT_KEEP_PAGES = 16;
    /** Slabs up to 64 bytes: mean utilisation over the eight traces 0.9064 (other settings: benchmarks/README.md). */
    static final long DEFAULT_SLAB_MAX = 64;
    /** Thresholds of 16 to 256 give means of 0.9058-0.9070; without one, a heap with a few small blocks spends a page per class. */
    static final long DEFAULT_SLAB_THRESHOLD = 64;

    /** Parses {@code options} (null means none). @throws HeapException naming the key or value that is wrong */
    static TlsfOptions parse(Map<String, String> options) {
        int arenas = DEFAULT_ARENAS;
        long smallMax = DEFAULT_SMALL_MAX;
        long keepPages = DEFAULT_KEEP_PAGES;
        long slabMax = DEFAULT_SLAB_MAX;
        long slabThreshold = DEFAULT_SLAB_THRESHOLD;
        if (options != null) {
            for (Map.Entry<String, String> e : options.entrySet()) {
                switch (e.getKey()) {
                    case "arenas" -> {
                        arenas = (int) number(e.getKey(), e.getValue());
                        if (arenas != 1 && arenas != 2) {
                            throw new HeapException(0, "tlsf: option arenas=" + e.getValue() + " must be 1 or 2");
                        }
                    }
                    case "small.max" -> {
                        smallMax = number(e.getKey(), e.getValue());
                        if (smallMax < 0) {
                            throw new HeapException(0, "tlsf: option small.max=" + e.getValue() + " must not be negative");
                        }
                    }
                    case "keep.pages" -> {
                        keepPages = number(e.getKey(), e.getValue());
                        if (keepPages < 0) {
                            throw new HeapException(0, "tlsf: option keep.pages=" + e.getValue() + " must not be negative");
                        }
                    }
                    case "slab.max" -> {
                        slabMax = number(e.getKey(), e.getValue());
                        if (slabMax < 0 || slabMax > Slabs.MAX_SLOT || slabMax % SizeClasses.GRANULE != 0) {
                            throw new HeapException(0, "tlsf: option slab.max=" + e.getValue() + " must be a multiple of 16 from 0 (no slabs) to "
                                    + Slabs.MAX_SLOT);
                        }
                    }
                    case "slab.threshold" -> {
                        slabThreshold = number(e.getKey(), e.getValue());
                        if (slabThreshold < 0) {
                            throw new HeapException(0, "tlsf: option slab.threshold=" + e.getValue() + " must not be negative");
                        }
                    }
                    default -> throw new HeapException(0, "tlsf: unknown option \"" + e.getKey()
                            + "\" (known: arenas, small.max, keep.pages, slab.max, slab.threshold)");
                }
            }
        }
        return new TlsfOptions(arenas, smallMax, keepPages, slabMax, slabThreshold);
    }

    private static long number(String key, String value) {
        try {
            return Long.decode(value.trim());
        } catch (NumberFormatException | NullPointerException ex) {
            throw new HeapException(0, "tlsf: option " + key + "=" + value + " is not a number");
        }
    }
}
