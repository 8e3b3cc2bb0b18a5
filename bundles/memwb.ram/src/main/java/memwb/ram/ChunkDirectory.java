package memwb.ram;

/**
 * Finds the chunk backing a chunk index (address / CHUNK_SIZE) in a three-level radix tree of 4096-way
 * tables: 36 bits of chunk index cover the 2^52-byte address space, and only tables over touched
 * memory exist. A lookup is three array loads, with no hashing or boxing.
 */
final class ChunkDirectory {
    private static final int LEVEL_BITS = 12;
    private static final int FANOUT = 1 << LEVEL_BITS;
    private static final int LEVEL_MASK = FANOUT - 1;

    private final Chunk[][][] top;
    private int tables;

    /** A directory for chunk indexes below {@code chunkLimit}. */
    ChunkDirectory(long chunkLimit) {
        top = new Chunk[(int) ((Math.max(chunkLimit, 1) - 1) >>> (2 * LEVEL_BITS)) + 1][][];
    }

    /** The chunk at {@code index}, or null if that chunk was never written. The index must be below the limit. */
    Chunk get(long index) {
        Chunk[][] mid = top[(int) (index >>> (2 * LEVEL_BITS))];
        if (mid == null) {
            return null;
        }
        Chunk[] leaf = mid[(int) (index >>> LEVEL_BITS) & LEVEL_MASK];
        return leaf == null ? null : leaf[(int) index & LEVEL_MASK];
    }

    /** Stores {@code chunk} at {@code index}, creating the tables on the way. */
    void put(long index, Chunk chunk) {
        int t = (int) (index >>> (2 * LEVEL_BITS));
        if (top[t] == null) {
            top[t] = new Chunk[FANOUT][];
            tables++;
        }
        int m = (int) (index >>> LEVEL_BITS) & LEVEL_MASK;
        if (top[t][m] == null) {
            top[t][m] = new Chunk[FANOUT];
            tables++;
        }
        top[t][m][(int) index & LEVEL_MASK] = chunk;
    }

    /** Heap bytes of the tables (not the chunks), counting 16-byte array headers and 8-byte references. */
    long tableBytes() {
        return arrayBytes(top.length) + (long) tables * arrayBytes(FANOUT);
    }

    private static long arrayBytes(int references) {
        return 16 + 8L * references;
    }
}
