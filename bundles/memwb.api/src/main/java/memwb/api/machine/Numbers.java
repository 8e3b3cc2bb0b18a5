package memwb.api.machine;

import java.util.Locale;

/**
 * Addresses and sizes as people type them: {@code 0x1000}, {@code 4096}, {@code 128M}, {@code 4G},
 * {@code 0x7ffe_0000}. Suffixes K, M, G, T are binary (KiB ...). Used by the machine spec, the
 * console and scenarios alike so they all accept the same spellings.
 */
public final class Numbers {
    private Numbers() {
    }

    /**
     * Parses {@code text}; {@code what} names the value in the error (a field, an argument).
     *
     * @throws IllegalArgumentException naming {@code what} and the text if it is not a number
     */
    public static long parse(String text, String what) {
        String t = text == null ? "" : text.trim().replace("_", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException(what + ": empty, expected a number such as 0x1000, 4096 or 128M");
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            long shift = switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
            String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
            long value = Long.parseLong(digits);
            if (value < 0 || (shift > 0 && value > (Long.MAX_VALUE >> shift))) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": \"" + text + "\" is not a number (use 0x1000, 4096, 128M or 4G)");
        }
    }

    /** {@code 0x} and 16 hex digits, as QEMU and Linux print physical addresses. */
    public static String hex16(long value) {
        return String.format(Locale.ROOT, "0x%016x", value);
    }

    /** A size for people: 4 KiB, 128 MiB, 1.5 GiB, 1234 B. */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : (v == Math.rint(v) ? String.format(Locale.ROOT, "%d %s", (long) v, units[u])
                : String.format(Locale.ROOT, "%.1f %s", v, units[u]));
    }
}
