package memwb.vmm;

import java.util.ArrayList;
import java.util.List;

import memwb.api.vmm.Rights;
import memwb.api.vmm.TlbConfig;
import memwb.api.vmm.TlbEntryInfo;
import memwb.api.vmm.TlbStats;

/**
 * The modelled TLB: a set-associative array of 4 KiB translations and one of large-page
 * translations, LRU within a set. An entry caches the frame, the page size and the effective rights
 * of the walk that filled it (R/W and U/S ANDed, XD ORed), the leaf's D bit and G (with CR4.PGE).
 *
 * <p>Large pages are indexed by linear address bits from 21 up, so a 1 GiB or 4 MiB page may sit in
 * several sets, one per 2 MiB piece used (real TLBs fracture large pages like that too); INVLPG and
 * ranged invalidation therefore scan the whole large array, which is small.
 *
 * <p>Arrays instead of entry objects keep a hit allocation-free. The 4 KiB array is laid out way by
 * way: the most recently used way of every set first, then the next way of every set, and so on, so
 * the entry a hit most likely wants is at {@code (vpn & mask4k) * SLOT}, a mask and a shift away.
 */
final class Tlb {
    static final int R_W = 1;
    static final int R_U = 1 << 1;
    static final int R_X = 1 << 2;
    static final int R_D = 1 << 3;
    static final int R_G = 1 << 4;
    /** Marks a large-array slot in {@link #find}'s result. */
    static final int LARGE = 1 << 30;
    private static final int PAGE_SHIFT = 12;
    private static final int LARGE_INDEX_SHIFT = 21;
    private static final long INVALID_TAG = -1L;
    /** Never a page base (bases are 4 KiB aligned). */
    private static final long INVALID_BASE = 1L;

    private final TlbConfig config;
    /**
     * Longs per 4 KiB slot in {@link #e4k}: the tag (VPN, or -1) and frame | allowed | rights (rights
     * in bits 4:0, and in bits 10:5 the access kinds the MMU lets through on its hot path, see
     * {@link #recodeAllowed}). Within a set the ways are kept in LRU order, most recently used first,
     * so a hit on the most recent way writes nothing and the victim is always the last way.
     */
    static final int SLOT = 2;
    /** log2 of {@link #SLOT}: the most recently used way of set s is at array index s << SLOT_SHIFT. */
    static final int SLOT_SHIFT = 1;
    static final int TAG = 0;
    static final int DATA = 1;
    static final long RIGHTS_MASK = 0x1f;
    /** Where the MMU's allowed-access bits start in a 4 KiB entry's data, and all of them. */
    static final int ALLOWED_SHIFT = 5;
    static final long ALLOWED_MASK = 0x3fL << ALLOWED_SHIFT;
    final int ways4k;
    final int mask4k;
    private final int sets4k;
    /** Array distance between two ways of one set: one way of every set lies between them. */
    final int wayStride4k;
    private final boolean has4k;
    /** The 4 KiB entries interleaved, so a hit touches one cache line for tag, frame, rights and stamp. */
    final long[] e4k;
    private final int waysL;
    private final int maskL;
    private final boolean hasLarge;
    private final long[] baseL;
    private final long[] frameL;
    private final long[] sizeL;
    private final byte[] rightsL;
    private final long[] stampL;
    /** LRU time of the large-page array. */
    private long clock;
    /** Valid entries in the large-page array: with none (a heap of 4 KiB pages), a miss and an INVLPG skip its search. */
    private int largeValid;
    /** Hits through {@link #touch}; the MMU counts its hot-path hits and the misses itself and adds them. */
    long hits;
    long fills;
    long evictions;
    long invlpgs;
    long flushes;

