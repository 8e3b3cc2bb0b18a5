package memwb.api.heap;

/** Heap misuse (double free, foreign pointer, realloc of a freed block), naming the address. */
public class HeapException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long address;

    public HeapException(long address, String message) {
        super(message);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
