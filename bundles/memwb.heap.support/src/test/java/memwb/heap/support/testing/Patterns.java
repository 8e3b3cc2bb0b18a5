package memwb.heap.support.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import memwb.api.heap.HeapMemory;

/** Recognisable block contents for heap tests: a byte stream from a seed, so a block's prefix keeps its pattern. */
public final class Patterns {
    private Patterns() {
    }

    /** Writes the pattern of {@code seed} into {@code length} bytes at {@code va}. */
    public static void fill(HeapMemory mem, long va, int length, long seed) {
        mem.write(va, of(length, seed), 0, length);
    }

    /** Fails naming the block unless {@code length} bytes at {@code va} hold the pattern of {@code seed}. */
    public static void check(HeapMemory mem, long va, int length, long seed) {
        byte[] got = new byte[length];
        mem.read(va, got, 0, length);
        assertArrayEquals(of(length, seed), got, String.format("block 0x%x lost its bytes", va));
    }

    /** The first {@code length} bytes of the pattern of {@code seed} (xorshift). */
    public static byte[] of(int length, long seed) {
        byte[] b = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }
}