    Tlb(TlbConfig config) {
        this.config = config;
        this.ways4k = config.ways4k();
        this.has4k = config.entries4k() > 0;
        this.mask4k = has4k ? config.entries4k() / ways4k - 1 : 0;
        this.sets4k = mask4k + 1;
        this.wayStride4k = sets4k * SLOT;
        this.e4k = new long[config.entries4k() * SLOT];
        this.waysL = config.waysLarge();
        this.hasLarge = config.entriesLarge() > 0;
        this.maskL = hasLarge ? config.entriesLarge() / waysL - 1 : 0;
        this.baseL = new long[config.entriesLarge()];
        this.frameL = new long[config.entriesLarge()];
        this.sizeL = new long[config.entriesLarge()];
        this.rightsL = new byte[config.entriesLarge()];
        this.stampL = new long[config.entriesLarge()];
        for (int i = 0; i < e4k.length; i += SLOT) {
            e4k[i + TAG] = INVALID_TAG;
        }
        java.util.Arrays.fill(baseL, INVALID_BASE);
    }

    TlbConfig config() {
        return config;
    }

    /** The large-array slot (| LARGE) holding {@code va}'s translation, or -1. No side effects. */
    int findLarge(long va) {
        if (largeValid != 0) {
            int base = ((int) (va >>> LARGE_INDEX_SHIFT) & maskL) * waysL;
            for (int i = base, end = base + waysL; i < end; i++) {
                if ((va & -sizeL[i]) == baseL[i]) {
                    return i | LARGE;
                }
            }
        }
        return -1;
    }

    /**
     * Makes the 4 KiB slot at array index {@code i} the most recently used of its set (moves it to the
     * front, shifting the ways before it back by one) and returns its new array index.
     */
    int promote4k(int i) {
        int front = i & (wayStride4k - 1); // the set's way 0: the stride is a power of two (sets are, and SLOT is)
        if (i != front) {
            long tag = e4k[i + TAG];
            long data = e4k[i + DATA];
            for (int j = i; j > front; j -= wayStride4k) {
                e4k[j + TAG] = e4k[j - wayStride4k + TAG];
                e4k[j + DATA] = e4k[j - wayStride4k + DATA];
            }
            e4k[front + TAG] = tag;
            e4k[front + DATA] = data;
        }
        return front;
    }

    /** The slot holding {@code va}'s translation (| LARGE for the large array), or -1. No side effects. */
    int find(long va) {
        if (has4k) {
            long vpn = va >>> PAGE_SHIFT;
            for (int i = ((int) vpn & mask4k) << SLOT_SHIFT; i < e4k.length; i += wayStride4k) {
                if (e4k[i + TAG] == vpn) {
                    return i / SLOT;
                }
            }
        }
        if (largeValid != 0) {
            int base = ((int) (va >>> LARGE_INDEX_SHIFT) & maskL) * waysL;
            for (int i = base, end = base + waysL; i < end; i++) {
                if ((va & -sizeL[i]) == baseL[i]) {
                    return i | LARGE;
                }
            }
        }
        return -1;
    }

    int rights(int slot) {
        return (slot & LARGE) == 0 ? (int) (e4k[slot * SLOT + DATA] & RIGHTS_MASK) : rightsL[slot & ~LARGE];
    }

    /** The physical address of {@code va} through {@code slot}. */
    long physical(int slot, long va) {
        if ((slot & LARGE) == 0) {
            return (e4k[slot * SLOT + DATA] & ~0xfffL) | (va & 0xfff);
        }
        int i = slot & ~LARGE;
        return frameL[i] | (va & (sizeL[i] - 1));
    }

    long pageSize(int slot) {
        return (slot & LARGE) == 0 ? 4096 : sizeL[slot & ~LARGE];
    }

    /** A lookup that hit: counts it, makes the slot most recently used, and returns where it is now. */
    int touch(int slot) {
        hits++;
        if ((slot & LARGE) == 0) {
            return promote4k(slot * SLOT) / SLOT;
        }
        stampL[slot & ~LARGE] = ++clock;
        return slot;
    }

    /**
     * Caches a walk's result for the page of {@code pageSize} bytes holding {@code va}; a 4 KiB entry
     * also keeps the MMU's {@code allowed} bits (see {@link #recodeAllowed}).
     */
    void fill(long va, long frame, long pageSize, int rights, int allowed) {
        if (pageSize == 4096) {
            fill4k(va, frame, rights | allowed);
        } else {
            fillLarge(va, frame, pageSize, rights);
        }
    }

