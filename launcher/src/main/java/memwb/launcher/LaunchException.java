package memwb.launcher;

/** A launch that cannot go on; the message says what is wrong and what is known. */
public class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
