package memwb.views.paging;

/** Page and range sizes in words: "4 KiB", "2 MiB", "1 GiB", "512 GiB". */
final class Sizes {
    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    private static final int SHIFT_PER_UNIT = 10;

    private Sizes() {
    }

    /** The size in the largest binary unit that divides it exactly. */
    static String name(long bytes) {
        int unit = 0;
        long v = bytes;
        while (unit < UNITS.length - 1 && v != 0 && (v & ((1L << SHIFT_PER_UNIT) - 1)) == 0) {
            v >>>= SHIFT_PER_UNIT;
            unit++;
        }
        return Long.toUnsignedString(v) + " " + UNITS[unit];
    }
}