    /** {@link #fill} for a 4 KiB page, {@code rightsAndAllowed} in bits 10:0. */
    void fill4k(long va, long frame, int rightsAndAllowed) {
        if (!has4k) {
            return;
        }
        long vpn = va >>> PAGE_SHIFT;
        int front = ((int) vpn & mask4k) << SLOT_SHIFT;
        int last = front + (ways4k - 1) * wayStride4k;
        // The way that already holds the page (a walk to set D refreshes its entry), else the first
        // free way, else the least recently used. The whole set is searched for the page first: taking
        // a free way in front of it would cache the page twice.
        int i = -1;
        int free = -1;
        for (int j = front; j <= last; j += wayStride4k) {
            long tag = e4k[j + TAG];
            if (tag == vpn) {
                i = j;
                break;
            }
            if (tag == INVALID_TAG && free < 0) {
                free = j;
            }
        }
        if (i < 0) {
            i = free >= 0 ? free : last;
            if (free < 0) {
                evictions++;
            }
        }
        e4k[i + TAG] = vpn;
        e4k[i + DATA] = frame | rightsAndAllowed;
        promote4k(i);
        fills++;
    }

    private void fillLarge(long va, long frame, long pageSize, int rights) {
        if (!hasLarge) {
            return;
        }
        long base = va & -pageSize;
        int set = ((int) (va >>> LARGE_INDEX_SHIFT) & maskL) * waysL;
        int i = -1;
        for (int j = set; j < set + waysL; j++) {
            if (baseL[j] == base && sizeL[j] == pageSize) {
                i = j; // refresh the same page in place
            }
        }
        if (i < 0) {
            i = victim(baseL, INVALID_BASE, stampL, set, waysL, Long.MIN_VALUE);
        }
        if (baseL[i] == INVALID_BASE) {
            largeValid++;
        }
        baseL[i] = base;
        sizeL[i] = pageSize;
        frameL[i] = frame;
        rightsL[i] = (byte) rights;
        stampL[i] = ++clock;
        fills++;
    }

    /** An invalid way of the set, or the same tag, or the least recently used (an eviction). */
    private int victim(long[] tags, long invalid, long[] stamps, int base, int ways, long tag) {
        int lru = base;
        for (int i = base; i < base + ways; i++) {
            if (tags[i] == invalid || tags[i] == tag) {
                return i;
            }
            if (stamps[i] < stamps[lru]) {
                lru = i;
            }
        }
        evictions++;
        return lru;
    }

    /**
     * Rewrites the allowed-access bits (10:5) of every 4 KiB entry from its rights: {@code allowed[r]}
     * is what rights r allow now. The MMU calls this whenever the registers change, so an entry's bits
     * always match the current CR0.WP, CR4.SMEP/SMAP and RFLAGS.AC.
     */
    void recodeAllowed(int[] allowed) {
        for (int i = 0; i < e4k.length; i += SLOT) {
            long data = e4k[i + DATA];
            e4k[i + DATA] = (data & ~ALLOWED_MASK) | allowed[(int) (data & RIGHTS_MASK)];
        }
    }

    /** Drops the entry in {@code slot} (a #PF from a cached entry invalidates it). */
    void drop(int slot) {
        if ((slot & LARGE) == 0) {
            e4k[slot * SLOT + TAG] = INVALID_TAG;
        } else {
            invalidateLarge(slot & ~LARGE);
        }
    }

    /** INVLPG: every entry, global or not, whose page holds {@code va}. */
    void invalidatePage(long va) {
        invlpgs++;
        invalidateRange(va, 1);
    }

