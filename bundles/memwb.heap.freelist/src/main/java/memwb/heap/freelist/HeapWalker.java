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
        long top = area.end - Tags.WORD;
        for (long h = area.firstHeader; area.end != area.areaStart && h < top; ) {
            long tag = area.mem.read64(h);
            long size = Tags.size(tag);
            if (size < Tags.MIN_BLOCK || size > top - h) {
                break;
            }
            out.add(new HeapBlock(h, h + Tags.WORD, size, !Tags.allocated(tag)));
            h += size;
        }
        return out;
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

    HeapState exportState() {
        List<HeapState.LiveBlock> live = new ArrayList<>();
        for (HeapBlock b : blocks()) {
            if (!b.free()) {
                live.add(new HeapState.LiveBlock(b.payload(), b.size() - Tags.OVERHEAD));
            }
        }
        return new HeapState(FreeListHeap.NAME, live);
    }

    /** Why {@code va}, inside the block area and aligned, is no live block: the block it falls in, and how. */
    String whyNotLive(long va, String op) {
        for (HeapBlock b : blocks()) {
            if (Long.compareUnsigned(va, b.header()) >= 0 && Long.compareUnsigned(va, b.end()) < 0) {
                if (va == b.payload() && b.free()) {
                    return String.format(Locale.ROOT, "%s(0x%x): %s: the block at 0x%x (%d bytes) is free", op, va,
                            op.equals("free") ? "double free" : "block freed already", b.header(), b.size());
                }
                return String.format(Locale.ROOT, "%s(0x%x): not a block start: inside the %s block at 0x%x "
                        + "(payload 0x%x, %d bytes)%s", op, va, b.free() ? "free" : "live", b.header(), b.payload(),
                        b.size(), b.free() ? ", freed already or never allocated" : "");
            }
        }
        return String.format(Locale.ROOT, "%s(0x%x): not a block start: no block holds it", op, va);
    }

    private boolean inArea(long h) {
        return Long.compareUnsigned(h - area.firstHeader, area.end - area.firstHeader) < 0;
    }
}
