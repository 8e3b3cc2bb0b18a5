package memwb.views.heap;

import java.util.ArrayList;
import java.util.List;

import memwb.api.heap.HeapBlock;

/**
 * Lays a heap's blocks, in address order, into rows of {@code bytesPerRow} bytes, like lines of a
 * hex dump: each block is a header segment (header to payload) then a used or free segment (payload
 * to the next header), split where a row ends. Bytes between blocks (the control page) are left blank.
 */
final class HeapStrip {
    /** Rows are a multiple of the heap's alignment, so a block never straddles a row by a few bytes. */
    static final long ROW_ALIGN = 16;

    enum Kind { HEADER, USED, FREE }

    /** {@code length} bytes of block {@code block} drawn from byte {@code offset} of row {@code row}. */
    record Segment(int row, long offset, long length, Kind kind, int block) {
    }

    private HeapStrip() {
    }

    /** The smallest row width (a multiple of {@link #ROW_ALIGN}) that fits {@code span} bytes in {@code rows} rows. */
    static long bytesPerRow(long span, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows " + rows + ": need at least one");
        }
        long perRow = Math.max(1, (span + rows - 1) / rows);
        return (perRow + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
    }

    /** The bytes from the first block's header to the last block's end (0 with no blocks). */
    static long span(List<HeapBlock> blocks) {
        return blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end() - blocks.get(0).header();
    }

    /**
     * The segments of {@code blocks} (ascending, as {@code Heap.blocks()} returns them) in rows of
     * {@code bytesPerRow} bytes counted from the first block's header.
     */
    static List<Segment> layout(List<HeapBlock> blocks, long bytesPerRow) {
        if (bytesPerRow < 1) {
            throw new IllegalArgumentException("bytesPerRow " + bytesPerRow + ": need at least 1");
        }
        List<Segment> out = new ArrayList<>();
        if (blocks.isEmpty()) {
            return out;
        }
        long origin = blocks.get(0).header();
        for (int i = 0; i < blocks.size(); i++) {
            HeapBlock b = blocks.get(i);
            add(out, b.header() - origin, b.payload() - b.header(), Kind.HEADER, i, bytesPerRow);
            add(out, b.payload() - origin, b.end() - b.payload(), b.free() ? Kind.FREE : Kind.USED, i, bytesPerRow);
        }
        return out;
    }

    private static void add(List<Segment> out, long from, long length, Kind kind, int block, long bytesPerRow) {
        long at = from;
        long left = length;
        while (left > 0) {
            long inRow = at % bytesPerRow;
            long n = Math.min(left, bytesPerRow - inRow);
            out.add(new Segment((int) (at / bytesPerRow), inRow, n, kind, block));
            at += n;
            left -= n;
        }
    }

    /** The index of the block holding byte {@code offset} of row {@code row}, or -1. */
    static int blockAt(List<Segment> segments, int row, long offset) {
        for (Segment s : segments) {
            if (s.row() == row && offset >= s.offset() && offset < s.offset() + s.length()) {
                return s.block();
            }
        }
        return -1;
    }
}
