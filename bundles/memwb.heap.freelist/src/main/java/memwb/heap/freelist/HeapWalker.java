package memwb.heap.freelist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import memwb.api.heap.FreeList;
import memwb.api.heap.HeapBlock;
import memwb.api.heap.HeapState;

/** Reads the heap as RAM holds it, block by block and list by list: for views, export and error messages. */
final class HeapWalker {
    private final Area area;

    HeapWalker(Area area) {
        this.area = area;
    }

    /** Every block in address order, stopping at the first header that cannot be a block (check() says why). */
    List<HeapBlock> blocks() {
        List<HeapBlock> out = new ArrayList<>();
        walk((h, tag) -> out.add(new HeapBlock(h, h + Tags.WORD, Tags.size(tag), !Tags.allocated(tag))));
        return out;
    }

    /** The holes (adopted unmapped space) as {header, end}, ascending. */
    List<long[]> holes() {
        List<long[]> out = new ArrayList<>();
        walk((h, tag) -> {
            if (Tags.hole(tag)) {
                out.add(new long[] {h, h + Tags.size(tag)});
            }
        });
        return out;
    }

    /** What {@link #walk} hands each block: its header address and tag. */
    interface BlockVisitor {
        void block(long h, long tag);
    }

    /** Visits every block in address order, stopping at the first header that cannot be a block. */
    void walk(BlockVisitor visitor) {
        long top = area.end - Tags.WORD;
        for (long h = area.firstHeader; area.end != area.areaStart && h < top; ) {
            long tag = area.mem.read64(h);
            long size = Tags.size(tag);
            if (size < Tags.MIN_BLOCK || size > top - h) {
                break;
            }
            visitor.block(h, tag);
            h += size;
        }
    }

    /** The non-empty bins in bin order, each list followed through the links in RAM (cycles cut). */
    List<FreeList> freeLists() {
        List<FreeList> out = new ArrayList<>();
        for (int bin = 0; bin < Bins.COUNT; bin++) {
            long h = area.bins.headInRam(bin);
            if (h == 0) {
                continue;
            }
            List<Long> members = new ArrayList<>();
            for (long n = 0; h != 0 && n <= area.freeBlocks && inArea(h); n++) {
                members.add(h);
                h = area.mem.read64(h + Tags.NEXT);
            }
            out.add(new FreeList(Bins.name(bin), members));
        }
        return out;
    }

    /** The live blocks (holes are not blocks anyone allocated). */
    HeapState exportState() {
        List<HeapState.LiveBlock> live = new ArrayList<>();
        walk((h, tag) -> {
            if (Tags.allocated(tag) && !Tags.hole(tag)) {
                live.add(new HeapState.LiveBlock(h + Tags.WORD, Tags.size(tag) - Tags.overhead(tag)));
            }
        });
        return new HeapState(FreeListHeap.NAME, live);
    }

    /** Why {@code va}, inside the block area and aligned, is no live block: the block it falls in, and how. */
    String whyNotLive(long va, String op) {
        String[] why = {null};
        walk((h, tag) -> {
            long size = Tags.size(tag);
            if (why[0] != null || Long.compareUnsigned(va - h, size) >= 0) {
                return;
            }
            boolean free = !Tags.allocated(tag);
            if (Tags.hole(tag)) {
                why[0] = String.format(Locale.ROOT, "%s(0x%x): not a block start: inside the hole 0x%x-0x%x (space "
                        + "another heap left unmapped)", op, va, h, h + size);
            } else if (va == h + Tags.WORD && free) {
                why[0] = String.format(Locale.ROOT, "%s(0x%x): %s: the block at 0x%x (%d bytes) is free", op, va,
                        op.equals("free") ? "double free" : "block freed already", h, size);
            } else {
                why[0] = String.format(Locale.ROOT, "%s(0x%x): not a block start: inside the %s block at 0x%x "
                        + "(payload 0x%x, %d bytes)%s", op, va, free ? "free" : "live", h, h + Tags.WORD, size,
                        free ? ", freed already or never allocated" : "");
            }
        });
        return why[0] != null ? why[0]
                : String.format(Locale.ROOT, "%s(0x%x): not a block start: no block holds it", op, va);
    }

    private boolean inArea(long h) {
        return Long.compareUnsigned(h - area.firstHeader, area.end - area.firstHeader) < 0;
    }
}
