package memwb.vmm;

/** Page and range sizes in words, for messages. */
final class PagingSizes {
    static final long KIB = 1024;
    static final long MIB = KIB * 1024;
    static final long GIB = MIB * 1024;

    private PagingSizes() {
    }

    /** "4 KiB", "2 MiB", "1 GiB"; odd sizes in hex bytes. */
    static String name(long size) {
        if (size >= GIB && size % GIB == 0) {
            return size / GIB + " GiB";
        }
        if (size >= MIB && size % MIB == 0) {
            return size / MIB + " MiB";
        }
        if (size >= KIB && size % KIB == 0) {
            return size / KIB + " KiB";
        }
        return String.format("0x%x bytes", size);
    }
}
