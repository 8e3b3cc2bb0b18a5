package memwb.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads the malloc-lab {@code .rep} format, plain or gzipped (told apart by gzip's magic bytes, not
 * the name): four header lines (suggested heap size, number of ids, number of operations, weight),
 * then {@code a ID SIZE}, {@code r ID SIZE}, {@code f ID}. Every problem is a {@link TraceException}
 * naming {@code file:line}: a bad header, an unknown operation, a bad number, a free or realloc of an
 * id that is not live, an alloc of a live id, or an operation count that differs from the header.
 */
public final class TraceReader {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final String[] HEADER = {"suggested heap size", "number of ids", "number of operations", "weight"};

    private TraceReader() {
    }

    /** The trace in {@code file}. @throws TraceException naming file:line for malformed content, or the file if it cannot be read */
    public static Trace read(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.rep$", "");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            return read(raw, file.toString(), name);
        } catch (IOException e) {
            throw new TraceException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a trace from {@code in} (plain or gzipped); {@code source} names it in errors. */
    public static Trace read(InputStream in, String source, String name) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream text = b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2 ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(text, StandardCharsets.US_ASCII), 1 << 16)) {
            return parse(r, source, name);
        }
    }

    private static Trace parse(BufferedReader r, String source, String name) throws IOException {
        long[] header = new long[HEADER.length];
        int line = 0;
        for (int i = 0; i < HEADER.length; i++) {
            String s = r.readLine();
            line++;
            if (s == null) {
                throw new TraceException(source + ":" + line + ": bad header: the file ends before the " + HEADER[i]);
            }
            try {
                header[i] = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new TraceException(source + ":" + line + ": bad header: " + HEADER[i] + " \"" + s.trim() + "\" is not a number");
            }
            if (header[i] < 0 || (i > 0 && i < 3 && header[i] > Integer.MAX_VALUE)) {
                throw new TraceException(source + ":" + line + ": bad header: " + HEADER[i] + " " + header[i] + " is out of range");
            }
        }
        int count = (int) header[2];
        byte[] kinds = new byte[count];
        int[] ids = new int[count];
        long[] sizes = new long[count];
        BitSet live = new BitSet();
        int op = 0;
        int maxId = -1;
        for (String s = r.readLine(); s != null; s = r.readLine()) {
            line++;
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            String at = source + ":" + line + ": ";
            if (op == count) {
                throw new TraceException(at + "more operations than the header's " + count);
            }
            String[] f = t.split("\\s+");
            char kind = f[0].length() == 1 ? f[0].charAt(0) : '?';
            int fields = kind == 'f' ? 2 : 3;
            if (kind != 'a' && kind != 'r' && kind != 'f') {
                throw new TraceException(at + "unknown operation \"" + f[0] + "\" (a ID SIZE, r ID SIZE or f ID)");
            }
            if (f.length != fields) {
                throw new TraceException(at + "\"" + t + "\": " + kind + " takes " + (fields - 1) + " number" + (fields == 2 ? "" : "s"));
            }
            int id = (int) number(f[1], "id", at, Integer.MAX_VALUE);
            long size = kind == 'f' ? 0 : number(f[2], "size", at, Long.MAX_VALUE);
            if (kind == 'a' && live.get(id)) {
                throw new TraceException(at + "alloc of id " + id + ", which is live already (not freed since its alloc)");
            }
            if (kind != 'a' && !live.get(id)) {
                throw new TraceException(at + (kind == 'f' ? "free" : "realloc") + " of id " + id + ", which is not live (never allocated, or freed already)");
            }
            if (kind == 'a') {
                live.set(id);
            } else if (kind == 'f') {
                live.clear(id);
            }
            kinds[op] = (byte) kind;
            ids[op] = id;
            sizes[op] = size;
            maxId = Math.max(maxId, id);
            op++;
        }
        if (op != count) {
            throw new TraceException(source + ":" + line + ": the header announces " + count + " operations but the file has " + op);
        }
        return new Trace(name, header[0], (int) header[1], header[3], kinds, ids, sizes, maxId);
    }

    private static long number(String text, String what, String at, long max) {
        try {
            long v = Long.parseLong(text);
            if (v < 0 || v > max) {
                throw new TraceException(at + "bad " + what + " " + text + ": out of range");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TraceException(at + "bad " + what + " \"" + text + "\": not a number");
        }
    }

    /** For tests: the operations as text lines, to compare two reads. */
    static String dump(Trace t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.ops(); i++) {
            sb.append((char) t.kind(i)).append(' ').append(t.id(i)).append(' ').append(t.size(i)).append('\n');
        }
        return sb.toString() + Arrays.toString(new long[] {t.suggestedHeap(), t.idCount(), t.weight()});
    }
}