    /** Every entry overlapping {@code [va, va + length)} (unsigned, may wrap to the top). */
    void invalidateRange(long va, long length) {
        long last = va + length - 1;
        long firstVpn = va >>> PAGE_SHIFT;
        long pages = (last >>> PAGE_SHIFT) - firstVpn + 1;
        if (Long.compareUnsigned(last, va) >= 0 && pages < sets4k) {
            // a few pages (a heap's map or unmap): only their sets can hold them
            for (long vpn = firstVpn; vpn < firstVpn + pages; vpn++) {
                int front = ((int) vpn & mask4k) << SLOT_SHIFT;
                for (int i = front, end = front + ways4k * wayStride4k; i < end; i += wayStride4k) {
                    if (e4k[i + TAG] == vpn) {
                        e4k[i + TAG] = INVALID_TAG;
                    }
                }
            }
        } else {
            for (int i = 0; i < e4k.length; i += SLOT) {
                if (e4k[i + TAG] != INVALID_TAG && overlaps(e4k[i + TAG] << PAGE_SHIFT, 4096, va, last)) {
                    e4k[i + TAG] = INVALID_TAG;
                }
            }
        }
        for (int i = 0; largeValid != 0 && i < baseL.length; i++) {
            if (baseL[i] != INVALID_BASE && overlaps(baseL[i], sizeL[i], va, last)) {
                invalidateLarge(i);
            }
        }
    }

    private void invalidateLarge(int i) {
        if (baseL[i] != INVALID_BASE) {
            baseL[i] = INVALID_BASE;
            largeValid--;
        }
    }

    /** Entries hold canonical linear addresses, so a plain unsigned interval test does. */
    private static boolean overlaps(long base, long size, long va, long last) {
        return Long.compareUnsigned(base, last) <= 0 && Long.compareUnsigned(va, base + size - 1) <= 0;
    }

    /** CR3 load: drops every entry without G. */
    void flushNonGlobal() {
        flushes++;
        for (int i = 0; i < e4k.length; i += SLOT) {
            if ((e4k[i + DATA] & R_G) == 0) {
                e4k[i + TAG] = INVALID_TAG;
            }
        }
        for (int i = 0; i < baseL.length; i++) {
            if ((rightsL[i] & R_G) == 0) {
                invalidateLarge(i);
            }
        }
    }

    /** Drops everything, globals included. */
    void flushAll() {
        flushes++;
        for (int i = 0; i < e4k.length; i += SLOT) {
            e4k[i + TAG] = INVALID_TAG;
        }
        java.util.Arrays.fill(baseL, INVALID_BASE);
        largeValid = 0;
    }

    void resetStats() {
        hits = fills = evictions = invlpgs = flushes = 0;
    }

    TlbStats stats() {
        int used4k = 0;
        for (int i = 0; i < e4k.length; i += SLOT) {
            used4k += e4k[i + TAG] != INVALID_TAG ? 1 : 0;
        }
        int usedL = 0;
        for (long b : baseL) {
            usedL += b != INVALID_BASE ? 1 : 0;
        }
        return new TlbStats(hits, 0, fills, evictions, invlpgs, flushes, used4k, usedL);
    }

    /** The entry for {@code va}, described, or null. */
    TlbEntryInfo info(long va) {
        int slot = find(va);
        return slot < 0 ? null : info(slot);
    }

    TlbEntryInfo info(int slot) {
        if ((slot & LARGE) == 0) {
            long data = e4k[slot * SLOT + DATA];
            return describe(e4k[slot * SLOT + TAG] << PAGE_SHIFT, data & ~0xfffL, 4096, (int) (data & RIGHTS_MASK), false,
                    slot % sets4k, slot / sets4k);
        }
        int i = slot & ~LARGE;
        return describe(baseL[i], frameL[i], sizeL[i], rightsL[i], true, i / waysL, i % waysL);
    }

    private static TlbEntryInfo describe(long va, long frame, long size, int r, boolean large, int set, int way) {
        return new TlbEntryInfo(va, frame, size, rightsOf(r), (r & R_D) != 0, (r & R_G) != 0, large, set, way);
    }

    static Rights rightsOf(int r) {
        return new Rights((r & R_W) != 0, (r & R_X) != 0, (r & R_U) != 0, (r & R_G) != 0);
    }

    List<TlbEntryInfo> entries() {
        List<TlbEntryInfo> out = new ArrayList<>();
        for (int i = 0; i < e4k.length / SLOT; i++) {
            if (e4k[i * SLOT + TAG] != INVALID_TAG) {
                out.add(info(i));
            }
        }
        for (int i = 0; i < baseL.length; i++) {
            if (baseL[i] != INVALID_BASE) {
                out.add(info(i | LARGE));
            }
        }
        return out;
    }
}
