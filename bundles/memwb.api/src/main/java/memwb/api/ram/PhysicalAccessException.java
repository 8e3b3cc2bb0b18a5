package memwb.api.ram;

/** An access to a physical address that is not installed RAM (a hole or past the top). */
public class PhysicalAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long address;

    public PhysicalAccessException(long address, String message) {
        super(message);
        this.address = address;
    }

    /** The first offending physical address. */
    public long address() {
        return address;
    }
}
