package memwb.heap.freelist;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import memwb.api.heap.HeapException;

/**
 * The free-list heap's options: {@code trim}, the bytes of free pages at the top of the heap that
 * make it give pages back to the VMM (glibc's M_TRIM_THRESHOLD). Unknown keys are errors.
 */
record FreeListOptions(long trim) {
    /** Default trim threshold: 64 KiB, sixteen pages. */
    static final long DEFAULT_TRIM = 64 * 1024;
    static final String TRIM = "trim";

    static final FreeListOptions DEFAULTS = new FreeListOptions(DEFAULT_TRIM);

    /**
     * The options in {@code map} (null means none).
     *
     * @throws HeapException naming {@code where} and the key for an unknown key or a bad value
     */
    static FreeListOptions parse(Map<String, String> map, long where) {
        if (map == null || map.isEmpty()) {
            return DEFAULTS;
        }
        TreeSet<String> unknown = new TreeSet<>(map.keySet());
        unknown.remove(TRIM);
        if (!unknown.isEmpty()) {
            throw new HeapException(where, "heap freelist: unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (known: " + TRIM + ")");
        }
        String text = map.get(TRIM);
        long trim;
        try {
            trim = text == null ? DEFAULT_TRIM : Long.decode(text.trim());
        } catch (NumberFormatException e) {
            throw new HeapException(where, String.format(Locale.ROOT,
                    "heap freelist: option trim=\"%s\" is not a number of bytes", text));
        }
        if (trim < Area.PAGE) {
            throw new HeapException(where, String.format(Locale.ROOT,
                    "heap freelist: option trim=%d must be at least one page (%d bytes)", trim, Area.PAGE));
        }
        return new FreeListOptions(trim);
    }
}
