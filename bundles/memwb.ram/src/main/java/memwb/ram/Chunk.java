package memwb.ram;

import memwb.api.ram.PhysicalMemory;

/** One CHUNK_SIZE piece of backed RAM and the version of its last write. */
final class Chunk {
    /** An empty cache entry: its base is not chunk-aligned, so no address ever matches it. */
    static final Chunk NONE = new Chunk(-1, false, new byte[0]);

    final long base;
    /** True if every byte of the chunk is installed, so accesses inside it need no map check. */
    final boolean fullyInstalled;
    final byte[] bytes;
    /** The RAM's version after the last write into this chunk. */
    long writtenAt;

    Chunk(long base, boolean fullyInstalled) {
        this(base, fullyInstalled, new byte[PhysicalMemory.CHUNK_SIZE]);
    }

    private Chunk(long base, boolean fullyInstalled, byte[] bytes) {
        this.base = base;
        this.fullyInstalled = fullyInstalled;
        this.bytes = bytes;
    }
}
