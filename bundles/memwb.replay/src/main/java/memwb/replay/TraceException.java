package memwb.replay;

/** A malformed trace: the message names the file and line ({@code file:line: what}). */
public class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceException(String message) {
        super(message);
    }

    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
