package memwb.views.heap;

import java.util.ArrayList;
import java.util.List;

import memwb.api.heap.HeapBlock;

/**
 * Lays a heap's blocks, in address order, into rows of {@code bytesPerRow} bytes, like lines of a
 * hex dump: each block is a header segment (header to payload) then a used or free segment (payload
 * to the next header), split where a row ends; a slab page is its metadata (a header segment) and
 * its header-less slots. Holes between blocks (a control page, or arenas
 * hundreds of MiB apart) are collapsed to a zero-length {@link Kind#GAP} mark, so the strip shows
 * blocks, not address space.
 */
final class HeapStrip {
    /** Rows are a multiple of the heap's alignment, so a block never straddles a row by a few bytes. */
    static final long ROW_ALIGN = 16;

    /** Segment kinds: a block's header, used or free payload, a slab slot used or free, a hole mark. */
    enum Kind { HEADER, USED, FREE, SLOT_USED, SLOT_FREE, GAP }

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

    /** The bytes the strip draws: every block's size (holes between blocks take none). */
    static long span(List<HeapBlock> blocks) {
        return blocks.stream().mapToLong(HeapBlock::size).sum();
    }

    /**
     * The segments of {@code blocks} (ascending, as {@code Heap.blocks()} returns them) in rows of
     * {@code bytesPerRow} bytes, packed end to end, with a GAP mark (block index of the block after it)
     * wherever a block does not start where the previous one ended.
     */
    static List<Segment> layout(List<HeapBlock> blocks, long bytesPerRow) {
        if (bytesPerRow < 1) {
            throw new IllegalArgumentException("bytesPerRow " + bytesPerRow + ": need at least 1");
        }
        List<Segment> out = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < blocks.size(); i++) {
            HeapBlock b = blocks.get(i);
            if (i > 0 && blocks.get(i - 1).end() != b.header()) {
                out.add(new Segment((int) (at / bytesPerRow), at % bytesPerRow, 0, Kind.GAP, i));
            }
            long header = b.payload() - b.header();
            add(out, at, header, Kind.HEADER, i, bytesPerRow);
            Kind body = b.kind() == HeapBlock.Kind.SLOT ? (b.free() ? Kind.SLOT_FREE : Kind.SLOT_USED) : b.free() ? Kind.FREE : Kind.USED;
            add(out, at + header, b.size() - header, body, i, bytesPerRow);
            at += b.size();
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
