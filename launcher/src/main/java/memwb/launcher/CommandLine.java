package memwb.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gogo command lines: splits {@code "cmd1; cmd2"} into commands at top-level semicolons (not inside
 * quotes or brackets), and writes the commands {@code --run} and {@code --screenshots} execute.
 */
final class CommandLine {
    private CommandLine() {
    }

    /** {@code scenario 'FILE'}: what {@code --run FILE} executes (the path made absolute). */
    static String runScenario(Path file) {
        return "scenario " + quote(file.toAbsolutePath().normalize().toString());
    }

    /** {@code boot 'SPEC'; ui:screenshots 'DIR'}: what {@code --screenshots DIR [--boot SPEC]} executes. */
    static String screenshots(Path spec, Path dir) {
        return "boot " + quote(spec.toAbsolutePath().normalize().toString()) + "; ui:screenshots "
                + quote(dir.toAbsolutePath().normalize().toString());
    }

    /**
     * One Gogo argument holding {@code text} literally: single quotes (Gogo expands nothing inside
     * them), or double quotes with {@code \ " $} escaped when the text holds a single quote.
     */
    static String quote(String text) {
        if (text.indexOf('\'') < 0) {
            return "'" + text + "'";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '"' || c == '$') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
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
