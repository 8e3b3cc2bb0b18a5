package memwb.scenario.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import memwb.api.machine.Numbers;

/**
 * Argument and expectation values as scenarios write them: numbers as the console takes them
 * ({@link Numbers}), "$name" for a result an earlier step kept, optionally "+0x10" or "-0x10" after it.
 */
public final class Values {
    private static final Pattern REFERENCE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*(?:([+-])\\s*(\\S+))?");

    private Values() {
    }

    /**
     * The number {@code text} stands for; {@code what} names the field in errors.
     *
     * @throws IllegalArgumentException naming {@code what} for a non-number or an unknown "$name"
     */
    public static long number(String text, Map<String, Long> kept, String what) {
        String t = text.trim();
        Matcher m = REFERENCE.matcher(t);
        if (m.matches()) {
            Long base = kept.get(m.group(1));
            if (base == null) {
                throw new IllegalArgumentException(what + ": $" + m.group(1) + " holds no result (its step kept none)");
            }
            if (m.group(2) == null) {
                return base;
            }
            long offset = Numbers.parse(m.group(3), what);
            return m.group(2).equals("+") ? base + offset : base - offset;
        }
        if (t.startsWith("-")) {
            return -Numbers.parse(t.substring(1), what);
        }
        return Numbers.parse(t, what);
    }

    /**
     * {@code text} with each "$name" (and "$name+0x10") replaced by its value in hex, so an expected
     * error message can name a kept address.
     */
    public static String substitute(String text, Map<String, Long> kept, String what) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(hex(number(m.group(), kept, what))));
        }
        return m.appendTail(sb).toString();
    }

    /** {@code true} or {@code false}; anything else is an error naming {@code what}. */
    public static boolean bool(String text, String what) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(what + ": \"" + text + "\" is not true or false");
        };
    }

    /** {@code 0x} and the hex digits, as the report prints addresses. */
    public static String hex(long value) {
        return String.format(Locale.ROOT, "0x%x", value);
    }
}
