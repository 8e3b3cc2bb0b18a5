package memwb.pfa.bytemap;

import java.util.Map;

/** Where {@code allocFrame} starts looking for a free bytemap entry. */
public enum SearchMode {
    /** The notes' kalloc_frame: scan from entry 0, so the lowest free frame is always returned. */
    FIRST_FIT("first-fit"),
    /** Resume just after the last frame handed out and wrap around once: skips the full low part. */
    NEXT_FIT("next-fit");

    /** The only option key this allocator knows. */
    public static final String OPTION = "search";

    private final String optionValue;

    SearchMode(String optionValue) {
        this.optionValue = optionValue;
    }

    /** The value users write, e.g. {@code search=next-fit}. */
    public String optionValue() {
        return optionValue;
    }

    /**
     * Reads the allocator's options: {@code search=first-fit|next-fit}, first-fit when absent.
     *
     * @throws IllegalArgumentException naming an unknown key or value
     */
    public static SearchMode fromOptions(Map<String, String> options) {
        SearchMode mode = FIRST_FIT;
        if (options == null) {
            return mode;
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!OPTION.equals(e.getKey())) {
                throw new IllegalArgumentException("unknown bytemap option '" + e.getKey() + "' (known: " + OPTION + ")");
            }
            mode = ofValue(e.getValue());
        }
        return mode;
    }

    private static SearchMode ofValue(String value) {
        for (SearchMode m : values()) {
            if (m.optionValue.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' for bytemap option " + OPTION
                + " (expected first-fit or next-fit)");
    }
}
