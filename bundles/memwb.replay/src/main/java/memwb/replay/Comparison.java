package memwb.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Every trace of a directory against every heap: finding the traces, and the table and CSV of the results. */
public final class Comparison {
    static final String[] COLUMNS = {"trace", "heap", "ops", "peak_payload", "peak_extent", "util", "ops_per_s", "errors"};

    private Comparison() {
    }

    /** The {@code *.rep} and {@code *.rep.gz} files in {@code dir}, by name. @throws TraceException naming the directory if it cannot be listed or holds none */
    public static List<Path> traces(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".rep") || n.endsWith(".rep.gz"));
            }).sorted().toList();
            if (out.isEmpty()) {
                throw new TraceException(dir + ": no *.rep or *.rep.gz traces in this directory");
            }
            return out;
        } catch (IOException e) {
            throw new TraceException(dir + ": cannot list the directory: " + e.getMessage(), e);
        }
    }

    /** An aligned text table, one row per result, with a header row. */
    public static String table(List<ReplayResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (ReplayResult r : results) {
            rows.add(cells(r));
        }
        int[] width = new int[COLUMNS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                // Names left-aligned, figures right-aligned.
                String fmt = c < 2 ? "%-" + width[c] + "s" : "%" + width[c] + "s";
                sb.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, fmt, row[c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The same as CSV with a header line. */
    public static String csv(List<ReplayResult> results) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (ReplayResult r : results) {
            sb.append(String.join(",", cells(r))).append('\n');
        }
        return sb.toString();
    }

    private static String[] cells(ReplayResult r) {
        return new String[] {r.trace(), r.heap(), Long.toString(r.ops()), Long.toString(r.peakPayload()),
                Long.toString(r.peakExtent()), String.format(Locale.ROOT, "%.4f", r.util()), Long.toString(r.opsPerSec()),
                Long.toString(r.errors())};
    }
}
