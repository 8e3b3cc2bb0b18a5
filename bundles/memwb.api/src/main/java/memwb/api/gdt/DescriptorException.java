package memwb.api.gdt;

/** A descriptor or table that cannot be encoded, decoded or parsed; the message says why. */
public class DescriptorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DescriptorException(String message) {
        super(message);
    }
}
