package memwb.api.vmm;

/**
 * A refused VMM operation (misaligned or non-canonical address, overlap, nothing mapped, out of
 * frames, a corrupt image). The message names the value; {@link #address()} is the linear or
 * physical address concerned, or -1. A refused operation changes nothing.
 */
public class VmmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long address;

    public VmmException(long address, String message) {
        super(message);
        this.address = address;
    }

    public VmmException(long address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
