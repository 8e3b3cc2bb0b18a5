package memwb.views.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The console's command history, as a shell keeps it: Up walks back from the newest line, Down
 * walks forward and past the newest gives an empty line. Blank lines and a repeat of the newest
 * line are not added. Bounded; plain Java.
 */
final class History {
    /** Lines kept; older ones are dropped. */
    static final int MAX_LINES = 500;

    private final List<String> lines = new ArrayList<>();
    /** Where Up/Down stand: lines.size() means "after the newest". */
    private int cursor;

    /** Records {@code line} and resets the walk to after the newest line. */
    void add(String line) {
        String l = line == null ? "" : line.strip();
        if (!l.isEmpty() && (lines.isEmpty() || !lines.get(lines.size() - 1).equals(l))) {
            lines.add(l);
            if (lines.size() > MAX_LINES) {
                lines.remove(0);
            }
        }
        cursor = lines.size();
    }

    /** The line before the current one (stays at the oldest); null if there is no history. */
    String up() {
        if (lines.isEmpty()) {
            return null;
        }
        cursor = Math.max(0, cursor - 1);
        return lines.get(cursor);
    }

    /** The line after the current one, or "" past the newest. */
    String down() {
        cursor = Math.min(lines.size(), cursor + 1);
        return cursor == lines.size() ? "" : lines.get(cursor);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
