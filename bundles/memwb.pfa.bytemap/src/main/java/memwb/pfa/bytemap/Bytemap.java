package memwb.pfa.bytemap;

import memwb.api.ram.PhysicalMemory;

/**
 * The notes' bytemap pointer: {@code length} one-byte entries at {@code base} in emulated RAM.
 * Reads and writes go to RAM every time; scans read eight entries per {@code read64}.
 */
final class Bytemap {
    static final byte FREE = 0;
    static final byte ALLOCATED = 1;
    static final byte RESERVED = 2;
    /** The haszero trick: a word has a zero byte iff (w - ONES) & ~w & HIGHS != 0. */
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final int WORD_BYTES = 8;

    private final PhysicalMemory ram;
    private final long base;
    private final int length;

    /** @param base frame aligned, so entry i is word aligned whenever i is */
    Bytemap(PhysicalMemory ram, long base, int length) {
        this.ram = ram;
        this.base = base;
        this.length = length;
    }

    long base() {
        return base;
    }

    int length() {
        return length;
    }

    int get(long i) {
        return ram.read8(base + i);
    }

    void set(long i, long count, byte code) {
        if (count == 1) {
            ram.write8(base + i, code);
        } else {
            ram.fill(base + i, count, code);
        }
    }

    /** Copies entries [from, from + len) into {@code dst[offset..]}. */
    void read(int from, byte[] dst, int offset, int len) {
        ram.read(base + from, dst, offset, len);
    }

    /** The first free entry in [from, to), or -1. */
    long firstFree(long from, long to) {
        long i = from;
        for (; i < to && (i & (WORD_BYTES - 1)) != 0; i++) {
            if (get(i) == FREE) {
                return i;
            }
        }
        for (; i + WORD_BYTES <= to; i += WORD_BYTES) {
            long w = ram.read64(base + i);
            long zeroBytes = (w - ONES) & ~w & HIGHS;
            if (zeroBytes != 0) {
                // Little-endian: the lowest flagged byte is the lowest entry (false flags only sit above a true one).
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (get(i) == FREE) {
                return i;
            }
        }
        return -1;
    }

    /** The first entry in [from, to) that is not free, or {@code to}. */
    long firstNonFree(long from, long to) {
        long i = from;
        for (; i < to && (i & (WORD_BYTES - 1)) != 0; i++) {
            if (get(i) != FREE) {
                return i;
            }
        }
        for (; i + WORD_BYTES <= to; i += WORD_BYTES) {
            long w = ram.read64(base + i);
            if (w != 0) {
                return i + (Long.numberOfTrailingZeros(w) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (get(i) != FREE) {
                return i;
            }
        }
        return to;
    }
}
