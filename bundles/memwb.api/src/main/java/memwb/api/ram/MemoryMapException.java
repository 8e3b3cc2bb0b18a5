package memwb.api.ram;

/** A memory map that cannot be read or used; names the source and line where it went wrong. */
public class MemoryMapException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;

    /** @param line 1-based line in {@code source}, or 0 when the problem is not on one line */
    public MemoryMapException(String source, int line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
