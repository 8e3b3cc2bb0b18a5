package memwb.replay;

/**
 * How the replayer reaches the bytes of a block: through translation, e.g. {@code Mmu.readVirtual}
 * and {@code writeVirtual} as supervisor, or the heap's {@code HeapMemory}.
 */
public interface PayloadAccess {
    void write(long va, byte[] src, int offset, int length);

    void read(long va, byte[] dst, int offset, int length);
}
