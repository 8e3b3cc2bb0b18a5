package memwb.launcher;

import java.util.ArrayList;
import java.util.List;

/** Splits {@code "cmd1; cmd2"} into commands at top-level semicolons (not inside quotes or brackets). */
final class CommandLine {
    private CommandLine() {
    }

    static List<String> split(String line) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < line.length()) {
                    current.append(c).append(line.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if ((c == ';' || c == '\n') && depth == 0) {
                add(commands, current);
                continue;
            }
            current.append(c);
        }
        add(commands, current);
        return commands;
    }

    private static void add(List<String> commands, StringBuilder current) {
        String cmd = current.toString().trim();
        if (!cmd.isEmpty()) {
            commands.add(cmd);
        }
        current.setLength(0);
    }
}
