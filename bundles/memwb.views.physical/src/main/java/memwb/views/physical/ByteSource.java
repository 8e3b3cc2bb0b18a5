package memwb.views.physical;

/**
 * Bytes the Hex view shows: physical RAM or a linear address space. A read fills what it can and
 * says why the rest could not be read; a write is all or nothing and throws naming the address.
 */
interface ByteSource {
    /** One past the last address (the top of RAM, or of the linear space). */
    long end();

    /** "physical" or "virtual". */
    String space();

    /**
     * Reads {@code dst.length} bytes from {@code address}; {@code readable[i]} says whether byte i
     * could be read. Returns null, or the reason the first unreadable byte could not be read.
     */
    String read(long address, byte[] dst, boolean[] readable);

    /** Writes {@code bytes} at {@code address}, or throws naming the address and why; nothing is written then. */
    void write(long address, byte[] bytes);
}
