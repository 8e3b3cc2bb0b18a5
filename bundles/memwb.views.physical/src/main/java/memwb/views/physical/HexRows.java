package memwb.views.physical;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Hex view's virtual row model: row i shows the 16 bytes at {@code base + i * 16}, read only
 * when asked (SWT.VIRTUAL asks for visible rows), so any size works. It remembers what each row
 * showed at the last {@link #refresh}, so bytes changed since then can be highlighted.
 */
final class HexRows {
    static final int BYTES_PER_ROW = 16;
    /**
     * Rows in one window (1 MiB): GTK keeps a row object even for a virtual table's unread rows, so
     * a window of all 128 MiB (8 Mi rows) took the UI thread a minute; scrolling near either end
     * slides the window instead (HexWindow).
     */
    static final int MAX_ROWS = 1 << 16;

    /** One row as shown: texts per column and which byte columns changed since the last refresh. */
    record Row(long address, String addressText, String[] hex, String ascii, boolean[] changed, String problem) {
    }

    private final ByteSource source;
    private final long base;
    private final Map<Long, byte[]> lastShown = new HashMap<>();
    private Map<Long, byte[]> previous = Map.of();

    HexRows(ByteSource source, long base) {
        this.source = source;
        this.base = base & -BYTES_PER_ROW;
    }

    /**
     * The same source's rows from {@code newBase}, keeping what was shown and the last refresh's
     * bytes (both keyed by address), so a slid window still highlights what changed.
     */
    synchronized HexRows at(long newBase) {
        HexRows moved = new HexRows(source, newBase);
        // Only rows inside the new window: scrolling through 2^64 bytes must not keep every row seen.
        lastShown.forEach((a, b) -> {
            if (moved.rowOf(a) >= 0) {
                moved.lastShown.put(a, b);
            }
        });
        Map<Long, byte[]> before = new HashMap<>();
        previous.forEach((a, b) -> {
            if (moved.rowOf(a) >= 0) {
                before.put(a, b);
            }
        });
        moved.previous = before;
        return moved;
    }

    long base() {
        return base;
    }

    ByteSource source() {
        return source;
    }

    /**
     * How many rows from base to the end of the space (capped at MAX_ROWS). Addresses are unsigned:
     * a virtual space ending at 2^64 has end 0, and kernel addresses are "negative" longs.
     */
    int rowCount() {
        long bytes = source.end() - base;
        long rows = Long.divideUnsigned(bytes, BYTES_PER_ROW) + (bytes % BYTES_PER_ROW != 0 ? 1 : 0);
        return Long.compareUnsigned(rows, MAX_ROWS) > 0 ? MAX_ROWS : (int) rows;
    }

    /** The row holding {@code address}, or -1 if it is outside the rows. */
    int rowOf(long address) {
        long r = Long.divideUnsigned(address - base, BYTES_PER_ROW);
        return Long.compareUnsigned(r, rowCount()) >= 0 ? -1 : (int) r;
    }

    /** A window of rows that shows {@code address}: starting half a window before it, within the space. */
    static long windowBase(long address, long spaceEnd) {
        return HexWindow.addressOf(HexWindow.startFor(address, MAX_ROWS, HexWindow.spaceRows(spaceEnd)));
    }

    long addressOf(int row) {
        return base + (long) row * BYTES_PER_ROW;
    }

    /** Starts a new "since the last refresh": bytes differing from what rows show now are marked changed. */
    synchronized void refresh() {
        previous = new HashMap<>(lastShown);
        lastShown.clear();
    }

    /** Reads and formats row {@code row}. */
    synchronized Row row(int row) {
        long address = addressOf(row);
        byte[] bytes = new byte[BYTES_PER_ROW];
        boolean[] ok = new boolean[BYTES_PER_ROW];
        String problem = source.read(address, bytes, ok);
        byte[] before = previous.get(address);
        String[] hex = new String[BYTES_PER_ROW];
        boolean[] changed = new boolean[BYTES_PER_ROW];
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < BYTES_PER_ROW; i++) {
            int b = bytes[i] & 0xff;
            hex[i] = ok[i] ? String.format(Locale.ROOT, "%02x", b) : "--";
            changed[i] = ok[i] && before != null && before[i] != bytes[i];
            ascii.append(!ok[i] ? ' ' : b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        lastShown.put(address, bytes);
        return new Row(address, String.format(Locale.ROOT, "0x%016x", address), hex, ascii.toString(), changed, problem);
    }

    /**
     * Parses what the user typed into a byte cell or a run of cells: hex byte values separated by
     * spaces ("4f", "de ad be ef"). Throws naming the address and the bad text.
     */
    static byte[] parseBytes(String text, long address) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(String.format("at 0x%x: empty value, expected hex bytes such as 4f or de ad", address));
        }
        String[] parts = t.split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException(String.format(
                        "at 0x%x: \"%s\" is not a byte (one or two hex digits 0-9 a-f)", address + i, p));
            }
            out[i] = (byte) Integer.parseInt(p, 16);
        }
        return out;
    }
}
