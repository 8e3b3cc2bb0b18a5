package memwb.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Menu paths as a user types them ("Help/About", "Window/Show View/Bundles"): segments split on '/',
 * compared without mnemonics ('&amp;'), accelerator text (after a tab), trailing "..." and case.
 */
final class MenuPath {
    private MenuPath() {
    }

    /** The segments of {@code path}; IllegalArgumentException naming the path if one is empty. */
    static List<String> segments(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Empty menu path: give one like \"Help/About\"");
        }
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            String n = normalize(s);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("Empty segment in menu path \"" + path + "\"");
            }
            out.add(n);
        }
        return out;
    }

    /** The comparable form of a menu label: "E&amp;xit\tCtrl+Q" and "exit" both give "exit". */
    static String normalize(String label) {
        String s = label;
        int tab = s.indexOf('\t');
        if (tab >= 0) {
            s = s.substring(0, tab);
        }
        s = s.replace("&&", "\u0000").replace("&", "").replace('\u0000', '&').trim();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether the label matches the typed segment: equal, or the label starts with it ("about"). */
    static boolean matches(String label, String segment) {
        String n = normalize(label);
        return n.equals(segment) || n.startsWith(segment);
    }
}
