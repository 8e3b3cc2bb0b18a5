package memwb.api.pfa;

/** A refused frame operation (double free, misaligned, reserved, out of range); names the address. */
public class FrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long address;

    public FrameException(long address, String message) {
        super(message);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
