package memwb.vmm;

/** Page and range sizes in words, for messages. */
final class PagingSizes {
    static final long KIB = 1024;

    private PagingSizes() {
    }

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** "4 KiB", "2 MiB", "1 GiB", "1 TiB"; sizes that are no whole unit in hex bytes. */
    static String name(long size) {
        if (size <= 0 || size % KIB != 0) {
            return String.format("0x%x bytes", size);
        }
        long v = size / KIB;
        int u = 0;
        while (u < UNITS.length - 1 && v % KIB == 0) {
            v /= KIB;
            u++;
        }
        return v + " " + UNITS[u];
    }
}
