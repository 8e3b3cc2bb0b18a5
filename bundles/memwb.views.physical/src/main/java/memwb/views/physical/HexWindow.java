package memwb.views.physical;

/**
 * Where the Hex table's window of rows sits in a space of any size, in rows of
 * {@link HexRows#BYTES_PER_ROW} bytes. The table holds only one window (GTK keeps an object per row
 * even for unread virtual rows); scrolling near either end of it slides the window so the rows the
 * user sees stay where they are. Row numbers are longs: a space ending at 2^64 has 2^60 rows, so
 * every row number fits and compares signed.
 */
final class HexWindow {
    /** Rows in a space ending at 2^64 (end 0, unsigned). */
    static final long ROWS_IN_2_TO_64 = 1L << 60;
    private static final int ROW_SHIFT = Integer.numberOfTrailingZeros(HexRows.BYTES_PER_ROW);

    private HexWindow() {
    }

    /** How a slide moved the window: its new first row, and by how many rows every index shifts. */
    record Slide(long startRow, long shift) {
        /** The index in the new window of the row at {@code index} in the old one, or -1 if it fell out. */
        int map(int index, int windowRows) {
            long moved = index - shift;
            return index < 0 || moved < 0 || moved >= windowRows ? -1 : (int) moved;
        }
    }

    /** Rows from address 0 up to {@code end} (unsigned; 0 means 2^64), a partial last row counted. */
    static long spaceRows(long end) {
        if (end == 0) {
            return ROWS_IN_2_TO_64;
        }
        return (end >>> ROW_SHIFT) + ((end & (HexRows.BYTES_PER_ROW - 1)) != 0 ? 1 : 0);
    }

    /** The row holding {@code address} (unsigned). */
    static long rowOf(long address) {
        return address >>> ROW_SHIFT;
    }

    /** The first address of row {@code row}. */
    static long addressOf(long row) {
        return row << ROW_SHIFT;
    }

    /**
     * The first row of a window of {@code windowRows} rows that shows {@code address}: half a window
     * before it, clamped so the window stays inside the space's {@code spaceRows} rows.
     */
    static long startFor(long address, int windowRows, long spaceRows) {
        checkSizes(windowRows, spaceRows);
        return clamp(rowOf(address) - windowRows / 2, windowRows, spaceRows);
    }

    /**
     * The slide that keeps the rows on screen where they are when the table's top visible row
     * {@code top} (index in the window starting at {@code startRow}) comes within a screenful
     * ({@code screenRows}) of either end of the window: the window is recentred on the visible rows,
     * never past the start or end of the space. Null when no slide is needed or possible.
     */
    static Slide slide(long startRow, int windowRows, long spaceRows, int top, int screenRows) {
        checkSizes(windowRows, spaceRows);
        if (startRow < 0 || startRow > Math.max(0, spaceRows - windowRows)) {
            throw new IllegalArgumentException(String.format("window start row 0x%x (address 0x%x) is outside the space's 0x%x rows",
                    startRow, addressOf(startRow), spaceRows));
        }
        if (top < 0 || top >= windowRows) {
            throw new IllegalArgumentException("top row " + top + " is outside the window's " + windowRows + " rows");
        }
        if (screenRows <= 0) {
            throw new IllegalArgumentException("screenful of " + screenRows + " rows: must be at least 1");
        }
        boolean nearStart = top < screenRows;
        boolean nearEnd = windowRows - (top + screenRows) < screenRows;
        if (!nearStart && !nearEnd) {
            return null;
        }
        long centred = clamp(startRow + top + screenRows / 2 - windowRows / 2, windowRows, spaceRows);
        return centred == startRow ? null : new Slide(centred, centred - startRow);
    }

    private static long clamp(long startRow, int windowRows, long spaceRows) {
        long last = Math.max(0, spaceRows - windowRows);
        return Math.max(0, Math.min(startRow, last));
    }

    private static void checkSizes(int windowRows, long spaceRows) {
        if (windowRows <= 0) {
            throw new IllegalArgumentException("window of " + windowRows + " rows: must be at least 1");
        }
        if (spaceRows <= 0 || spaceRows > ROWS_IN_2_TO_64) {
            throw new IllegalArgumentException(String.format("space of 0x%x rows: must be 1 to 2^60 (2^64 bytes)", spaceRows));
        }
    }
}
