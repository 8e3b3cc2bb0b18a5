package memwb.api.machine;

/** A machine that cannot be booted or an operation it refuses; the message names file, field, line. */
public class MachineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MachineException(String message) {
        super(message);
    }

    public MachineException(String message, Throwable cause) {
        super(message, cause);
    }
}
